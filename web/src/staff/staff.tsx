/**
 * The staff side, loaded only when opened: every customer's orders with filters, and one order's
 * audit trail and SMS, with the status changes. Each screen is a file of its own (staff-orders.tsx,
 * staff-order.tsx); this module only guards the side and picks the screen.
 */
import { useI18n } from "../i18n/i18n.js";
import { match } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert } from "../ui.js";
import { StaffOrderPage } from "./staff-order.js";
import { StaffOrders } from "./staff-orders.js";
import { StaffProductPage, StaffProducts } from "./products.js";
import { Today } from "./today.js";

export default function Staff({ path }: { path: string }) {
  const { staff } = useSession();
  if (!staff) return <StaffOnly />;
  if (path === "/staff/today") return <Today date={undefined} />;
  if (path === "/staff/products") return <StaffProducts />;
  const product = match("/staff/products/:id", path)?.id;
  if (product) return <StaffProductPage id={product} />;
  const day = match("/staff/today/:date", path)?.date;
  if (day) return <Today date={day} />;
  const number = match("/staff/orders/:number", path)?.number;
  return number ? <StaffOrderPage number={number.toUpperCase()} /> : <StaffOrders />;
}

function StaffOnly() {
  const { t } = useI18n();
  usePageTitle(t.staff.onlyTitle);
  return (
    <section class="card narrow" aria-labelledby="staff-only-title">
      <h1 id="staff-only-title">{t.staff.onlyTitle}</h1>
      <Alert>{t.staff.onlyText}</Alert>
      <p>
        <a href="#/orders">{t.staff.backToOrders}</a>
      </p>
    </section>
  );
}
