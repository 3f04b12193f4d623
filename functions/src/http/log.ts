/**
 * Where the API's own log lines go: Cloud Logging (through the firebase-functions logger) unless a
 * test or the benchmark passes another sink. Fields are structured, never the raw path or a body.
 */
import * as logger from "firebase-functions/logger";

export type LogFields = Record<string, unknown>;

export interface LogSink {
  info(message: string, fields: LogFields): void;
  warn(message: string, fields: LogFields): void;
  error(message: string, fields: LogFields): void;
}

export const cloudLogging: LogSink = {
  info: (message, fields) => {
    logger.info(message, fields);
  },
  warn: (message, fields) => {
    logger.warn(message, fields);
  },
  error: (message, fields) => {
    logger.error(message, fields);
  },
};
