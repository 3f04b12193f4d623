/**
 * Deprecation said on the wire: every answer of a deprecated operation carries `Deprecation`
 * (RFC 9745), `Sunset` (RFC 8594) and a `Link` to its successor (`rel="successor-version"`, RFC 5829),
 * so a client learns of it from the traffic it already has, not only from the document.
 */
import type { Request, RequestHandler } from "express";
import { z } from "zod";
import { responseHeader } from "./contract.js";
import { relativeReference } from "./relative-reference.js";

type Day = `${number}-${number}-${number}`;

export interface Deprecation {
  /** The day the operation was deprecated (UTC), e.g. "2026-11-27". */
  since: Day;
  /** The first day (UTC) on which it may stop answering. */
  sunset: Day;
  /** The operation that replaces it: its path below the API base, e.g. "/orders/". */
  successor: `/${string}`;
}

const startOfDay = (day: Day): Date => {
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) throw new Error(`Not a day: ${day}`);
  return at;
};

/** `@<seconds since the epoch>`: an RFC 9651 Date, as RFC 9745 has it. */
export const deprecationValue = (deprecation: Deprecation): string =>
  `@${startOfDay(deprecation.since).getTime() / 1000}`;

/** An HTTP-date (RFC 9110), as RFC 8594 has it. */
export const sunsetValue = (deprecation: Deprecation): string => startOfDay(deprecation.sunset).toUTCString();

/**
 * The successor, relative to the request's own URL: the API is reached under several prefixes
 * (see relative-reference.ts), and the request path ends with the operation's path, with or without
 * its trailing slash.
 */
export function successorLink(requestPath: string, operationPath: string, deprecation: Deprecation): string {
  const segments = operationPath.split("/").filter(Boolean).length;
  const requestSegments = requestPath.split("/").filter(Boolean);
  const base = requestSegments.slice(0, Math.max(0, requestSegments.length - segments)).join("/");
  const target = `${base ? `/${base}` : ""}${deprecation.successor}`;
  return `<${relativeReference(requestPath, target)}>; rel="successor-version"`;
}

/** Sets the three headers before anything else runs, so that refusals (401, 429...) carry them too. */
export function announceDeprecation(operationPath: string, deprecation: Deprecation): RequestHandler {
  const deprecated = deprecationValue(deprecation);
  const sunset = sunsetValue(deprecation);
  return (req: Request, res, next) => {
    res.setHeader("Deprecation", deprecated);
    res.setHeader("Sunset", sunset);
    res.append("Link", successorLink(req.originalUrl.split("?")[0] ?? "/", operationPath, deprecation));
    next();
  };
}

/** The headers as the OpenAPI document declares them on a deprecated operation's answers (it adds their values as examples). */
export const deprecationHeaders = [
  responseHeader({
    id: "Deprecation",
    name: "Deprecation",
    description: "RFC 9745.",
    schema: z
      .string()
      .max(20)
      .regex(/^@\d{1,15}$/),
  }),
  responseHeader({
    id: "Sunset",
    name: "Sunset",
    description: "RFC 8594.",
    schema: z
      .string()
      .max(40)
      .regex(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/),
  }),
  responseHeader({
    id: "SuccessorLink",
    name: "Link",
    description: "The operation to use instead.",
    schema: z
      .string()
      .max(2048)
      .regex(/<[^>]*>; rel="successor-version"/),
  }),
] as const;
