/**
 * The first thing a function instance does: check its own settings. A missing or invalid one stops
 * the instance at startup with one log line naming it, so a misconfigured deploy fails visibly
 * instead of answering with a demo default or failing request by request.
 */
import * as logger from "firebase-functions/logger";
import { checkSettings, ConfigurationError, type FunctionGroup } from "./config.js";

/** Which settings each exported function reads (its name is the FUNCTION_TARGET the platform sets). */
export const FUNCTION_GROUPS: Record<string, FunctionGroup> = {
  api: "api",
  sendOrderConfirmation: "sms",
  sendStatusNotification: "sms",
  sendVerificationCode: "sms",
  sendSmsReply: "sms",
  sweepOrderSms: "sms",
};

export function checkStartupConfiguration(env: NodeJS.ProcessEnv = process.env): void {
  // firebase deploy loads the code only to list the functions; settings are resolved after that.
  if (env.FUNCTIONS_CONTROL_API === "true") return;
  const target = env.FUNCTION_TARGET;
  const group = target === undefined ? undefined : FUNCTION_GROUPS[target];
  if (group === undefined) return;
  try {
    checkSettings(group, env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.error(`${target} cannot start: ${error.message}`, { function: target, problems: error.problems });
    }
    throw error;
  }
}
