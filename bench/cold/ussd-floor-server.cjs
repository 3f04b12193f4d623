// The floor of a USSD answer: the least code that answers a registered customer's first USSD request
// the same way. It loads the same platform pieces (firebase-functions' HTTPS wrapper, Express, the
// Admin SDK), reads the form, finds the customer by the number's proof and profile, reads and writes
// the session, and answers the home screen as text/plain.
const { createServer } = require("node:http");
const { onRequest } = require("firebase-functions/v2/https");
const express = require("express");
const { initializeApp } = require("firebase-admin/app");
const { getFirestore, Timestamp } = require("firebase-admin/firestore");

const app = initializeApp();
const db = getFirestore(app);
const router = express();
router.post("/api/ussd/:token/", express.urlencoded({ extended: false }), async (req, res) => {
  if (req.params.token !== process.env.AT_CALLBACK_TOKEN) {
    res.status(403).end();
    return;
  }
  const { sessionId, phoneNumber, text } = req.body;
  const [proof, session] = await Promise.all([
    db.collection("phone_numbers").doc(phoneNumber).get(),
    db.collection("ussd_floor_sessions").doc(sessionId).get(),
  ]);
  const profile = await db
    .collection("users")
    .doc(String(proof.get("uid")))
    .get();
  const answer = `CON Hi ${profile.get("username")}\n1 Order\n2 My orders\n0 Exit`;
  await db
    .collection("ussd_floor_sessions")
    .doc(sessionId)
    .set({ text, answer, seen: session.exists, updated_at: Timestamp.now() });
  res.type("text/plain").send(answer);
});
const handler = onRequest((req, res) => {
  router(req, res);
});

createServer((req, res) => {
  handler(req, res);
}).listen(Number(process.env.PORT), "127.0.0.1");
