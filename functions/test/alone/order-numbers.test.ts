/**
 * A burst of fifty orders at once, on emulators that have nothing else to do (vitest.config.ts runs
 * this folder after the rest of the suite): the emulator's transactions under fifty-fold contention
 * are slow enough beside other test files to pass the request deadline, which says nothing about
 * order numbers.
 */
import { describe, expect, it } from "vitest";
import { db } from "../support/firebase.js";
import { expectStatus } from "../support/http.js";
import type { OrderBody } from "../support/orders.js";
import { useApi } from "../support/server.js";
import { registerAndLogin } from "../support/users.js";

describe("Unique order numbers", () => {
  const api = useApi();

  it("When 50 orders for the same item are created at once, then all 50 order numbers differ", async () => {
    const buyer = await registerAndLogin(api);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.post<OrderBody>("/orders/", { item: "Widget", amount: 1 }, { token: buyer.token }),
      ),
    );
    for (const response of responses) expectStatus(response, 201);
    const numbers = responses.map((response) => response.body.order_number);
    expect(new Set(numbers).size).toBe(50);
    for (const number of numbers) expect(number).toMatch(/^WI\d{14}(-[2-9A-HJ-NP-Z]{4})?$/);
    const reserved = await Promise.all(numbers.map((n) => db().collection("order_numbers").doc(n).get()));
    expect(reserved.every((snapshot) => snapshot.data()?.uid === buyer.uid)).toBe(true);
  });
});
