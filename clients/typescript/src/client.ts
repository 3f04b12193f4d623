/**
 * The client: `createClient({ baseUrl, token })` gives one named method per operation of the API
 * (`client.orders.create`, `client.orders.list`, `client.me.get`, ...; see generated.ts), plus
 * conveniences that are not operations of their own (`orders.cancel`).
 */
import { methodsOf, OPERATIONS } from "./generated.js";
import { createCaller, operation, type ClientOptions, type ConditionalOptions } from "./runtime.js";

export function createClient(options: ClientOptions) {
  const methods = methodsOf(createCaller(options, OPERATIONS));
  const { update } = methods.orders;
  return {
    ...methods,
    orders: {
      ...methods.orders,
      /** Cancels a Pending order: `orders.update(id, { status: "Canceled" })`, with the same problems. */
      cancel: operation("updateOrder", (id: string, options?: ConditionalOptions) =>
        update(id, { status: "Canceled" }, options),
      ),
    },
  };
}

export type Client = ReturnType<typeof createClient>;
