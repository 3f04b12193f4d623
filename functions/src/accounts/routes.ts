/** HTTP routes for accounts: thin, the service holds the rules. */
import { Router, type RequestHandler } from "express";
import { callerOf } from "../http/auth.js";
import { defineRoute } from "../http/routes.js";
import { parseOrThrow, parseOrThrowAsync } from "../http/validate.js";
import type { AccountsService } from "./accounts-service.js";
import { loginRequestSchema, refreshRequestSchema, registerRequestSchema } from "./schemas.js";

export interface AccountsLimits {
  register: RequestHandler;
  login: RequestHandler;
}

export function accountsRouter(
  accounts: AccountsService,
  authenticate: RequestHandler,
  limits: AccountsLimits,
): Router {
  const router = Router();

  defineRoute(router, "/register", {
    post: [
      limits.register,
      async (req, res) => {
        const profile = await accounts.register(await parseOrThrowAsync(registerRequestSchema, req.body));
        res.status(201).json({
          uid: profile.uid,
          email: profile.email,
          username: profile.username,
          phone_number: profile.phone_number,
        });
      },
    ],
  });

  defineRoute(router, "/login", {
    post: [
      limits.login,
      async (req, res) => {
        res.status(200).json(await accounts.login(parseOrThrow(loginRequestSchema, req.body)));
      },
    ],
  });

  defineRoute(router, "/token/refresh", {
    post: [
      async (req, res) => {
        const { refresh_token } = parseOrThrow(refreshRequestSchema, req.body);
        res.status(200).json(await accounts.refresh(refresh_token));
      },
    ],
  });

  defineRoute(router, "/logout", {
    post: [
      authenticate,
      async (req, res) => {
        await accounts.logout(callerOf(req).uid);
        res.status(204).end();
      },
    ],
  });

  defineRoute(router, "/me", {
    get: [
      authenticate,
      async (req, res) => {
        res.status(200).json(await accounts.profile(callerOf(req).uid));
      },
    ],
  });

  return router;
}
