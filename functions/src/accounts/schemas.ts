/** Request and response schemas for the account routes: validation, types and OpenAPI in one. */
import { z } from "zod";
import { named } from "../http/contract.js";
import { LANGUAGES } from "../platform/language.js";

/**
 * Letters, digits, underscores, dots and hyphens, starting with a letter or digit: a name that is safe
 * in an SMS and as a Firestore document id (which may not be `.`, `..` or `__...__`).
 */
export const usernameSchema = z
  .string()
  .min(3, "Use at least 3 characters.")
  .max(30, "Use at most 30 characters.")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "Use letters, digits, underscores, dots and hyphens, starting with a letter or digit.",
  )
  .meta({ example: "alice" });

const emailSchema = z
  .email("Enter a valid email address.")
  .max(254, "Use at most 254 characters.")
  .transform((email) => email.toLowerCase())
  .meta({ example: "alice@example.com" });

const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(128, "Use at most 128 characters.")
  .meta({ format: "password", example: "correct horse battery" });

export const PHONE_MESSAGE = "Enter a mobile number, such as 0712 345 678 or +254 712 345 678.";

/**
 * A phone number as people type it. Whether it is a real mobile number the shop may send SMS to is
 * checked by the accounts service (phone/phone-number.ts), which answers it in E.164.
 */
const phoneNumberSchema = z
  .string(PHONE_MESSAGE)
  .max(32, PHONE_MESSAGE)
  .regex(/^\+?[0-9][0-9 ().-]{5,30}$/, PHONE_MESSAGE)
  .meta({
    description: "A mobile number as people type it; answered in E.164.",
    example: "0712 345 678",
  });

export const languageSchema = named(
  "Language",
  z.enum(LANGUAGES, "Choose en (English) or sw (Kiswahili).").meta({
    description: "The customer's language.",
    example: "sw",
  }),
);

const registrationSchema = named(
  "Registration",
  z
    .strictObject({
      username: usernameSchema,
      email: emailSchema,
      password: passwordSchema,
      phone_number: phoneNumberSchema,
    })
    .meta({ description: "A new customer account." }),
);
export const registerRequestSchema = registrationSchema;
export type RegisterRequest = z.output<typeof registerRequestSchema>;

export const loginRequestSchema = named(
  "Credentials",
  z
    .strictObject({
      email: emailSchema,
      password: z
        .string()
        .min(1, "Enter your password.")
        .max(128, "Use at most 128 characters.")
        .meta({ format: "password", example: "correct horse battery" }),
    })
    .meta({ description: "Email and password." }),
);
export type LoginRequest = z.output<typeof loginRequestSchema>;

export const refreshRequestSchema = named(
  "TokenRefresh",
  z
    .strictObject({
      refresh_token: z.string().min(1, "Send the refresh_token from login.").max(4096).meta({ example: "AMf-vBx..." }),
    })
    .meta({ description: "From login or an earlier refresh." }),
);

const exampleUid = "QuxZcLSweUgmbrm6p6D3cEkrQIGz";

export const profileUpdateSchema = named(
  "ProfileUpdate",
  z
    .strictObject({ username: usernameSchema, phone_number: phoneNumberSchema, language: languageSchema.optional() })
    .meta({
      description: "The whole profile, created or replaced.",
      examples: [{ username: "alice", phone_number: "0712 345 678", language: "en" }],
    }),
);
export type ProfileUpdate = z.output<typeof profileUpdateSchema>;

export const profilePatchSchema = named(
  "ProfilePatch",
  z
    .strictObject({
      username: usernameSchema.optional(),
      phone_number: phoneNumberSchema.optional(),
      language: languageSchema.optional(),
      sms_opted_out: z.boolean("Send true to stop SMS, false to get them again.").optional().meta({
        description: "true stops SMS (as texting STOP does); false starts them again.",
      }),
    })
    .meta({
      description: "Some of the profile's fields.",
      examples: [{ language: "sw" }, { sms_opted_out: true }],
    }),
);
export type ProfilePatch = z.output<typeof profilePatchSchema>;

export const phoneVerificationSchema = named(
  "PhoneVerification",
  z
    .strictObject({
      code: z
        .string()
        .length(6, "Enter the 6-digit code from the SMS.")
        .regex(/^\d{6}$/, "Enter the 6-digit code from the SMS.")
        .meta({ example: "123456" }),
    })
    .meta({ description: "The code the SMS carried." }),
);

export const phoneCodeSentSchema = named(
  "PhoneCodeSent",
  z
    .strictObject({
      phone_number: z.string().max(16).meta({ example: "+254712345678" }),
      expires_at: z.iso.datetime().max(40),
    })
    .meta({
      description: "A code is on its way.",
      examples: [{ phone_number: "+254712345678", expires_at: "2024-01-15T10:40:00.000Z" }],
    }),
);

/** Response shapes are strict: a field the contract does not name is a contract violation. */
export const profileSchema = named(
  "Profile",
  z
    .strictObject({
      uid: z.string().max(128),
      email: z.email().max(254).nullable().meta({
        description: "Null for an account made by USSD.",
      }),
      username: z.string().max(30),
      phone_number: z
        .string()
        .max(16)
        .regex(/^\+[1-9]\d{6,14}$/),
      phone_verified: z.boolean().meta({
        description: "Whether the number is proven: only then do SMS go to it.",
      }),
      email_verified: z.boolean().meta({
        description: "Whether the owner proved the email.",
      }),
      language: languageSchema,
      sms_opted_out: z.boolean().meta({
        description: "Whether the number asked for no more SMS.",
      }),
      sms_opted_out_at: z.iso
        .datetime()
        .max(40)
        .nullable()
        .meta({ description: "When the number last said STOP or START." }),
      created_at: z.iso.datetime().max(40),
    })
    .meta({
      description: "A customer's profile.",
      examples: [
        {
          uid: exampleUid,
          email: "alice@example.com",
          username: "alice",
          phone_number: "+254712345678",
          phone_verified: true,
          email_verified: true,
          language: "en",
          sms_opted_out: false,
          sms_opted_out_at: null,
          created_at: "2024-01-15T10:29:00.000Z",
        },
      ],
    }),
);
export type Profile = z.infer<typeof profileSchema>;

export const registeredUserSchema = named(
  "RegisteredUser",
  z
    .strictObject({
      uid: z.string().max(128),
      email: z.email().max(254),
      username: z.string().max(30),
      phone_number: z.string().max(16),
    })
    .meta({
      description: "The account just created.",
      examples: [{ uid: exampleUid, email: "alice@example.com", username: "alice", phone_number: "+254712345678" }],
    }),
);

const tokenFields = {
  token: z.string().max(4096).meta({ description: "For `Authorization: Bearer`.", example: "eyJhbGciOi..." }),
  refresh_token: z.string().max(4096).meta({ description: "For POST /token/refresh/.", example: "AMf-vBx..." }),
  expires_in: z
    .number()
    .int()
    .min(0)
    .max(86400)
    .meta({ format: "int32", description: "Seconds the ID token is valid.", example: 3600 }),
};

export const sessionTokensSchema = named(
  "Tokens",
  z.strictObject(tokenFields).meta({ description: "A fresh ID token and refresh token." }),
);
export type SessionTokens = z.infer<typeof sessionTokensSchema>;

export const loginResponseSchema = named(
  "LoginResult",
  z
    .strictObject({ ...tokenFields, uid: z.string().max(128).meta({ example: exampleUid }) })
    .meta({ description: "Tokens and the account's uid." }),
);
export type LoginResponse = z.infer<typeof loginResponseSchema>;
