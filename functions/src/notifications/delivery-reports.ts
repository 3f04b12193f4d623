/**
 * Africa's Talking delivery reports: POST /sms/delivery-reports/{token}, form-encoded (id, status,
 * phoneNumber, networkCode, failureReason). The token is a secret only Africa's Talking knows (it is
 * in the callback URL registered with them). Reports can repeat and arrive out of order: a final
 * state is never replaced, and an in-flight state never replaces a final one.
 */
import { timingSafeEqual } from "node:crypto";
import { Router } from "express";
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { BadRequestError, ForbiddenError, UnsupportedMediaTypeError } from "../http/errors.js";
import { rawBody } from "../http/json-body.js";
import { defineRoute } from "../http/routes.js";
import type { SmsState } from "../orders/order-document.js";
import { SMS_MESSAGES } from "./sms-delivery.js";

const FINAL = new Set(["Success", "Failed", "Rejected", "Expired", "AbsentSubscriber", "UserInBlacklist"]);
const FORM_LIMIT_BYTES = 4 * 1024;

export type ReportOutcome = "recorded" | "ignored";

/** A report may replace an in-flight status (Sent, Submitted, Buffered), never a final one. */
export function canRecordOver(current: string | null | undefined): boolean {
  return !current || !FINAL.has(current);
}

function tokenMatches(expected: string, given: string): boolean {
  if (!expected) return false;
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function recordDeliveryReport(
  db: Firestore,
  report: { id: string; status: string; failureReason: string | null; networkCode: string | null },
  now: Date,
): Promise<ReportOutcome> {
  const index = await db.collection(SMS_MESSAGES).doc(report.id).get();
  if (!index.exists) return "ignored";
  const ref = db.doc((index.data() as { path: string }).path);
  return db.runTransaction(async (transaction) => {
    const snapshot = await transaction.get(ref);
    if (!snapshot.exists) return "ignored";
    const sms = (snapshot.data() as { sms: SmsState }).sms;
    if (!canRecordOver(sms.delivery_status)) return "ignored";
    transaction.update(ref, {
      "sms.delivery_status": report.status,
      "sms.delivery_failure_reason": report.failureReason,
      "sms.delivery_network_code": report.networkCode,
      "sms.delivery_updated_at": Timestamp.fromDate(now),
    });
    return "recorded";
  });
}

export function deliveryReportsRouter(db: Firestore, token: string, clock: () => Date): Router {
  const router = Router();
  defineRoute(router, "/sms/delivery-reports/:token", {
    post: [
      async (req, res) => {
        if (!tokenMatches(token, String(req.params.token))) {
          throw new ForbiddenError("invalid_callback_token", "This callback URL is not valid.");
        }
        const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
        if (type !== "application/x-www-form-urlencoded") throw new UnsupportedMediaTypeError();
        const form = new URLSearchParams((await rawBody(req, FORM_LIMIT_BYTES)).toString("utf8"));
        const id = form.get("id")?.trim();
        const status = form.get("status")?.trim();
        if (!id || !status || id.length > 200 || status.length > 50) {
          throw new BadRequestError("validation_error", "A delivery report needs an id and a status.", [
            ...(id ? [] : [{ field: "id", message: "Required." }]),
            ...(status ? [] : [{ field: "status", message: "Required." }]),
          ]);
        }
        const outcome = await recordDeliveryReport(
          db,
          {
            id,
            status,
            failureReason: form.get("failureReason")?.slice(0, 200) ?? null,
            networkCode: form.get("networkCode")?.slice(0, 20) ?? null,
          },
          clock(),
        );
        // Unknown ids are acknowledged too: the provider must not keep retrying them.
        res.status(200).json({ status: outcome });
      },
    ],
  });
  return router;
}
