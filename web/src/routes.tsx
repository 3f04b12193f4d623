/**
 * Which screen a path shows. A new page is one line here (and a file in pages/): its path, with
 * `:name` for a part of the URL it reads, and the screen.
 */
import type { VNode } from "preact";
import { Catalogue } from "./pages/catalogue.js";
import { CompleteProfile } from "./pages/complete-profile.js";
import { OrderPage } from "./pages/order.js";
import { Orders } from "./pages/orders.js";
import { Profile } from "./pages/profile.js";
import { Register } from "./pages/register.js";
import { ResetPassword } from "./pages/reset-password.js";
import { SignIn } from "./pages/sign-in.js";
import { VerifyPhone } from "./pages/verify-phone.js";
import { match } from "./router.js";

interface Route {
  path: string;
  screen: (params: Record<string, string>) => VNode;
}

/** A signed-in customer's pages (they need the profile; the first is home). */
export const CUSTOMER_ROUTES: Route[] = [
  { path: "/", screen: () => <Orders /> },
  { path: "/orders", screen: () => <Orders /> },
  { path: "/orders/:id", screen: ({ id = "" }) => <OrderPage id={id} /> },
  { path: "/shop", screen: () => <Catalogue /> },
  { path: "/profile", screen: () => <Profile /> },
  { path: "/verify", screen: () => <VerifyPhone /> },
];

/** Pages for who is signed out; any other path asks them to sign in first. */
export const PUBLIC_ROUTES: Route[] = [
  { path: "/register", screen: () => <Register /> },
  { path: "/reset-password", screen: () => <ResetPassword /> },
];

/** The profile an account must complete before any page of its own. */
export const PROFILE_INCOMPLETE: Route = { path: "", screen: () => <CompleteProfile /> };

export const SIGN_IN: Route = { path: "/", screen: () => <SignIn /> };

export function screenFor(routes: Route[], path: string, fallback: Route): VNode {
  for (const route of routes) {
    const params = match(route.path, path);
    if (params) return route.screen(params);
  }
  return fallback.screen({});
}

/** The staff side's pages all start here; they load as a chunk of their own (staff/staff.tsx). */
export const STAFF_PREFIX = "/staff";
