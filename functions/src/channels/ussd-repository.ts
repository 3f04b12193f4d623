/**
 * Firestore access for USSD sessions. Nothing else touches this collection:
 *
 *   ussd_sessions/{hash of the sessionId}   the menu's state, the inputs it has taken and the answer it gave
 *
 * Africa's Talking sends every input of a session so far with each request; the session keeps the
 * state those inputs led to, so the next request applies only its new input, and a repeated request
 * gets the same answer without doing anything again. Sessions are removed by a TTL policy.
 */
import { createHash } from "node:crypto";
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { storedAs } from "../platform/stored-as.js";
import type { MenuContext, MenuState } from "./ussd-menu.js";

export const USSD_SESSIONS = "ussd_sessions";
/** A gateway session lasts at most 180 s; the record a little longer, then the TTL policy removes it. */
const SESSION_TTL_MS = 60 * 60_000;

export interface UssdSession {
  /** The E.164 number the network placed the session from. */
  number: string;
  /** The inputs taken so far, as Africa's Talking joins them (`1*2*3`). */
  text: string;
  answer: string;
  state: MenuState;
  context: MenuContext;
}

interface SessionDocument extends UssdSession {
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
}

/** Document ids from the gateway's session ids, whatever characters those hold. */
export function sessionDocumentId(sessionId: string): string {
  return createHash("sha256").update(sessionId, "utf8").digest("hex").slice(0, 40);
}

export function createUssdRepository(db: Firestore) {
  const sessions = db.collection(USSD_SESSIONS).withConverter(storedAs<SessionDocument>());
  return {
    async get(sessionId: string): Promise<(UssdSession & { createdAt: Timestamp }) | undefined> {
      const stored = (await sessions.doc(sessionDocumentId(sessionId)).get()).data();
      if (!stored) return undefined;
      return {
        number: stored.number,
        text: stored.text,
        answer: stored.answer,
        state: stored.state,
        context: stored.context,
        createdAt: stored.created_at,
      };
    },

    async save(sessionId: string, session: UssdSession, createdAt: Timestamp | undefined, now: Date): Promise<void> {
      const at = Timestamp.fromDate(now);
      await sessions.doc(sessionDocumentId(sessionId)).set({
        ...session,
        created_at: createdAt ?? at,
        updated_at: at,
        expires_at: Timestamp.fromMillis(now.getTime() + SESSION_TTL_MS),
      });
    },
  };
}

export type UssdRepository = ReturnType<typeof createUssdRepository>;
