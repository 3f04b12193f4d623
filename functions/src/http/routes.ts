/** Declares a path's handlers once, so every other method on it answers 405 with an Allow header. */
import type { RequestHandler, Router } from "express";
import { MethodNotAllowedError } from "./errors.js";

type Method = "get" | "post" | "put" | "patch" | "delete";
export type MethodHandlers = Partial<Record<Method, RequestHandler[]>>;

export function defineRoute(router: Router, path: string, handlers: MethodHandlers): void {
  const route = router.route(path);
  const allowed: string[] = [];
  for (const [method, chain] of Object.entries(handlers) as [Method, RequestHandler[]][]) {
    route[method](...chain);
    allowed.push(method.toUpperCase());
  }
  if (allowed.includes("GET")) allowed.push("HEAD");
  route.all(() => {
    throw new MethodNotAllowedError(allowed);
  });
}
