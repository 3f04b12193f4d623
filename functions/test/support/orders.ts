/** Helpers for order tests. */
import { expectStatus, type Client } from "./http.js";

export interface OrderBody {
  id: string;
  item: string;
  amount: string;
  currency: string;
  order_number: string;
  status: string;
  created_at: string;
  updated_at: string;
  sms: {
    status: string;
    attempts: number;
    channel: string | null;
    error_code: string | null;
    error_message: string | null;
  };
  history: { at: string; status: string; by: "customer" | "shop"; reason: string | null }[];
}

export async function createOrder(
  api: Client,
  token: string,
  body: Record<string, unknown> = { item: "Laptop", amount: 1200 },
): Promise<OrderBody> {
  const response = await api.post<OrderBody>("/orders/", body, { token });
  expectStatus(response, 201);
  return response.body;
}

/** The target of a Link: <...>; rel="next" header, resolved against the request URL. */
export function nextPage(linkHeader: string | null, requestUrl: string): string | undefined {
  if (!linkHeader) return undefined;
  const match = /<([^>]*)>;\s*rel="next"/.exec(linkHeader);
  if (!match?.[1]) return undefined;
  return new URL(match[1], requestUrl).toString();
}
