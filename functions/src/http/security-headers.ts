/**
 * The headers every API answer carries, set in one pass: OWASP's recommendations for a JSON API
 * (nothing may frame, sniff, cache or embed a response; HTTPS only). The docs pages and their assets
 * override Content-Security-Policy and Cache-Control with their own.
 */
import type { RequestHandler } from "express";

const HEADERS = new Map<string, string>([
  // Responses carry personal data and tokens: no shared or private caches.
  ["Cache-Control", "no-store"],
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["Cross-Origin-Resource-Policy", "same-site"],
  ["Referrer-Policy", "no-referrer"],
  ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
]);

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeaders(HEADERS);
  next();
};
