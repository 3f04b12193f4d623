/** The page frame (the shop's name, the menu, the language, offline state) and the routes. */
import type { ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useOnline } from "./connection.js";
import { useI18n } from "./i18n/i18n.js";
import { EmailAction } from "./pages/email-action.js";
import { CUSTOMER_ROUTES, PROFILE_INCOMPLETE, PUBLIC_ROUTES, screenFor, SIGN_IN, STAFF_PREFIX } from "./routes.js";
import { emailAction, go, useRoute } from "./router.js";
import { useSession } from "./session.js";
import { useShop } from "./shop.js";
import { Loading } from "./ui.js";

/** The staff side is its own chunk: customers never download it. */
function LazyStaff({ path }: { path: string }) {
  const { t } = useI18n();
  const [Staff, setStaff] = useState<ComponentType<{ path: string }> | undefined>(undefined);
  useEffect(() => {
    void import("./staff/staff.js").then((module) => {
      setStaff(() => module.default);
    });
  }, []);
  return Staff ? <Staff path={path} /> : <Loading>{t.frame.loading}</Loading>;
}

/** A customer's page: the profile first (read, or completed after a Google sign-in). */
function CustomerPage({ path }: { path: string }) {
  const { profile, needProfile } = useSession();
  const { t } = useI18n();
  useEffect(needProfile, [needProfile]);
  if (profile === undefined) return <Loading>{t.frame.loadingProfile}</Loading>;
  if (profile === "incomplete") return PROFILE_INCOMPLETE.screen({});
  return screenFor(CUSTOMER_ROUTES, path, CUSTOMER_ROUTES[0] ?? SIGN_IN);
}

function Routes({ path }: { path: string }) {
  const { user, staff } = useSession();
  const { t } = useI18n();
  const [action, setAction] = useState(emailAction);
  if (user === undefined) return <Loading>{t.frame.loading}</Loading>;
  if (action) {
    return (
      <EmailAction
        action={action}
        onDone={() => {
          setAction(undefined);
        }}
      />
    );
  }
  if (user === null) return screenFor(PUBLIC_ROUTES, path, SIGN_IN);
  if (staff === undefined) return <Loading>{t.frame.loading}</Loading>;
  if (path.startsWith(STAFF_PREFIX)) return <LazyStaff path={path} />;
  // Staff start at their desk; their own orders are a click away.
  if (staff && path === "/") return <LazyStaff path={STAFF_PREFIX} />;
  return <CustomerPage path={path} />;
}

function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  const other = language === "en" ? "sw" : "en";
  return (
    <button
      type="button"
      class="link language"
      lang={other}
      onClick={() => {
        setLanguage(other);
      }}
    >
      {t.language[other]}
    </button>
  );
}

export function App() {
  const { services, user, staff, profile, signOut } = useSession();
  const { t } = useI18n();
  const shop = useShop();
  const online = useOnline();
  const path = useRoute();
  const onStaffSide = path.startsWith(STAFF_PREFIX) || (staff === true && path === "/");
  const main = useRef<HTMLElement>(null);
  // A new page moves focus to its content, as a page load would. The first page is the page load
  // itself: focus stays where the browser (or the first paint's form, handed over) put it.
  const pageLoad = useRef(true);
  useEffect(() => {
    if (pageLoad.current) {
      pageLoad.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);
  const current = (active: boolean) => (active ? ("page" as const) : undefined);
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t.frame.skip}
      </a>
      <header class="top">
        <a class="brand" href="#/">
          {shop.name}
        </a>
        <nav aria-label={t.frame.nav}>
          {user && (
            <>
              <a href="#/shop" aria-current={current(path === "/shop")}>
                {t.catalogue.nav}
              </a>
              <a href="#/orders" aria-current={current(!onStaffSide && (path === "/orders" || path === "/"))}>
                {t.frame.myOrders}
              </a>
              {staff && (
                <>
                  <a href="#/staff" aria-current={current(onStaffSide && !/^\/staff\/(today|products)/.test(path))}>
                    {t.frame.staffDesk}
                  </a>
                  <a href="#/staff/products" aria-current={current(path.startsWith("/staff/products"))}>
                    {t.products.nav}
                  </a>
                  <a href="#/staff/today" aria-current={current(path.startsWith("/staff/today"))}>
                    {t.today.nav}
                  </a>
                </>
              )}
              {typeof profile === "object" && (
                <a href="#/profile" aria-current={current(path === "/profile")}>
                  {t.frame.profile}
                </a>
              )}
            </>
          )}
          <LanguageSwitch />
          {user && (
            <button
              type="button"
              class="link"
              onClick={() => {
                void signOut().then(() => {
                  go("/");
                });
              }}
            >
              {t.frame.signOut}
            </button>
          )}
        </nav>
      </header>
      {!online && (
        <p class="offline-banner" role="status">
          {t.frame.offline}
        </p>
      )}
      <main id="main" ref={main} tabIndex={-1} class={onStaffSide ? "wide" : undefined}>
        <Routes path={path} />
      </main>
      {services.emulated && <footer class="emulated">{t.frame.emulated}</footer>}
    </>
  );
}
