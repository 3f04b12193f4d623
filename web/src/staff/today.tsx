/**
 * The shop's day for staff (#/staff/today, or #/staff/today/<YYYY-MM-DD> for another day): the
 * daily report as the API computes it on the shop's calendar, the day before and after a click away,
 * and the day's orders as a CSV file (the API's export, fetched with the staff member's token).
 */
import { unwrap, type DailyReport } from "@customer-orders/client";
import { useLoad } from "../hooks/use-load.js";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Loading, ProblemAlert } from "../ui.js";

/** A calendar day next to `day` (YYYY-MM-DD), counted in UTC so no time zone shifts it. */
function dayAfter(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function Today({ date }: { date: string | undefined }) {
  const { api, services } = useSession();
  const { t, money } = useI18n();
  usePageTitle(t.today.title);
  const download = useSubmit();
  const report = useLoad(
    async (signal): Promise<DailyReport> =>
      unwrap(await api.api.GET("/staff/reports/daily/", { params: { query: date ? { date } : {} }, signal })),
    [date],
  );
  const day = report.data;

  const downloadCsv = (from: string) =>
    download.submit(async () => {
      const token = await services.auth.currentUser?.getIdToken();
      const query = new URLSearchParams({ from, to: from });
      const response = await fetch(`/api/staff/orders.csv?${query.toString()}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw new Error(t.today.csvFailed);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = `orders-${from}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    });

  return (
    <section class="card" aria-labelledby="today-title">
      <h1 id="today-title">{day ? t.today.heading(day.date, day.running) : t.today.title}</h1>
      <ProblemAlert error={report.error ?? download.error} />
      {report.loading && !day && <Loading>{t.frame.loading}</Loading>}
      {day && (
        <>
          <nav class="pager" aria-label={t.today.days}>
            <a href={`#/staff/today/${dayAfter(day.date, -1)}`}>{t.today.previous}</a>
            {!day.running && <a href={`#/staff/today/${dayAfter(day.date, 1)}`}>{t.today.next}</a>}
          </nav>
          {day.running && <p class="hint">{t.today.running}</p>}
          {/* A busy day's figures and long product names scroll inside the card on a phone. */}
          <div class="table-wrap" role="region" aria-label={t.today.orders} tabIndex={0}>
            <table class="lines">
              <caption>{t.today.orders}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.today.what}</th>
                  <th scope="col">{t.today.count}</th>
                  <th scope="col">{t.today.amount}</th>
                </tr>
              </thead>
              <tbody>
                {(["placed", "completed", "canceled", "pending"] as const).map((kind) => (
                  <tr key={kind}>
                    <th scope="row">{t.today.kinds[kind]}</th>
                    <td id={`today-${kind}-count`}>{day.orders[kind].count}</td>
                    <td class="money">{money(day.orders[kind].amount, day.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {day.products.length > 0 && (
            <div class="table-wrap" role="region" aria-label={t.today.products} tabIndex={0}>
              <table class="lines">
                <caption>{t.today.products}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.today.product}</th>
                    <th scope="col">{t.today.quantity}</th>
                    <th scope="col">{t.today.amount}</th>
                  </tr>
                </thead>
                <tbody>
                  {day.products.map((product) => (
                    <tr key={product.product_id}>
                      <td>{product.name}</td>
                      <td>{product.quantity}</td>
                      <td class="money">{money(product.amount, day.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p>{t.today.sms(day.sms.sent, day.sms.failed, day.sms.suppressed)}</p>
          <button type="button" disabled={download.busy} onClick={() => void downloadCsv(day.date)}>
            {t.today.csv}
          </button>
        </>
      )}
    </section>
  );
}
