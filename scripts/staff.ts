/**
 * Grants or revokes the staff role (custom claim role: "staff").
 *
 *   npm run staff -- grant <email>                     against the running emulators
 *   npm run staff -- revoke <email> --project <id>     against a real project (application default credentials)
 *
 * A revoked user's existing ID tokens keep the claim until they are refreshed (at most an hour);
 * add --sign-out to revoke their sessions at once.
 */
import { resolve } from "node:path";
import { initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { projectSettings } from "./lib/project-settings.js";

const args = process.argv.slice(2);
const [action, email] = args;
const projectFlag = args.indexOf("--project");
const project = projectFlag >= 0 ? args[projectFlag + 1] : undefined;

if ((action !== "grant" && action !== "revoke") || !email) {
  console.error("usage: npm run staff -- grant|revoke <email> [--project <id>] [--sign-out]");
  process.exit(2);
}

const settings = projectSettings(resolve(import.meta.dirname, ".."));
if (!project) process.env.FIREBASE_AUTH_EMULATOR_HOST ??= settings.authHost;
const auth = getAuth(initializeApp({ projectId: project ?? settings.projectId }));

const user = await auth.getUserByEmail(email.trim().toLowerCase());
const claims: Record<string, unknown> = { ...(user.customClaims ?? {}) };
if (action === "grant") claims.role = "staff";
else delete claims.role;
await auth.setCustomUserClaims(user.uid, claims);
if (action === "revoke" && args.includes("--sign-out")) await auth.revokeRefreshTokens(user.uid);
console.log(
  `${action === "grant" ? "Granted" : "Revoked"} the staff role ${action === "grant" ? "to" : "from"} ${email} (${user.uid}) in ${project ?? `${settings.projectId} (emulator)`}.`,
);
