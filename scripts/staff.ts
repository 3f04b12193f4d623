/**
 * Grants or revokes the staff role (accounts/staff-roles.ts): the custom claim role "staff" and the
 * staff/{uid} document the Firestore rules check.
 *
 *   npm run staff -- grant <email>                     against the running emulators
 *   npm run staff -- grant --uid <uid>                 when the email is not verified (check whose account it is first)
 *   npm run staff -- revoke <email> --project <id>     against a real project (application default credentials)
 *
 * A grant by email needs the email verified: anyone can register an address before its owner does.
 * A revoke takes effect at once in the API and in Firestore; add --sign-out to end the member's
 * sessions too.
 */
import { resolve } from "node:path";
import { initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";
import { createStaffRoles, StaffGrantRefused, type StaffMember } from "../functions/src/accounts/staff-roles.js";
import { projectSettings } from "./lib/project-settings.js";

const args = process.argv.slice(2);
const action = args[0];
const flag = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const project = flag("--project");
const uid = flag("--uid");
const email = args.slice(1).find((arg, index, rest) => !arg.startsWith("--") && !rest[index - 1]?.startsWith("--"));
const member: StaffMember | undefined = uid ? { uid } : email ? { email } : undefined;

if ((action !== "grant" && action !== "revoke") || !member) {
  console.error("usage: npm run staff -- grant|revoke <email> | --uid <uid> [--project <id>] [--sign-out]");
  process.exit(2);
}

const settings = projectSettings(resolve(import.meta.dirname, ".."));
if (!project) {
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= settings.authHost;
  process.env.FIRESTORE_EMULATOR_HOST ??= settings.firestoreHost;
}
const app = initializeApp({ projectId: project ?? settings.projectId });
const roles = createStaffRoles(getAuth(app), getFirestore(app));

try {
  const user =
    action === "grant"
      ? await roles.grant(member)
      : await roles.revoke(member, { signOut: args.includes("--sign-out") });
  const who = `${user.email ?? "(no email)"} (${user.uid})`;
  console.log(
    `${action === "grant" ? "Granted" : "Revoked"} the staff role ${action === "grant" ? "to" : "from"} ${who} in ${project ?? `${settings.projectId} (emulator)`}.`,
  );
} catch (error) {
  if (error instanceof StaffGrantRefused) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
