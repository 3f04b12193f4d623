// The floor of a cold start: the least code that answers the same request the same way. It loads
// the same platform pieces (firebase-functions' HTTPS wrapper, Express, the Admin SDK), verifies the
// ID token with the revocation check, and makes the one query that answers GET /orders/.
const { createServer } = require("node:http");
const { onRequest } = require("firebase-functions/v2/https");
const express = require("express");
const { initializeApp } = require("firebase-admin/app");
const { getAuth } = require("firebase-admin/auth");
const { getFirestore } = require("firebase-admin/firestore");

const app = initializeApp();
const auth = getAuth(app);
const db = getFirestore(app);
const router = express();
router.get("/api/orders/", async (req, res) => {
  const token = (req.headers.authorization || "").slice("Bearer ".length);
  const { uid } = await auth.verifyIdToken(token, true);
  const snapshot = await db
    .collection("users")
    .doc(uid)
    .collection("orders")
    .orderBy("created_at", "desc")
    .limit(20)
    .get();
  res.json(snapshot.docs.map((doc) => ({ id: doc.id, ...doc.data() })));
});
const handler = onRequest((req, res) => {
  router(req, res);
});

createServer((req, res) => {
  handler(req, res);
}).listen(Number(process.env.PORT), "127.0.0.1");
