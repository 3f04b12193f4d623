/**
 * A deadline for every request. The Firestore and Auth clients retry an unreachable backend for a
 * minute or more; without this the caller would wait until the platform cuts the function off. At
 * the deadline the caller gets a 503 with Retry-After; a write still in flight may complete later,
 * which an Idempotency-Key on the retry makes harmless.
 */
import type { RequestHandler } from "express";
import type { LogSink } from "./log.js";
import { ServiceUnavailableError } from "./errors.js";
import { sendProblem } from "./problem.js";
import { routeOf } from "./request-log.js";

export function requestDeadline(ms: number, log: LogSink): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      log.warn("request deadline reached", { requestId: req.requestId, method: req.method, route: routeOf(req), ms });
      sendProblem(
        res,
        new ServiceUnavailableError("backend_timeout", "The service did not answer in time; try again shortly."),
      );
    }, ms);
    const clear = () => {
      clearTimeout(timer);
    };
    res.once("finish", clear);
    res.once("close", clear);
    next();
  };
}
