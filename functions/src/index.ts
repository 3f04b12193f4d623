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
import type * as AccountFunctions from "./accounts/functions.js";
import type * as ApiFunction from "./api-function.js";
import type * as NotificationFunctions from "./notifications/functions.js";
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
const apiFunction = () => load("./api-function.js") as typeof ApiFunction;
// Trigger definitions load firebase-functions' Firestore and scheduler providers (about 60 ms).
const notifications = () => load("./notifications/functions.js") as typeof NotificationFunctions;
// The account cleanup needs firebase-functions' v1 module (about 120 ms).
const accounts = () => load("./accounts/functions.js") as typeof AccountFunctions;

export const api = defines("api") ? apiFunction().api : undefined;
export const sendOrderConfirmation = defines("sendOrderConfirmation")
  ? notifications().sendOrderConfirmation
  : undefined;
export const sendStatusNotification = defines("sendStatusNotification")
  ? notifications().sendStatusNotification
  : undefined;
export const sendVerificationCode = defines("sendVerificationCode") ? notifications().sendVerificationCode : undefined;
export const sweepOrderSms = defines("sweepOrderSms") ? notifications().sweepOrderSms : undefined;
export const cleanUpDeletedAccount = defines("cleanUpDeletedAccount") ? accounts().cleanUpDeletedAccount : undefined;
