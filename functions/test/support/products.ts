/** Helpers for catalogue tests: products made by staff through the API, as a shop would make them. */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { expectStatus, type Client } from "./http.js";
import type { OrderBody } from "./orders.js";

export interface ProductBody {
  id: string;
  name: string;
  description: string | null;
  price: string;
  currency: string;
  stock: number | null;
  in_stock: boolean;
  created_at: string;
  updated_at: string;
}

export interface StaffProductBody extends ProductBody {
  active: boolean;
  changes?: {
    kind: "created" | "updated";
    at: string;
    by: string;
    fields: { field: string; from: unknown; to: unknown }[];
  }[];
}

export interface OrderLineBody {
  product_id: string;
  name: string;
  quantity: number;
  unit_price: string;
  line_total: string;
}

export type CatalogueOrderBody = OrderBody & { lines?: OrderLineBody[] };

/** A name no other test uses, starting with `start` (so its order number letters are known). */
/**
 * A product name no other test uses. Its suffix is letters only: an SMS leaves out a standalone run of
 * seven or more digits (it could be a phone number), which a hexadecimal suffix sometimes is.
 */
export function uniqueName(start: string): string {
  const letters = randomUUID()
    .slice(0, 8)
    .replace(/\d/g, (digit) => "ghijklmnop"[Number(digit)] ?? "g");
  return `${start} ${letters}`;
}

export async function createProduct(
  api: Client,
  staffToken: string,
  body: { name?: string; price?: number | string; stock: number | null; description?: string | null; active?: boolean },
): Promise<StaffProductBody> {
  const response = await api.post<StaffProductBody>(
    "/staff/products/",
    { name: body.name ?? uniqueName("Maize flour"), price: body.price ?? "210.00", ...body },
    { token: staffToken },
  );
  expectStatus(response, 201);
  return response.body;
}

/** The product's stock as staff read it (exact, archived products too). */
export async function stockOf(api: Client, staffToken: string, id: string): Promise<number | null> {
  const response = await api.get<StaffProductBody>(`/staff/products/${id}/`, { token: staffToken });
  expectStatus(response, 200);
  return response.body.stock;
}

export async function orderLines(
  api: Client,
  token: string,
  lines: { product_id: string; quantity: number }[],
  headers: Record<string, string> = {},
): Promise<CatalogueOrderBody> {
  const response = await api.post<CatalogueOrderBody>("/orders/", { lines }, { token, headers });
  expectStatus(response, 201);
  expect(response.body.lines).toBeDefined();
  return response.body;
}
