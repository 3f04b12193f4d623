/** Accounts: registration, sessions and the caller's profile. */
import { operationsUsing, reply } from "../http/operations.js";
import type { AccountsService } from "./accounts-service.js";
import {
  loginRequestSchema,
  loginResponseSchema,
  profileSchema,
  refreshRequestSchema,
  registeredUserSchema,
  registerRequestSchema,
  sessionTokensSchema,
} from "./schemas.js";

export interface AccountsServices {
  accounts: AccountsService;
}

const operation = operationsUsing<AccountsServices>();

export const accountOperations = [
  operation({
    operationId: "register",
    method: "post",
    path: "/register/",
    summary: "Register a customer",
    description:
      "Creates the Firebase Auth user, the profile and the username claim as one unit: if any step fails, nothing remains. Limited per client address.",
    tags: ["Accounts"],
    access: "public",
    rateLimit: "register",
    body: {
      schema: registerRequestSchema,
      example: {
        username: "alice",
        email: "alice@example.com",
        password: "correct horse battery",
        phone_number: "+254712345678",
      },
    },
    responses: { 201: { description: "Registered.", body: registeredUserSchema } },
    errors: [
      "username_taken",
      "email_taken",
      "phone_number_taken",
      "invalid_email",
      "invalid_phone_number",
      "invalid_password",
      "auth_unavailable",
    ],
    handle: async ({ body }, { accounts }) => {
      const profile = await accounts.register(body);
      return reply.created({
        uid: profile.uid,
        email: profile.email,
        username: profile.username,
        phone_number: profile.phone_number,
      });
    },
  }),

  operation({
    operationId: "login",
    method: "post",
    path: "/login/",
    summary: "Log in with email and password",
    description: "A wrong email and a wrong password get the same 401. Limited per client address.",
    tags: ["Accounts"],
    access: "public",
    rateLimit: "login",
    body: { schema: loginRequestSchema, example: { email: "alice@example.com", password: "correct horse battery" } },
    responses: {
      200: {
        description: "An ID token (`token`) for the Authorization header, and a refresh token.",
        body: loginResponseSchema,
      },
    },
    errors: ["invalid_credentials", "user_disabled", "too_many_attempts", "auth_unavailable"],
    handle: async ({ body }, { accounts }) => reply.ok(await accounts.login(body)),
  }),

  operation({
    operationId: "refreshToken",
    method: "post",
    path: "/token/refresh/",
    summary: "Exchange a refresh token for a new ID token",
    tags: ["Accounts"],
    access: "public",
    body: { schema: refreshRequestSchema, example: { refresh_token: "AMf-vBx..." } },
    responses: { 200: { description: "New tokens.", body: sessionTokensSchema } },
    errors: ["invalid_refresh_token", "user_disabled", "too_many_attempts", "auth_unavailable"],
    handle: async ({ body }, { accounts }) => reply.ok(await accounts.refresh(body.refresh_token)),
  }),

  operation({
    operationId: "logout",
    method: "post",
    path: "/logout/",
    summary: "Log out everywhere",
    description: "Revokes the account's refresh tokens; ID tokens issued before now stop working. Takes no body.",
    tags: ["Accounts"],
    access: "customer",
    responses: { 204: { description: "Logged out." } },
    errors: [],
    handle: async ({ caller }, { accounts }) => {
      await accounts.logout(caller.uid);
      return reply.noContent();
    },
  }),

  operation({
    operationId: "getProfile",
    method: "get",
    path: "/me/",
    summary: "The caller's profile",
    tags: ["Accounts"],
    access: "customer",
    responses: { 200: { description: "The profile.", body: profileSchema } },
    errors: ["profile_not_found"],
    handle: async ({ caller }, { accounts }) => reply.ok(await accounts.profile(caller.uid)),
  }),
];
