/** A staff member for tests: a registered user given the role as `npm run staff -- grant` gives it. */
import { auth } from "./firebase.js";
import { expectStatus, type Client } from "./http.js";
import { registerAndLogin } from "./users.js";

/** An ID token carrying the custom claim role: "staff" (a fresh token, as after a refresh). */
export async function staffToken(api: Client): Promise<string> {
  const user = await registerAndLogin(api);
  await auth().setCustomUserClaims(user.uid, { role: "staff" });
  const refreshed = await api.post<{ token: string }>("/token/refresh/", { refresh_token: user.refresh_token });
  expectStatus(refreshed, 200);
  return refreshed.body.token;
}
