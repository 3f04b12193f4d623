/**
 * Component tests render a page as the app does, inside its language and session, with the real
 * typed API client over a fetch that answers from the test's table and records every request.
 */
import { createApiClient, type Profile } from "@customer-orders/client";
import { render } from "@testing-library/preact";
import type { Auth, User } from "firebase/auth";
import type { VNode } from "preact";
import type { Api } from "../api.js";
import type { FirebaseServices } from "../firebase.js";
import { I18nProvider, type Language } from "../i18n/i18n.js";
import { SessionValue, type ProfileState, type Session } from "../session.js";

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Answer = Response | Promise<Response>;

interface Route {
  method: string;
  path: RegExp;
  answer: (call: Call) => Answer;
}

/** An API that answers what the test says, in the order it was told, and remembers what it was asked. */
export class FakeApi {
  readonly calls: Call[] = [];
  private readonly routes: Route[] = [];

  on(method: string, path: string | RegExp, answer: (call: Call) => Answer): this {
    const pattern = typeof path === "string" ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : path;
    this.routes.push({ method, path: pattern, answer });
    return this;
  }

  callsTo(method: string, path: string | RegExp): Call[] {
    return this.calls.filter(
      (call) => call.method === method && (typeof path === "string" ? call.path === path : path.test(call.path)),
    );
  }

  readonly fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input);
    const url = new URL(request.url);
    const text = request.method === "GET" ? "" : await request.text();
    const call: Call = {
      method: request.method,
      path: url.pathname.replace(/^\/api/, ""),
      query: url.searchParams,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    this.calls.push(call);
    const route = this.routes.find((candidate) => candidate.method === call.method && candidate.path.test(call.path));
    if (!route) return problem(404, "route_not_found", `No fake answer for ${call.method} ${call.path}`);
    const answer = await route.answer(call);
    if (request.signal.aborted) throw new DOMException("The request was aborted.", "AbortError");
    return answer;
  };

  client(): Api {
    return createApiClient({ baseUrl: "http://shop.test/api", token: () => "token", fetch: this.fetch });
  }
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}

export function problem(
  status: number,
  code: string,
  detail = "A problem.",
  errors?: { field: string; message: string }[],
): Response {
  return new Response(
    JSON.stringify({ type: "about:blank", title: "Problem", status, detail, code, ...(errors ? { errors } : {}) }),
    { status, headers: { "Content-Type": "application/problem+json" } },
  );
}

/** A promise the test settles when it chooses: a slow answer. */
export function later<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

export const PROFILE: Profile = {
  uid: "uid-1",
  email: "wanjiru@example.com",
  username: "wanjiru",
  phone_number: "+254712345678",
  phone_verified: true,
  email_verified: true,
  language: "en",
  sms_opted_out: false,
  sms_opted_out_at: null,
  created_at: "2026-12-01T08:00:00.000Z",
};

export function order(overrides: Partial<import("@customer-orders/client").Order> = {}) {
  return {
    id: "order-1",
    item: "Maize flour 2 kg",
    amount: "240.00",
    currency: "KES",
    order_number: "MA20261201080000",
    status: "Pending" as const,
    created_at: "2026-12-01T08:00:00.000Z",
    updated_at: "2026-12-01T08:00:00.000Z",
    sms: {
      status: "outbox" as const,
      attempts: 1,
      channel: "outbox" as const,
      message_id: null,
      cost: null,
      error_code: null,
      error_message: null,
      updated_at: "2026-12-01T08:00:01.000Z",
      delivery_status: null,
      delivery_failure_reason: null,
    },
    history: [{ at: "2026-12-01T08:00:00.000Z", status: "Pending" as const, by: "customer" as const, reason: null }],
    ...overrides,
  };
}

export interface PageOptions {
  api: FakeApi;
  language?: Language;
  staff?: boolean;
  profile?: ProfileState;
  user?: Partial<User>;
  session?: Partial<Session>;
}

/** Renders a page inside the app's language and a signed-in session. */
export function renderPage(page: VNode, options: PageOptions) {
  if (options.language) localStorage.setItem("language", options.language);
  const services: FirebaseServices = {
    projectId: "demo-test",
    auth: {} as Auth,
    // Never resolves: pages are not live in component tests.
    firestore: () => new Promise(() => undefined),
    emulated: false,
  };
  const user = { uid: PROFILE.uid, email: PROFILE.email, emailVerified: false, ...options.user } as User;
  const session: Session = {
    services,
    api: options.api.client(),
    user,
    staff: options.staff ?? false,
    profile: options.profile ?? PROFILE,
    reloadProfile: () => Promise.resolve(),
    updateProfile: () => Promise.resolve(),
    needProfile: () => undefined,
    reloadUser: () => Promise.resolve(),
    signOut: () => Promise.resolve(),
    ...options.session,
  };
  return render(
    <I18nProvider>
      <SessionValue value={session}>{page}</SessionValue>
    </I18nProvider>,
  );
}
