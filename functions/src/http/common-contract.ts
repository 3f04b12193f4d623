/** Contract pieces every resource shares: problem schemas, response headers, conditional requests. */
import { z } from "zod";
import { named, parameter, responseHeader } from "./contract.js";

const fieldErrorSchema = named(
  "FieldError",
  z
    .strictObject({
      field: z.string().max(200).meta({ description: "A dotted path, or a header name.", example: "amount" }),
      message: z.string().max(500).meta({ example: "Use at most 2 decimal places." }),
    })
    .meta({ description: "One problem with one field." }),
);

const problemFields = {
  type: z.string().max(200).meta({ description: "`about:blank`; see `code`.", example: "about:blank" }),
  title: z.string().max(100).meta({ description: "The HTTP status text.", example: "Not Found" }),
  status: z.number().int().min(400).max(599).meta({ format: "int32", example: 404 }),
  detail: z
    .string()
    .max(1000)
    .meta({ description: "A sentence for people.", example: "No order with this id exists." }),
  code: z.string().max(64).meta({
    description: "Stable, machine-readable: each operation lists the codes it can answer, per status.",
    example: "order_not_found",
  }),
};

export const problemSchema = named(
  "Problem",
  z.strictObject({ ...problemFields, errors: z.array(fieldErrorSchema).max(50).optional() }).meta({
    description: "An RFC 9457 problem.",
    examples: [
      {
        type: "about:blank",
        title: "Not Found",
        status: 404,
        detail: "No order with this id exists.",
        code: "order_not_found",
      },
    ],
  }),
);

export const validationProblemSchema = named(
  "ValidationProblem",
  z
    .strictObject({
      ...problemFields,
      code: z.literal("validation_error"),
      errors: z.array(fieldErrorSchema).min(1).max(50),
    })
    .meta({
      description: "A 400 whose `errors` names every offending field.",
      examples: [
        {
          type: "about:blank",
          title: "Bad Request",
          status: 400,
          detail: "The request is not valid.",
          code: "validation_error",
          errors: [{ field: "amount", message: "Use at most 2 decimal places." }],
        },
      ],
    }),
);

export const requestIdHeader = responseHeader({
  id: "RequestId",
  name: "X-Request-Id",
  description: "The request's id in the logs: the caller's own when it is 8-128 plain characters, else a new UUID.",
  schema: z.string().min(8).max(128),
  example: "4e3dab78-4474-4304-840c-09526366f14a",
});

export const retryAfterHeader = responseHeader({
  id: "RetryAfter",
  name: "Retry-After",
  description: "Seconds to wait before trying again.",
  schema: z.string().max(10).regex(/^\d+$/),
  example: "5",
});

export const wwwAuthenticateHeader = responseHeader({
  id: "WWWAuthenticate",
  name: "WWW-Authenticate",
  description: "The Bearer challenge (RFC 6750).",
  schema: z.string().max(200),
  example: 'Bearer realm="api", error="invalid_token"',
});

export const etagHeader = responseHeader({
  id: "ETag",
  name: "ETag",
  description: "Send it back in `If-Match`.",
  schema: z
    .string()
    .max(20)
    .regex(/^"\d+"$/),
  example: '"1"',
});

export const locationHeader = responseHeader({
  id: "Location",
  name: "Location",
  description: "The new resource's URL.",
  schema: z.string().max(2048),
  example: "./JONMvEFzV9xG3Zeh7SSA/",
});

export const linkHeader = responseHeader({
  id: "Link",
  name: "Link",
  description: 'The next page, if any: `rel="next"`.',
  schema: z.string().max(2048),
  example: '<?limit=20&cursor=WzE3MDUzMTQ2MDAsMCwiSk9OTXZFRnpWOXhHM1plaDdTU0EiXQ>; rel="next"',
});

export const rateLimitHeaders = [
  responseHeader({
    id: "RateLimitLimit",
    name: "RateLimit-Limit",
    description: "Requests allowed per window.",
    schema: z.string().max(10).regex(/^\d+$/),
    example: "30",
  }),
  responseHeader({
    id: "RateLimitRemaining",
    name: "RateLimit-Remaining",
    description: "Requests left in the current window.",
    schema: z.string().max(10).regex(/^\d+$/),
    example: "0",
  }),
  responseHeader({
    id: "RateLimitReset",
    name: "RateLimit-Reset",
    description: "Seconds until the window resets.",
    schema: z.string().max(10).regex(/^\d+$/),
    example: "42",
  }),
] as const;

export const ifMatchParameter = parameter({
  id: "IfMatch",
  name: "If-Match",
  in: "header",
  required: false,
  description: "An `ETag` from a read; a stale one is a 412.",
  schema: z.string().min(1).max(512).optional(),
  example: '"1"',
});
