import { describe, expect, it } from "vitest";
import { contractViolations, type ObservedResponse } from "../support/contract.js";

const order = {
  id: "abc",
  item: "Laptop",
  amount: "1200.00",
  currency: "KES",
  order_number: "LA20240115103000",
  status: "Pending",
  created_at: "2024-01-15T10:30:00.000Z",
  updated_at: "2024-01-15T10:30:00.000Z",
  sms: {
    status: "pending",
    attempts: 0,
    channel: null,
    message_id: null,
    cost: null,
    error_code: null,
    error_message: null,
    updated_at: null,
    delivery_status: null,
    delivery_failure_reason: null,
  },
  history: [{ at: "2024-01-15T10:30:00.000Z", status: "Pending", by: "customer", reason: null }],
};

function observed(overrides: Partial<ObservedResponse> & { body?: unknown }): ObservedResponse {
  const { body, ...rest } = overrides;
  return {
    method: "GET",
    path: "/orders/abc/",
    status: 200,
    contentType: "application/json; charset=utf-8",
    headers: new Headers({ ETag: '"1"', "X-Request-Id": "test-request-0001" }),
    text: JSON.stringify(body ?? order),
    ...rest,
  };
}

describe("The contract check used on every test response", () => {
  it("When a response matches the contract, then there is no violation", () => {
    expect(contractViolations(observed({}))).toEqual([]);
    expect(contractViolations(observed({ path: "/orders/abc" }))).toEqual([]);
  });

  it("When the body has a field the contract does not name, then it is a violation", () => {
    expect(contractViolations(observed({ body: { ...order, internal_note: "x" } }))).not.toEqual([]);
  });

  it("When a documented field has the wrong shape, then it is a violation", () => {
    expect(contractViolations(observed({ body: { ...order, amount: 1200 } }))).not.toEqual([]);
    expect(contractViolations(observed({ body: { ...order, status: "Shipped" } }))).not.toEqual([]);
  });

  it("When the status is not documented for the operation, then it is a violation", () => {
    expect(contractViolations(observed({ status: 418 }))).toEqual([
      "GET /orders/{id}/ answered 418, which the contract does not document",
    ]);
  });

  it("When the content type is wrong or a required header is missing, then it is a violation", () => {
    expect(contractViolations(observed({ contentType: "text/html" }))).not.toEqual([]);
    expect(contractViolations(observed({ headers: new Headers({ "X-Request-Id": "test-request-0001" }) }))).toEqual([
      "required header ETag is missing",
    ]);
  });

  it("When an answer has no X-Request-Id, then it is a violation (the document says every answer has one)", () => {
    expect(contractViolations(observed({ headers: new Headers({ ETag: '"1"' }) }))).toEqual([
      "required header X-Request-Id is missing",
    ]);
  });

  it("When an error is not problem+json, then it is a violation", () => {
    const notProblem = observed({ status: 404, contentType: "application/json", body: { error: "nope" } });
    expect(contractViolations(notProblem)).not.toEqual([]);
  });

  it("When an unknown path answers anything but a problem 404, then it is a violation", () => {
    expect(contractViolations(observed({ path: "/nowhere/", status: 200 }))).not.toEqual([]);
  });
});
