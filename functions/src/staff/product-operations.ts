/** Staff keep the catalogue: add products, change names, prices and stock, archive what is no longer sold. */
import { z } from "zod";
import type { Caller } from "../http/auth.js";
import { etagHeader, ifMatchParameter, linkHeader, locationHeader } from "../http/common-contract.js";
import { parameter } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { cursorParameter, limitParameter, nextPageLink } from "../http/pagination.js";
import { relativeReference } from "../http/relative-reference.js";
import { productIdParameter, productSearchParameter, productSortParameter } from "../products/operations.js";
import type { Changer } from "../products/product-rules.js";
import type { ProductsService, StaffProductResult } from "../products/products-service.js";
import {
  createProductRequestSchema,
  patchProductRequestSchema,
  staffProductListSchema,
  staffProductSchema,
} from "../products/schemas.js";

export interface StaffProductServices {
  products: ProductsService;
  /** Who on the staff is changing the catalogue, as the change record names them. */
  changerOf: (caller: Caller) => Promise<Changer>;
}

const operation = operationsUsing<StaffProductServices>();

const activeFilterParameter = parameter({
  id: "ActiveFilter",
  name: "active",
  in: "query",
  required: false,
  description: "On sale (`true`) or archived (`false`).",
  schema: z
    .enum(["true", "false"], "Use true or false.")
    .transform((value) => value === "true")
    .optional(),
  example: "false",
});

const withEtag = (result: StaffProductResult) => reply.ok(result.product, { ETag: result.etag });

const staffProduct = (description: string) =>
  ({ description, body: staffProductSchema, headers: [etagHeader] }) as const;

export const staffProductOperations = [
  operation({
    operationId: "createProduct",
    method: "post",
    path: "/staff/products/",
    summary: "Add a product to the catalogue (staff)",
    description: "`stock` is required: units on hand, or null when not counted.",
    tags: ["Staff"],
    access: "staff",
    body: { schema: createProductRequestSchema, example: { name: "Maize flour 2 kg", price: "210.00", stock: 40 } },
    responses: {
      201: {
        description: "The product was added.",
        body: staffProductSchema,
        headers: [locationHeader, etagHeader],
      },
    },
    errors: [],
    handle: async ({ body, caller, req }, { products, changerOf }) => {
      const result = await products.create(await changerOf(caller), body);
      const path = req.originalUrl.split("?")[0] ?? "/";
      const collection = path.endsWith("/") ? path : `${path}/`;
      return reply.created(result.product, {
        Location: relativeReference(path, `${collection}${result.product.id}/`),
        ETag: result.etag,
      });
    },
  }),

  operation({
    operationId: "listAllProducts",
    method: "get",
    path: "/staff/products/",
    summary: "List every product, archived ones too (staff)",
    description: "Newest first or by name, paged with `Link`.",
    tags: ["Staff"],
    access: "staff",
    query: [activeFilterParameter, productSearchParameter, productSortParameter, limitParameter, cursorParameter],
    responses: {
      200: { description: "A page of products.", body: staffProductListSchema, optionalHeaders: [linkHeader] },
    },
    errors: ["invalid_cursor"],
    handle: async ({ query, req }, { products }) => {
      const page = await products.listAll(query);
      return reply.ok(page.products, page.nextCursor ? { Link: nextPageLink(req, page.nextCursor, query.limit) } : {});
    },
  }),

  operation({
    operationId: "getProductForStaff",
    method: "get",
    path: "/staff/products/{id}/",
    summary: "Read any product with its change record (staff)",
    description: "With its `ETag` and its change record.",
    tags: ["Staff"],
    access: "staff",
    params: [productIdParameter],
    paramsNotFound: "product_not_found",
    responses: { 200: staffProduct("The product, with who changed what.") },
    errors: ["product_not_found"],
    handle: async ({ params }, { products }) => withEtag(await products.getForStaff(params.id)),
  }),

  operation({
    operationId: "updateProduct",
    method: "patch",
    path: "/staff/products/{id}/",
    summary: "Change a product's name, description, price, stock or whether it is sold (staff)",
    description: "Only the fields sent change.",
    tags: ["Staff"],
    access: "staff",
    params: [productIdParameter],
    paramsNotFound: "product_not_found",
    headers: [ifMatchParameter],
    body: { schema: patchProductRequestSchema, example: { price: "220.00", stock: 60 } },
    responses: { 200: staffProduct("The product as it is now.") },
    errors: ["product_not_found", "precondition_failed"],
    handle: async ({ params, headers, body, caller }, { products, changerOf }) =>
      withEtag(await products.change(await changerOf(caller), params.id, body, headers["If-Match"])),
  }),
];
