/**
 * The floor for the benchmark: for each route only the work that cannot be avoided — verify the ID
 * token (with the same revocation check the API makes), then the same Firestore operations as the
 * route it stands for (a new order reads the customer's profile, as the data model requires, and
 * writes the order, its number's reservation and the hourly tally; one from the catalogue reads its
 * products and writes their stock in the same transaction, taking the same per-product turns) — in a
 * bare Node HTTP server: no framework, no validation, no error mapping, no SMS composition.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Auth } from "firebase-admin/auth";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { baseOrderNumber, withSuffix } from "../functions/src/orders/order-number.js";
import { turnsFor } from "../functions/src/products/turns.js";

interface Line {
  product_id: string;
  quantity: number;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startBaseline(auth: Auth, db: Firestore): Promise<{ url: string; server: Server }> {
  const inTurn = turnsFor(db);
  const server = createServer((req, res) => {
    void (async () => {
      const token = (req.headers.authorization ?? "").slice("Bearer ".length);
      const { uid } = await auth.verifyIdToken(token, true);
      const orders = db.collection("users").doc(uid).collection("orders");
      const [path = ""] = (req.url ?? "").split("?");
      const id = /^\/orders\/([A-Za-z0-9]+)\/$/.exec(path)?.[1];

      if (req.method === "POST" && path === "/orders/") {
        const input = await body(req);
        // The customer's name and number come from the profile: a read no order can do without.
        const profileRef = db.collection("users").doc(uid);
        const profile = (await profileRef.get()).data() as { username?: string; phone_number?: string } | undefined;
        const now = Timestamp.now();
        const ref = orders.doc();
        const customer = { uid, username: profile?.username, phone_number: profile?.phone_number };
        const tally = { order_tally: { count: FieldValue.increment(1) } };
        if (Array.isArray(input.lines)) {
          const lines = input.lines as Line[];
          const products = lines.map((line) => db.collection("products").doc(line.product_id));
          for (let attempt = 0; ; attempt++) {
            try {
              const order = await inTurn(
                lines.map((line) => line.product_id),
                () =>
                  db.runTransaction(async (transaction) => {
                    const found = await transaction.getAll(...products);
                    const priced = lines.map((line, index) => {
                      const data = found[index]?.data() as { name: string; price_minor: number; stock: number | null };
                      return { ...line, name: data.name, unit_price_minor: data.price_minor, stock: data.stock };
                    });
                    const number = baseOrderNumber(priced[0]?.name ?? "", now.toDate());
                    const order = {
                      lines: priced.map((line) => ({
                        product_id: line.product_id,
                        name: line.name,
                        quantity: line.quantity,
                        unit_price_minor: line.unit_price_minor,
                        line_total_minor: line.unit_price_minor * line.quantity,
                      })),
                      amount_minor: priced.reduce((sum, line) => sum + line.unit_price_minor * line.quantity, 0),
                      order_number: attempt === 0 ? number : withSuffix(number),
                      created_at: now,
                      customer,
                    };
                    transaction.create(db.collection("order_numbers").doc(order.order_number), {
                      uid,
                      order_id: ref.id,
                    });
                    transaction.create(ref, order);
                    transaction.set(profileRef, tally, { merge: true });
                    priced.forEach((line, index) => {
                      const product = products[index];
                      if (line.stock !== null && product)
                        transaction.update(product, { stock: line.stock - line.quantity });
                    });
                    return order;
                  }),
              );
              send(res, 201, { id: ref.id, ...order });
              return;
            } catch (error) {
              if ((error as { code?: number }).code !== 6 || attempt > 8) throw error;
            }
          }
        }
        const base = baseOrderNumber(String(input.item), now.toDate());
        for (let attempt = 0; ; attempt++) {
          const number = attempt === 0 ? base : withSuffix(base);
          const order = {
            item: input.item,
            amount_minor: Number(input.amount) * 100,
            order_number: number,
            created_at: now,
            customer,
          };
          try {
            const batch = db.batch();
            batch.create(db.collection("order_numbers").doc(number), { uid, order_id: ref.id });
            batch.create(ref, order);
            // The hourly order tally, as the route counts it in the same batch.
            batch.set(profileRef, tally, { merge: true });
            await batch.commit();
            send(res, 201, { id: ref.id, ...order });
            return;
          } catch (error) {
            if ((error as { code?: number }).code !== 6 || attempt > 8) throw error;
          }
        }
      }
      if (req.method === "GET" && path === "/orders/") {
        const snapshot = await orders.orderBy("created_at", "desc").limit(20).get();
        send(
          res,
          200,
          snapshot.docs.map((doc) => ({ id: doc.id, ...doc.data() })),
        );
        return;
      }
      if (req.method === "GET" && id) {
        const snapshot = await orders.doc(id).get();
        send(res, 200, { id, ...snapshot.data() });
        return;
      }
      if (req.method === "PUT" && id) {
        const input = await body(req);
        const updated = await db.runTransaction(async (transaction) => {
          const ref = orders.doc(id);
          const snapshot = await transaction.get(ref);
          const fields = { item: input.item, amount_minor: Number(input.amount) * 100 };
          transaction.update(ref, fields);
          return { ...snapshot.data(), ...fields };
        });
        send(res, 200, { id, ...updated });
        return;
      }
      send(res, 404, {});
    })().catch(() => {
      if (!res.headersSent) send(res, 500, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
