/** Accounts: registration, sessions and the caller's profile. */
import type { Request } from "express";
import { rateLimitHeaders } from "../http/common-contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { rateLimitHeaders as rateLimitResponseHeaders } from "../http/rate-limit.js";
import type { AccountsService } from "./accounts-service.js";
import {
  loginRequestSchema,
  loginResponseSchema,
  phoneCodeSentSchema,
  phoneVerificationSchema,
  profilePatchSchema,
  profileSchema,
  profileUpdateSchema,
  refreshRequestSchema,
  registeredUserSchema,
  registerRequestSchema,
  sessionTokensSchema,
} from "./schemas.js";

export interface AccountsServices {
  accounts: AccountsService;
  /** The client's address, for the per-client limits on failed sign-ins and verification codes. */
  clientAddress: (req: Request) => string;
}

const operation = operationsUsing<AccountsServices>();

export const accountOperations = [
  operation({
    operationId: "register",
    method: "post",
    path: "/register/",
    summary: "Register a customer",
    description: "Creates the account and its profile, all or nothing. Limited per client address.",
    tags: ["Accounts"],
    access: "public",
    rateLimit: "register",
    body: {
      schema: registerRequestSchema,
      example: {
        username: "alice",
        email: "alice@example.com",
        password: "correct horse battery",
        phone_number: "0712 345 678",
      },
    },
    responses: { 201: { description: "Registered.", body: registeredUserSchema } },
    errors: [
      "username_taken",
      "email_taken",
      "phone_number_taken",
      "invalid_email",
      "invalid_password",
      "auth_unavailable",
    ],
    handle: async ({ body }, { accounts }) => {
      const profile = await accounts.register(body);
      return reply.created({
        uid: profile.uid,
        email: body.email,
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
    description: "Any wrong credential is the same 401; failures are limited.",
    tags: ["Accounts"],
    access: "public",
    body: { schema: loginRequestSchema, example: { email: "alice@example.com", password: "correct horse battery" } },
    responses: {
      200: {
        description: "An ID token and a refresh token.",
        body: loginResponseSchema,
        headers: rateLimitHeaders,
      },
    },
    errors: ["invalid_credentials", "rate_limited", "too_many_attempts", "auth_unavailable"],
    handle: async ({ body, req }, { accounts, clientAddress }) => {
      const { tokens, perAddress } = await accounts.login(body, clientAddress(req));
      return reply.ok(tokens, rateLimitResponseHeaders(perAddress));
    },
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
    description: "Revokes every token of the account. Takes no body.",
    tags: ["Accounts"],
    access: "customer",
    responses: { 204: { description: "Logged out." } },
    errors: [],
    handle: async ({ caller }, { accounts }) => {
      await accounts.logout(caller);
      return reply.noContent();
    },
  }),

  operation({
    operationId: "getProfile",
    method: "get",
    path: "/me/",
    summary: "The caller's profile",
    description: "A 409 `profile_incomplete` until PUT /me/ creates it.",
    tags: ["Accounts"],
    access: "customer",
    responses: { 200: { description: "The profile.", body: profileSchema } },
    errors: ["profile_incomplete"],
    handle: async ({ caller }, { accounts }) => reply.ok(await accounts.profile(caller)),
  }),

  operation({
    operationId: "saveProfile",
    method: "put",
    path: "/me/",
    summary: "Create or change the caller's profile",
    description: "A new number must be proven again.",
    tags: ["Accounts"],
    access: "customer",
    body: {
      schema: profileUpdateSchema,
      example: { username: "alice", phone_number: "0712 345 678", language: "en" },
    },
    responses: { 200: { description: "The profile as saved.", body: profileSchema } },
    errors: ["username_taken", "phone_number_taken", "rate_limited"],
    handle: async ({ caller, body, req }, { accounts, clientAddress }) =>
      reply.ok(await accounts.saveProfile(caller, body, clientAddress(req))),
  }),

  operation({
    operationId: "updateProfile",
    method: "patch",
    path: "/me/",
    summary: "Change some of the caller's profile",
    description: "Only the fields sent change; PUT /me/'s rules apply.",
    tags: ["Accounts"],
    access: "customer",
    body: { schema: profilePatchSchema, example: { language: "sw" } },
    responses: { 200: { description: "The profile as saved.", body: profileSchema } },
    errors: ["profile_incomplete", "username_taken", "phone_number_taken", "phone_not_verified", "rate_limited"],
    handle: async ({ caller, body, req }, { accounts, clientAddress }) =>
      reply.ok(await accounts.updateProfile(caller, body, clientAddress(req))),
  }),

  operation({
    operationId: "requestPhoneCode",
    method: "post",
    path: "/me/phone/code/",
    summary: "Send a code to prove the profile's phone number",
    description: "Sends a 6-digit code by SMS to the profile's number. Takes no body.",
    tags: ["Accounts"],
    access: "customer",
    responses: { 202: { description: "The code is on its way.", body: phoneCodeSentSchema } },
    errors: [
      "profile_incomplete",
      "phone_already_verified",
      "phone_number_verified_elsewhere",
      "too_many_codes",
      "codes_unavailable",
    ],
    handle: async ({ caller, req }, { accounts, clientAddress }) =>
      reply.accepted(await accounts.requestPhoneCode(caller, clientAddress(req))),
  }),

  operation({
    operationId: "verifyPhone",
    method: "post",
    path: "/me/phone/verify/",
    summary: "Prove the profile's phone number with the code",
    description: "SMS then go to the number.",
    tags: ["Accounts"],
    access: "customer",
    body: { schema: phoneVerificationSchema, example: { code: "123456" } },
    responses: { 200: { description: "The profile, with `phone_verified: true`.", body: profileSchema } },
    errors: [
      "profile_incomplete",
      "verification_code_invalid",
      "phone_already_verified",
      "phone_number_verified_elsewhere",
      "verification_not_started",
      "verification_code_expired",
      "verification_attempts_exhausted",
    ],
    handle: async ({ caller, body }, { accounts }) => reply.ok(await accounts.verifyPhone(caller, body.code)),
  }),
];
