/** How a verification code reaches a phone: queued as a message the SMS functions send. */
export interface PhoneCodeSender {
  send(code: { uid: string; to: string; code: string; validMinutes: number; at: Date }): Promise<void>;
}
