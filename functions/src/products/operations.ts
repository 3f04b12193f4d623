/** The catalogue as customers see it: what is on sale, at the shop's prices, with its stock. */
import { z } from "zod";
import { linkHeader } from "../http/common-contract.js";
import { parameter } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { cursorParameter, limitParameter, nextPageLink } from "../http/pagination.js";
import type { ProductsService } from "./products-service.js";
import { exampleProduct, PRODUCT_ID_PATTERN, PRODUCT_NAME_MAX, productListSchema, productSchema } from "./schemas.js";

export interface ProductsServices {
  products: ProductsService;
}

const operation = operationsUsing<ProductsServices>();

export const productIdParameter = parameter({
  id: "ProductId",
  name: "id",
  in: "path",
  required: true,
  description: "The product's id.",
  schema: z.string().max(64).regex(PRODUCT_ID_PATTERN),
  example: exampleProduct.id,
});

export const productSearchParameter = parameter({
  id: "ProductSearch",
  name: "q",
  in: "query",
  required: false,
  description: "Names starting with this, ignoring case.",
  schema: z
    .string()
    .trim()
    .min(1, "Enter at least one character to search for.")
    .max(PRODUCT_NAME_MAX, `Use at most ${PRODUCT_NAME_MAX} characters.`)
    .optional(),
  example: "maize",
});

export const productSortParameter = parameter({
  id: "ProductSort",
  name: "sort",
  in: "query",
  required: false,
  description: "`newest` first (the default) or by `name`.",
  schema: z.enum(["newest", "name"], "Use newest or name.").optional(),
  example: "name",
});

export const productOperations = [
  operation({
    operationId: "listProducts",
    method: "get",
    path: "/products/",
    summary: "List the products on sale",
    description: "Newest first or by name, paged with `Link`.",
    tags: ["Catalogue"],
    access: "customer",
    query: [productSearchParameter, productSortParameter, limitParameter, cursorParameter],
    responses: {
      200: { description: "A page of products.", body: productListSchema, optionalHeaders: [linkHeader] },
    },
    errors: ["invalid_cursor"],
    handle: async ({ query, req }, { products }) => {
      const page = await products.list(query);
      return reply.ok(page.products, page.nextCursor ? { Link: nextPageLink(req, page.nextCursor, query.limit) } : {});
    },
  }),

  operation({
    operationId: "getProduct",
    method: "get",
    path: "/products/{id}/",
    summary: "Read one product on sale",
    description: "An archived product is a 404 here.",
    tags: ["Catalogue"],
    access: "customer",
    params: [productIdParameter],
    paramsNotFound: "product_not_found",
    responses: { 200: { description: "The product.", body: productSchema } },
    errors: ["product_not_found"],
    handle: async ({ params }, { products }) => reply.ok(await products.get(params.id)),
  }),
];
