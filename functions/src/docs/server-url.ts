/**
 * What in the OpenAPI document depends on where it is served. The committed document names the
 * production servers and the emulator's demo project as the token issuer; the build puts a relative
 * server first (see scripts/build-docs.ts), which resolves against the URL the document was fetched
 * from, behind Firebase Hosting, cloudfunctions.net or the emulator alike; the api function puts its
 * own project's issuer in place of the demo one when it serves the document.
 */

/** The first server of a served document: "." is the directory of the document's own URL, the API's base. */
export const SERVED_SERVER = { url: ".", description: "This API: where this document was fetched from" } as const;

/** The Firebase Auth token issuer of a project, whose OpenID Connect discovery document sits below it. */
export const issuerOf = (projectId: string): string => `https://securetoken.google.com/${projectId}`;

export const DOCUMENTED_ISSUER = issuerOf("demo-orders");
