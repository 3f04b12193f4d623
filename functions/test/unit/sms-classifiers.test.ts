/** The pure decisions of the SMS flow: what an answer means, how long to back off, which report wins. */
import { describe, expect, it } from "vitest";
import { backoffMs, canRecordOver, SMS_POLICY } from "../../src/sms/delivery-rules.js";
import { classifyError, classifyResponse } from "../../src/sms/senders/africastalking.js";

const recipient = (statusCode: number, status = "Whatever") => ({
  SMSMessageData: { Message: "m", Recipients: [{ statusCode, status, messageId: "ATXid_1", cost: "KES 0.8000" }] },
});

describe("Classifying Africa's Talking's answers", () => {
  it.each([100, 101, 102])(
    "When a recipient's statusCode is %i, then the message is sent, with its id and cost",
    (code) => {
      expect(classifyResponse(recipient(code))).toEqual({
        kind: "sent",
        channel: "africastalking",
        messageId: "ATXid_1",
        cost: "KES 0.8000",
      });
    },
  );

  it.each([
    [500, "internal_server_error"],
    [501, "gateway_error"],
    [502, "rejected_by_gateway"],
  ])("When a recipient's statusCode is %i, then it is transient (%s)", (code, name) => {
    expect(classifyResponse(recipient(code))).toMatchObject({ kind: "transient", code: name });
  });

  it.each([
    [401, "risk_hold"],
    [402, "invalid_sender_id"],
    [403, "invalid_phone_number"],
    [405, "insufficient_balance"],
    [406, "user_in_blacklist"],
    [409, "do_not_disturb_rejection"],
    [999, "recipient_status_999"],
  ])("When a recipient's statusCode is %i, then it is permanent (%s)", (code, name) => {
    expect(classifyResponse(recipient(code))).toMatchObject({ kind: "permanent", code: name });
  });

  it("When no recipient is accepted, then it is permanent and the provider's message is kept, shortened", () => {
    const outcome = classifyResponse({ SMSMessageData: { Message: "x".repeat(500), Recipients: [] } });
    expect(outcome).toMatchObject({ kind: "permanent", code: "no_recipients" });
    expect((outcome as { message: string }).message.length).toBeLessThanOrEqual(200);
  });

  it("When one of several recipients failed, then the failure decides", () => {
    const answer = {
      SMSMessageData: {
        Recipients: [
          { statusCode: 101, status: "Success" },
          { statusCode: 406, status: "UserInBlacklist" },
        ],
      },
    };
    expect(classifyResponse(answer)).toMatchObject({ kind: "permanent", code: "user_in_blacklist" });
  });

  it.each([
    [{ isAxiosError: true, response: { status: 401 } }, "permanent", "authentication_failed"],
    [{ isAxiosError: true, response: { status: 503 } }, "transient", "http_503"],
    [{ isAxiosError: true, response: { status: 429 } }, "transient", "http_429"],
    [{ isAxiosError: true, response: { status: 400 } }, "permanent", "http_400"],
    [{ isAxiosError: true, code: "ECONNABORTED" }, "transient", "timeout"],
    [{ isAxiosError: true, code: "ECONNRESET" }, "transient", "network_error"],
    [new Error("invalid phone number"), "permanent", "rejected_request"],
  ])("When sending fails with %j, then it is %s (%s)", (error, kind, code) => {
    expect(classifyError(error)).toMatchObject({ kind, code });
  });
});

describe("Backing off", () => {
  it("When attempts fail, then the wait doubles from the base", () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(0)).toBe(SMS_POLICY.baseBackoffMs);
  });
});

describe("Ordering delivery reports", () => {
  it.each([null, undefined, "Sent", "Submitted", "Buffered"])(
    "When the current status is %j, then a report may replace it",
    (current) => {
      expect(canRecordOver(current)).toBe(true);
    },
  );

  it.each(["Success", "Failed", "Rejected", "Expired", "AbsentSubscriber", "UserInBlacklist"])(
    "When the current status is the final %s, then no report replaces it",
    (current) => {
      expect(canRecordOver(current)).toBe(false);
    },
  );
});
