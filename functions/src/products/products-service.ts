/** The catalogue as the API answers it: customers browse what is on sale; staff add, change and archive. */
import { ApiError, PreconditionFailedError, ValidationError } from "../http/errors.js";
import { presentProduct, presentStaffProduct, productEtag } from "./product-document.js";
import type { ProductSort } from "./product-paging.js";
import { productToCreate, type Changer } from "./product-rules.js";
import type { ProductChangeOutcome, ProductsRepository } from "./products-repository.js";
import type { CreateProductInput, PatchProductInput, ProductResponse, StaffProductResponse } from "./schemas.js";

const productNotFound = () => new ApiError("product_not_found", "No product with this id is on sale.");

export interface CatalogueQuery {
  q: string | undefined;
  sort: ProductSort | undefined;
  limit: number;
  cursor: string | undefined;
}

/** A search is in name order (Firestore ranges over the name); asking for another order is refused by name. */
function sortOf(query: CatalogueQuery): ProductSort {
  if (query.q !== undefined && query.sort === "newest") {
    throw new ValidationError([
      { field: "sort", message: "A search (q) lists products by name; leave sort out or use sort=name." },
    ]);
  }
  return query.q !== undefined ? "name" : (query.sort ?? "newest");
}

export interface StaffProductResult {
  product: StaffProductResponse;
  etag: string;
}

export interface ProductsServiceDeps {
  products: ProductsRepository;
  currency: string;
  clock: () => Date;
}

export function createProductsService({ products, currency, clock }: ProductsServiceDeps) {
  function changed(outcome: ProductChangeOutcome): StaffProductResult {
    switch (outcome.kind) {
      case "changed":
        return { product: presentStaffProduct(outcome.id, outcome.product), etag: productEtag(outcome.product) };
      case "not_found":
        throw productNotFound();
      case "refused":
        throw new PreconditionFailedError("The product has changed since it was read; fetch it again and retry.");
    }
  }

  return {
    /** The active catalogue, for customers. */
    async list(query: CatalogueQuery): Promise<{ products: ProductResponse[]; nextCursor: string | undefined }> {
      const page = await products.list({
        active: true,
        prefix: query.q,
        sort: sortOf(query),
        limit: query.limit,
        cursor: query.cursor,
      });
      return {
        products: page.products.map(({ id, product }) => presentProduct(id, product)),
        nextCursor: page.nextCursor,
      };
    },

    /** One product on sale; an archived one is as unknown to customers as one that never was. */
    async get(id: string): Promise<ProductResponse> {
      const product = await products.get(id);
      if (!product?.active) throw productNotFound();
      return presentProduct(id, product);
    },

    async create(by: Changer, input: CreateProductInput): Promise<StaffProductResult> {
      const id = products.newProductId();
      const { product, change } = productToCreate(input, { currency, at: clock(), by });
      await products.create(id, product, change);
      return { product: presentStaffProduct(id, product, [change]), etag: productEtag(product) };
    },

    /** Every product, archived ones too, for staff. */
    async listAll(
      query: CatalogueQuery & { active: boolean | undefined },
    ): Promise<{ products: StaffProductResponse[]; nextCursor: string | undefined }> {
      const page = await products.list({
        active: query.active,
        prefix: query.q,
        sort: sortOf(query),
        limit: query.limit,
        cursor: query.cursor,
      });
      return {
        products: page.products.map(({ id, product }) => presentStaffProduct(id, product)),
        nextCursor: page.nextCursor,
      };
    },

    async getForStaff(id: string): Promise<StaffProductResult> {
      const found = await products.getWithChanges(id);
      if (!found) throw new ApiError("product_not_found", "No product with this id exists.");
      return { product: presentStaffProduct(id, found.product, found.changes), etag: productEtag(found.product) };
    },

    async change(
      by: Changer,
      id: string,
      input: PatchProductInput,
      ifMatch: string | undefined,
    ): Promise<StaffProductResult> {
      return changed(await products.change(id, input, { ifMatch, at: clock(), by }));
    },
  };
}

export type ProductsService = ReturnType<typeof createProductsService>;
