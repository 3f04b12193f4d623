/**
 * The deployed functions. Only wiring lives here: each function is defined in a module of its own.
 *
 * Every function's instance loads this file, so it stays light: an instance loads the definition of
 * the function it runs and no other (the platform names it in FUNCTION_TARGET), and the SMS SDK is
 * loaded inside the SMS handlers only. The instance checks its settings before anything else.
 */
import { createRequire } from "node:module";
// Not "firebase-functions/v2": that index loads every trigger provider (about 250 ms at start).
import { setGlobalOptions } from "firebase-functions/v2/options";
import { functionsRegion } from "./config.js";
import type * as AccountTrigger from "./entry-points/account-trigger.js";
import type * as ApiFunction from "./entry-points/api.js";
import type * as SmsTriggers from "./entry-points/sms-triggers.js";
import { checkStartupConfiguration } from "./startup-check.js";

checkStartupConfiguration();

setGlobalOptions({ region: functionsRegion });

/**
 * Whether this instance needs a function's definition: the platform names the function an instance
 * runs in FUNCTION_TARGET; when firebase-tools lists the functions, nothing is named and all are needed.
 */
function defines(name: string): boolean {
  const target = process.env.FUNCTION_TARGET;
  return target === undefined || target === name;
}

const load = createRequire(__filename);
// The HTTPS provider alone takes about 160 ms to load; the app it serves is built on the first request.
const apiFunction = () => load("./entry-points/api.js") as typeof ApiFunction;
// Trigger definitions load firebase-functions' Firestore and scheduler providers (about 60 ms).
const smsTriggers = () => load("./entry-points/sms-triggers.js") as typeof SmsTriggers;
// The account cleanup needs firebase-functions' v1 module (about 120 ms).
const accountTrigger = () => load("./entry-points/account-trigger.js") as typeof AccountTrigger;

export const api = defines("api") ? apiFunction().api : undefined;
export const sendOrderConfirmation = defines("sendOrderConfirmation") ? smsTriggers().sendOrderConfirmation : undefined;
export const sendStatusNotification = defines("sendStatusNotification")
  ? smsTriggers().sendStatusNotification
  : undefined;
export const sendVerificationCode = defines("sendVerificationCode") ? smsTriggers().sendVerificationCode : undefined;
export const sendSmsReply = defines("sendSmsReply") ? smsTriggers().sendSmsReply : undefined;
export const sweepOrderSms = defines("sweepOrderSms") ? smsTriggers().sweepOrderSms : undefined;
export const cleanUpDeletedAccount = defines("cleanUpDeletedAccount")
  ? accountTrigger().cleanUpDeletedAccount
  : undefined;
