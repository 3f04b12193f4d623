/** The page frame and the routes: signed out, completing a profile, a customer's orders, staff. */
import { signOut } from "firebase/auth";
import type { ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { CompleteProfile, Register, SignIn, VerifyPhone } from "./pages/auth.js";
import { Orders } from "./pages/orders.js";
import { useRoute } from "./router.js";
import { useSession, type ProfileState } from "./session.js";

/** The staff side is its own chunk: customers never download it. */
function LazyStaff({ path }: { path: string }) {
  const [Staff, setStaff] = useState<ComponentType<{ path: string }> | undefined>(undefined);
  useEffect(() => {
    void import("./staff/staff.js").then((module) => {
      setStaff(() => module.default);
    });
  }, []);
  return Staff ? <Staff path={path} /> : <p role="status">Loading…</p>;
}

/** Staff who only fulfil orders have no customer profile: their home is the staff side. */
function staffHome(staff: boolean, profile: ProfileState, path: string): boolean {
  return staff && profile === "incomplete" && path !== "/profile";
}

function Routes({ path }: { path: string }) {
  const { user, profile, staff } = useSession();
  if (user === undefined) return <p role="status">Loading…</p>;
  if (user === null) return path === "/register" ? <Register /> : <SignIn />;
  if (path.startsWith("/staff")) return <LazyStaff path={path} />;
  if (profile === undefined) return <p role="status">Loading your profile…</p>;
  if (staffHome(staff, profile, path)) return <LazyStaff path="/staff" />;
  if (profile === "incomplete") return <CompleteProfile />;
  if (path === "/verify") return <VerifyPhone />;
  return <Orders />;
}

export function App() {
  const { services, user, staff, profile } = useSession();
  const path = useRoute();
  const onStaffSide = path.startsWith("/staff") || staffHome(staff, profile, path);
  const main = useRef<HTMLElement>(null);
  // A new page moves focus to its content, as a page load would.
  useEffect(() => {
    main.current?.focus();
  }, [path]);
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
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/orders">
          Orders
        </a>
        {user && (
          <nav aria-label="Main">
            {!(staff && profile === "incomplete") && (
              <a
                href="#/orders"
                aria-current={!onStaffSide && (path === "/orders" || path === "/") ? "page" : undefined}
              >
                My orders
              </a>
            )}
            {staff && (
              <a href="#/staff" aria-current={onStaffSide ? "page" : undefined}>
                Staff
              </a>
            )}
            <button
              type="button"
              class="link"
              onClick={() => {
                void signOut(services.auth).then(() => {
                  location.hash = "/";
                });
              }}
            >
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Routes path={path} />
      </main>
      {services.emulated && <footer class="emulated">Local emulators: no real SMS is sent.</footer>}
    </>
  );
}
