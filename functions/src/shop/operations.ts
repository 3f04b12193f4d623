/** The shop as customers see it: its name, currency, time zone and languages (public: the sign-in page shows them). */
import { z } from "zod";
import { named } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { LANGUAGES, type Language } from "../platform/language.js";

export interface ShopServices {
  shop: { name: string; currency: string; timeZone: string; defaultLanguage: Language };
}

const operation = operationsUsing<ShopServices>();

const shopSchema = named(
  "Shop",
  z
    .strictObject({
      name: z.string().max(40).meta({ example: "Duka" }),
      currency: z
        .string()
        .length(3)
        .regex(/^[A-Z]{3}$/)
        .meta({ description: "ISO 4217.", example: "KES" }),
      time_zone: z.string().max(64).meta({ description: "IANA: the shop's days.", example: "Africa/Nairobi" }),
      languages: z
        .array(z.enum(LANGUAGES))
        .min(1)
        .max(10)
        .meta({ example: ["en", "sw"] }),
      default_language: z.enum(LANGUAGES).meta({ example: "en" }),
    })
    .meta({
      description: "What customers see of the shop.",
      examples: [
        { name: "Duka", currency: "KES", time_zone: "Africa/Nairobi", languages: ["en", "sw"], default_language: "en" },
      ],
    }),
);

export const shopOperations = [
  operation({
    operationId: "getShop",
    method: "get",
    path: "/shop/",
    summary: "The shop: its name, currency, time zone and languages",
    tags: ["Operations"],
    access: "public",
    responses: { 200: { description: "The shop.", body: shopSchema } },
    errors: [],
    handle: async (_input, { shop }) =>
      Promise.resolve(
        reply.ok({
          name: shop.name,
          currency: shop.currency,
          time_zone: shop.timeZone,
          languages: [...LANGUAGES],
          default_language: shop.defaultLanguage,
        }),
      ),
  }),
];
