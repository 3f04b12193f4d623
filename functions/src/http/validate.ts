/** Turns zod failures into field errors that name every offending field. */
import type { z } from "zod";
import type { FieldError } from "./errors.js";

export function fieldErrors(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const parent = issue.path.map(String).join(".");
      for (const key of issue.keys) {
        errors.push({ field: parent ? `${parent}.${key}` : key, message: "This field is not allowed." });
      }
      continue;
    }
    errors.push({ field: issue.path.map(String).join(".") || "body", message: issue.message });
  }
  return errors;
}
