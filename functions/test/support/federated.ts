/**
 * Sign-in with Google or another OpenID Connect provider, as a client app does it, against the Auth
 * emulator: the provider's ID token goes to Firebase Auth, which answers with a Firebase ID token. The
 * emulator takes any well-formed provider token (unsigned), so tests make one.
 */
import { deleteApp, initializeApp as initializeClientApp } from "firebase/app";
import { connectAuthEmulator, getAuth as getClientAuth, GoogleAuthProvider, signInWithCredential } from "firebase/auth";
import { authEmulatorHost, projectId } from "./firebase.js";

export function providerIdToken(claims: {
  sub: string;
  email: string;
  email_verified?: boolean;
  name?: string;
}): string {
  const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ email_verified: true, ...claims })).toString("base64url");
  return `${header}.${payload}.`;
}

export interface FederatedSession {
  uid: string;
  token: string;
  refreshToken: string;
}

/** Google sign-in through the Firebase JS client SDK (signInWithCredential), as a web or mobile app does it. */
export async function signInWithGoogleSdk(email: string): Promise<FederatedSession> {
  const clientApp = initializeClientApp({ apiKey: "demo-api-key", projectId }, `google-${email}`);
  try {
    const clientAuth = getClientAuth(clientApp);
    connectAuthEmulator(clientAuth, `http://${authEmulatorHost()}`, { disableWarnings: true });
    const credential = GoogleAuthProvider.credential(providerIdToken({ sub: `google-${email}`, email }));
    const signedIn = await signInWithCredential(clientAuth, credential);
    return {
      uid: signedIn.user.uid,
      token: await signedIn.user.getIdToken(),
      refreshToken: signedIn.user.refreshToken,
    };
  } finally {
    await deleteApp(clientApp);
  }
}

/** Any provider through the Identity Toolkit REST API (signInWithIdp), as curl would do it. */
export async function signInWithIdp(
  providerId: string,
  email: string,
  claims: { email_verified?: boolean } = {},
): Promise<FederatedSession> {
  const response = await fetch(
    `http://${authEmulatorHost()}/identitytoolkit.googleapis.com/v1/accounts:signInWithIdp?key=any`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        postBody: `id_token=${providerIdToken({ sub: `${providerId}-${email}`, email, ...claims })}&providerId=${providerId}`,
        requestUri: "http://localhost",
        returnSecureToken: true,
      }),
    },
  );
  const body = (await response.json()) as { localId?: string; idToken?: string; refreshToken?: string };
  if (!response.ok || !body.localId || !body.idToken || !body.refreshToken) {
    throw new Error(`signInWithIdp answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return { uid: body.localId, token: body.idToken, refreshToken: body.refreshToken };
}
