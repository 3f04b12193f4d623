/**
 * URLs in the OpenAPI document that depend on where it is served. The committed document names the
 * emulator's demo project; the build puts a placeholder first among the servers (see
 * scripts/build-docs.ts), and the api function replaces the placeholder with its own base URL and the
 * demo issuer with its project's when it serves the document.
 */
export const DOCUMENTED_SERVER_URL = "http://127.0.0.1:5001/demo-orders/us-central1/api/api";

/** Stands, in the built document, for the base URL of the API serving it. */
export const SERVED_BASE_PLACEHOLDER = "https://served-base.invalid/api";

/** The Firebase Auth token issuer of a project, whose OpenID Connect discovery document sits below it. */
export const issuerOf = (projectId: string): string => `https://securetoken.google.com/${projectId}`;

export const DOCUMENTED_ISSUER = issuerOf("demo-orders");
