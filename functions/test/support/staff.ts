/** A staff member for tests: a registered user given the role as `npm run staff -- grant --uid` gives it. */
import { createStaffRoles } from "../../src/accounts/staff-roles.js";
import { auth, db } from "./firebase.js";
import { expectStatus, type Client } from "./http.js";
import { registerAndLogin, type TestUser } from "./users.js";

/** Grants the role to an existing user (by uid: test users' emails are not verified). */
export async function grantStaff(uid: string): Promise<void> {
  await createStaffRoles(auth(), db()).grant({ uid });
}

/** An ID token of a new staff member (a fresh token, as after a refresh). */
export async function staffToken(api: Client): Promise<string> {
  return (await staffMember(api)).token;
}

export async function staffMember(api: Client): Promise<TestUser> {
  const user = await registerAndLogin(api);
  await grantStaff(user.uid);
  const refreshed = await api.post<{ token: string; refresh_token: string }>("/token/refresh/", {
    refresh_token: user.refresh_token,
  });
  expectStatus(refreshed, 200);
  return { ...user, token: refreshed.body.token, refresh_token: refreshed.body.refresh_token };
}
