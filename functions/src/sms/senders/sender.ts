/** What one attempt to hand a message to the SMS provider came to. */
export type SendOutcome =
  | { kind: "sent"; channel: "africastalking" | "outbox"; messageId: string | null; cost: string | null }
  /** Worth trying again later: timeouts, network errors, 5xx, provider statusCodes 500-502. */
  | { kind: "transient"; code: string; message: string }
  /** Trying again cannot help: bad credentials, invalid number, no balance, blacklisted... */
  | { kind: "permanent"; code: string; message: string };

export interface SmsSender {
  readonly channel: "africastalking" | "outbox";
  /** `reference` identifies the message (order and purpose), so a repeated hand-off is recognisable. */
  send(to: string, message: string, reference: string): Promise<SendOutcome>;
}
