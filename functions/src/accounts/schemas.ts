/** Request and response schemas for the account routes: validation, types and OpenAPI in one. */
import { z } from "zod";
import { normalisePhoneNumber } from "./phone-number.js";

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "Use at least 3 characters.")
  .max(30, "Use at most 30 characters.")
  .regex(/^[A-Za-z0-9_.-]+$/, "Use only letters, digits, underscores, dots and hyphens.");

export const emailSchema = z
  .string()
  .trim()
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter a valid email address."))
  .transform((email) => email.toLowerCase());

export const passwordSchema = z.string().min(8, "Use at least 8 characters.").max(128, "Use at most 128 characters.");

export const phoneNumberSchema = z
  .string()
  .max(32, "Enter a valid phone number in international format, such as +254712345678.")
  .transform(async (value, context) => {
    const normalised = await normalisePhoneNumber(value);
    if (!normalised) {
      context.addIssue({
        code: "custom",
        message: "Enter a valid phone number in international format, such as +254712345678.",
      });
      return z.NEVER;
    }
    return normalised;
  });

export const registerRequestSchema = z
  .object({
    username: usernameSchema,
    email: emailSchema,
    password: passwordSchema,
    phone_number: phoneNumberSchema,
  })
  .strict();
export type RegisterRequest = z.output<typeof registerRequestSchema>;

export const loginRequestSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1, "Enter your password.").max(128, "Use at most 128 characters."),
  })
  .strict();
export type LoginRequest = z.output<typeof loginRequestSchema>;

export const refreshRequestSchema = z
  .object({
    refresh_token: z.string().min(1, "Send the refresh_token from login.").max(4096),
  })
  .strict();

/** Response shapes are strict: a field the contract does not name is a contract violation. */
export const profileSchema = z.strictObject({
  uid: z.string(),
  email: z.email(),
  username: z.string(),
  phone_number: z.string().regex(/^\+[1-9]\d{6,14}$/),
  created_at: z.iso.datetime(),
});
export type Profile = z.infer<typeof profileSchema>;

export const registeredUserSchema = profileSchema.pick({
  uid: true,
  email: true,
  username: true,
  phone_number: true,
});

export const sessionTokensSchema = z.strictObject({
  token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int(),
});
export type SessionTokens = z.infer<typeof sessionTokensSchema>;

export const loginResponseSchema = sessionTokensSchema.extend({ uid: z.string() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;
