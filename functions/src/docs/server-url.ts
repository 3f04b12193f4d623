/**
 * Project-specific URLs the committed OpenAPI document names for the emulator's demo project; the api
 * function replaces them with its own when it serves the document.
 */
export const DOCUMENTED_SERVER_URL = "http://127.0.0.1:5001/demo-orders/us-central1/api/api";

/** The Firebase Auth token issuer of a project, whose OpenID Connect discovery document sits below it. */
export const issuerOf = (projectId: string): string => `https://securetoken.google.com/${projectId}`;

export const DOCUMENTED_ISSUER = issuerOf("demo-orders");
