/** Where every function runs: next to the Firestore database (nam5 multi-region / us-central1). */
export const FUNCTIONS_REGION = "us-central1";
