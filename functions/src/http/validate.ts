/** Turns zod failures into a ValidationError that names every offending field. */
import type { z } from "zod";
import { ValidationError, type FieldError } from "./errors.js";

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

export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrors(result.error));
  return result.data;
}

/** For schemas with asynchronous steps (such as the phone number check). */
export async function parseOrThrowAsync<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): Promise<z.output<Schema>> {
  const result = await schema.safeParseAsync(input);
  if (!result.success) throw new ValidationError(fieldErrors(result.error));
  return result.data;
}
