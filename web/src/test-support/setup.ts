/** Before each component test: a clean DOM, clean storage, and no Firestore SDK (pages are not live here). */
import { cleanup } from "@testing-library/preact";
import { afterEach, beforeEach, vi } from "vitest";

vi.mock("../firestore.js", () => ({
  connectFirestoreEmulator: vi.fn(),
  doc: vi.fn(),
  getFirestore: vi.fn(),
  onSnapshot: vi.fn(),
}));

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  location.hash = "";
});

afterEach(() => {
  cleanup();
});
