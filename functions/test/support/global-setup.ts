/**
 * The suite runs inside `firebase emulators:exec` (npm test), which starts the Emulator Suite once
 * and exports where each emulator listens. Running vitest on its own gets a clear message instead
 * of a wall of connection errors.
 */
export default function checkEmulators(): void {
  const missing = ["FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST", "GCLOUD_PROJECT"].filter(
    (name) => !process.env[name],
  );
  if (missing.length > 0) {
    throw new Error(
      `The tests need the Firebase emulators (missing ${missing.join(", ")}). Run them with \`npm test\`, ` +
        "or `npx tsx scripts/emulators.ts exec -- vitest run <files>`.",
    );
  }
}
