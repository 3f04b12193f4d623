/**
 * Firebase for the app: the project's web configuration, then Auth and Firestore.
 *
 * The configuration is not built in: Firebase Hosting serves it at a reserved URL for whichever
 * project the site belongs to (its emulator does the same), so one build serves every project. A
 * project whose id starts with demo- exists only in the emulators, and the app talks to them.
 *
 * Firestore (the live order updates) is the largest part of the SDK and only the orders page needs
 * it, so it loads when that page first asks: the sign-in page and the staff side never fetch it.
 */
import { initializeApp, type FirebaseOptions } from "firebase/app";
import { connectAuthEmulator, getAuth, type Auth } from "firebase/auth";
import type { Firestore } from "firebase/firestore";

const CONFIG_URL = "/__/firebase/init.json";

export interface FirebaseServices {
  projectId: string;
  auth: Auth;
  firestore: () => Promise<Firestore>;
  emulated: boolean;
}

export async function startFirebase(): Promise<FirebaseServices> {
  const response = await fetch(CONFIG_URL);
  if (!response.ok) throw new Error(`The site's Firebase configuration is missing (${String(response.status)}).`);
  const options = (await response.json()) as FirebaseOptions;
  const projectId = options.projectId ?? "";
  const app = initializeApp(options);
  const auth = getAuth(app);
  const emulated = projectId.startsWith("demo-");
  if (emulated) connectAuthEmulator(auth, `http://${__AUTH_EMULATOR__}`, { disableWarnings: true });
  let firestore: Promise<Firestore> | undefined;
  const startFirestore = async (): Promise<Firestore> => {
    const { connectFirestoreEmulator, getFirestore } = await import("./firestore.js");
    const db = getFirestore(app);
    if (emulated) {
      const [host = "127.0.0.1", port = "8080"] = __FIRESTORE_EMULATOR__.split(":");
      connectFirestoreEmulator(db, host, Number(port));
    }
    return db;
  };
  return {
    projectId,
    auth,
    emulated,
    firestore: () => (firestore ??= startFirestore()),
  };
}
