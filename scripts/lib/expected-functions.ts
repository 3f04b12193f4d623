/**
 * What a deploy must create: each function with its trigger, size, limits and secrets. The deploy
 * rehearsal compares firebase-tools' resolved backend (and the discovery in the installed upload)
 * with this table; a change to a function's options means a change here, on purpose.
 */
import type { Endpoint } from "./firebase-tools-internals.js";

export interface ExpectedFunction {
  /** Cloud Functions generation: gcfv2, or gcfv1 where Firebase offers only that (Auth user events). */
  platform: "gcfv1" | "gcfv2";
  trigger: string;
  memoryMb: number;
  /** vCPUs; 1st-gen functions get theirs from the memory size. */
  cpu: number | "by memory";
  concurrency: number;
  maxInstances: number;
  timeoutSeconds: number;
  secrets: string[];
}

/** The SMS triggers alike: one send at a time, at most 5 instances (the README's send-rate arithmetic). */
function smsTrigger(trigger: string): ExpectedFunction {
  return {
    platform: "gcfv2",
    trigger,
    memoryMb: 256,
    cpu: 1,
    concurrency: 1,
    maxInstances: 5,
    timeoutSeconds: 60,
    secrets: ["AT_API_KEY"],
  };
}

export const EXPECTED_FUNCTIONS: Record<string, ExpectedFunction> = {
  api: {
    platform: "gcfv2",
    trigger: "https",
    memoryMb: 512,
    cpu: 1,
    concurrency: 80,
    maxInstances: 20,
    timeoutSeconds: 30,
    secrets: ["AT_CALLBACK_TOKEN"],
  },
  sendOrderConfirmation: smsTrigger("firestore created users/{uid}/orders/{orderId} (retry)"),
  sendStatusNotification: smsTrigger(
    "firestore created users/{uid}/orders/{orderId}/notifications/{notificationId} (retry)",
  ),
  sendVerificationCode: smsTrigger("firestore created verification_messages/{messageId} (retry)"),
  sendSmsReply: smsTrigger("firestore created sms_replies/{replyId} (retry)"),
  cleanUpDeletedAccount: {
    platform: "gcfv1",
    trigger: "auth user deleted",
    memoryMb: 256,
    cpu: "by memory",
    concurrency: 1,
    maxInstances: 5,
    timeoutSeconds: 120,
    secrets: [],
  },
  sweepOrderSms: {
    platform: "gcfv2",
    trigger: "schedule every 5 minutes",
    memoryMb: 256,
    cpu: 1,
    concurrency: 1,
    maxInstances: 1,
    timeoutSeconds: 300,
    secrets: ["AT_API_KEY"],
  },
};

function describeTrigger(endpoint: Endpoint): string {
  if (endpoint.httpsTrigger) return "https";
  if (endpoint.scheduleTrigger) return `schedule ${endpoint.scheduleTrigger.schedule}`;
  if (endpoint.eventTrigger) {
    const { eventType, eventFilterPathPatterns, retry } = endpoint.eventTrigger;
    if (eventType === "providers/firebase.auth/eventTypes/user.delete") return "auth user deleted";
    const kind = eventType.replace(/^google\.cloud\.firestore\.document\.v1\./, "firestore ");
    return `${kind} ${eventFilterPathPatterns?.document ?? ""}${retry ? " (retry)" : ""}`;
  }
  return "unknown";
}

/** The function as the table above describes it, read from a resolved endpoint. */
export function describeEndpoint(endpoint: Endpoint): ExpectedFunction {
  return {
    platform: endpoint.platform === "gcfv1" ? "gcfv1" : "gcfv2",
    trigger: describeTrigger(endpoint),
    memoryMb: endpoint.availableMemoryMb ?? 0,
    cpu: typeof endpoint.cpu === "number" ? endpoint.cpu : "by memory",
    concurrency: endpoint.concurrency ?? 1,
    maxInstances: endpoint.maxInstances ?? 0,
    timeoutSeconds: endpoint.timeoutSeconds ?? 0,
    secrets: (endpoint.secretEnvironmentVariables ?? []).map((secret) => secret.key).sort(),
  };
}

/** Every difference between the endpoints and the table, one line each; empty when they match. */
export function functionDifferences(endpoints: Endpoint[], region: string): string[] {
  const differences: string[] = [];
  const seen = new Set<string>();
  for (const endpoint of endpoints) {
    seen.add(endpoint.id);
    const expected = EXPECTED_FUNCTIONS[endpoint.id];
    if (!expected) {
      differences.push(`${endpoint.id}: not expected`);
      continue;
    }
    if (endpoint.region !== region) differences.push(`${endpoint.id}: region ${endpoint.region}, expected ${region}`);
    const actual = describeEndpoint(endpoint);
    for (const key of Object.keys(expected) as (keyof ExpectedFunction)[]) {
      const want = JSON.stringify(expected[key]);
      const got = JSON.stringify(actual[key]);
      if (want !== got) differences.push(`${endpoint.id}: ${key} ${got}, expected ${want}`);
    }
  }
  for (const name of Object.keys(EXPECTED_FUNCTIONS)) {
    if (!seen.has(name)) differences.push(`${name}: missing`);
  }
  return differences;
}
