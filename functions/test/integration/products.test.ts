import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../support/firebase.js";
import { expectProblem, expectStatus } from "../support/http.js";
import { nextPage } from "../support/orders.js";
import { createProduct, uniqueName, type ProductBody, type StaffProductBody } from "../support/products.js";
import { useApi } from "../support/server.js";
import { staffToken } from "../support/staff.js";
import { registerAndLogin, type TestUser } from "../support/users.js";

describe("The catalogue", () => {
  const api = useApi();
  let staff: string;
  let customer: TestUser;

  beforeAll(async () => {
    [staff, customer] = await Promise.all([staffToken(api), registerAndLogin(api)]);
  });

  describe("Staff keep it", () => {
    it("When staff add a product, then it answers 201 with Location and ETag, and its creation is recorded", async () => {
      const name = uniqueName("Maize flour");
      const created = await api.post<StaffProductBody>(
        "/staff/products/",
        { name: `  ${name} `, description: "Sifted.", price: 210, stock: 40 },
        { token: staff },
      );
      expectStatus(created, 201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[A-Za-z0-9]{20}$/),
        name,
        description: "Sifted.",
        price: "210.00",
        currency: "KES",
        stock: 40,
        in_stock: true,
        active: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        changes: [expect.objectContaining({ kind: "created" })],
      });
      expect(created.headers.get("etag")).toBe('"1"');
      const location = new URL(String(created.headers.get("location")), `${api.baseUrl}/staff/products/`);
      expect(location.pathname).toBe(`/api/staff/products/${created.body.id}/`);

      const read = await api.get<StaffProductBody>(`/staff/products/${created.body.id}`, { token: staff });
      expectStatus(read, 200);
      expect(read.headers.get("etag")).toBe('"1"');
      expect(read.body.changes).toEqual([
        {
          kind: "created",
          at: created.body.created_at,
          by: expect.stringMatching(/^user_/),
          fields: [
            { field: "name", from: null, to: name },
            { field: "description", from: null, to: "Sifted." },
            { field: "price", from: null, to: "210.00" },
            { field: "stock", from: null, to: 40 },
            { field: "active", from: null, to: true },
          ],
        },
      ]);
      const stored = (await db().collection("products").doc(created.body.id).get()).data();
      expect(stored).toMatchObject({ price_minor: 21000, name_lower: name.toLowerCase(), version: 1 });
    });

    it("When staff change a product with its ETag, then only what differs changes and each change is recorded with who and when", async () => {
      const product = await createProduct(api, staff, { price: "100.00", stock: 5 });
      const changed = await api.patch<StaffProductBody>(
        `/staff/products/${product.id}/`,
        { price: "120.50", stock: 8, name: product.name },
        { token: staff, headers: { "If-Match": '"1"' } },
      );
      expectStatus(changed, 200);
      expect(changed.body).toMatchObject({ price: "120.50", stock: 8, name: product.name });
      expect(changed.headers.get("etag")).toBe('"2"');

      // Nothing differs: no new version, no new change.
      const same = await api.patch(`/staff/products/${product.id}/`, { price: 120.5 }, { token: staff });
      expect(same.headers.get("etag")).toBe('"2"');

      const archived = await api.patch<StaffProductBody>(
        `/staff/products/${product.id}/`,
        { active: false },
        { token: staff, headers: { "If-Match": '"2"' } },
      );
      expect(archived.body.active).toBe(false);
      const read = await api.get<StaffProductBody>(`/staff/products/${product.id}/`, { token: staff });
      expect(read.body.changes?.map((change) => [change.kind, change.fields])).toEqual([
        ["updated", [{ field: "active", from: true, to: false }]],
        [
          "updated",
          [
            { field: "price", from: "100.00", to: "120.50" },
            { field: "stock", from: 5, to: 8 },
          ],
        ],
        ["created", expect.any(Array)],
      ]);
      for (const change of read.body.changes ?? []) {
        expect(change.by).toMatch(/^user_/);
        expect(Date.parse(change.at)).not.toBeNaN();
      }
    });

    it("When a staff change carries a stale ETag, then it is a 412 and nothing changes", async () => {
      const product = await createProduct(api, staff, { stock: 5 });
      expectStatus(await api.patch(`/staff/products/${product.id}/`, { stock: 6 }, { token: staff }), 200);
      expectProblem(
        await api.patch(
          `/staff/products/${product.id}/`,
          { stock: 0 },
          { token: staff, headers: { "If-Match": '"1"' } },
        ),
        412,
        "precondition_failed",
      );
      const read = await api.get<StaffProductBody>(`/staff/products/${product.id}/`, { token: staff });
      expect(read.body.stock).toBe(6);
    });

    it("When a product body is invalid, then the answer is 400 naming each field", async () => {
      for (const [body, field] of [
        [{ price: 10, stock: 1 }, "name"],
        [{ name: "x".repeat(81), price: 10, stock: 1 }, "name"],
        [{ name: "Two\nlines", price: 10, stock: 1 }, "name"],
        [{ name: "Sugar", price: 0, stock: 1 }, "price"],
        [{ name: "Sugar", price: "1.005", stock: 1 }, "price"],
        [{ name: "Sugar", price: 10 }, "stock"],
        [{ name: "Sugar", price: 10, stock: -1 }, "stock"],
        [{ name: "Sugar", price: 10, stock: 1.5 }, "stock"],
        [{ name: "Sugar", price: 10, stock: 1, colour: "red" }, "colour"],
      ] as const) {
        const problem = expectProblem(
          await api.post("/staff/products/", body, { token: staff }),
          400,
          "validation_error",
        );
        expect(
          problem.errors?.map((error) => error.field),
          JSON.stringify(body),
        ).toContain(field);
      }
      const product = await createProduct(api, staff, { stock: 1 });
      const problem = expectProblem(
        await api.patch(`/staff/products/${product.id}/`, { stock: -3 }, { token: staff }),
        400,
        "validation_error",
      );
      expect(problem.errors).toContainEqual({ field: "stock", message: expect.any(String) });
    });

    it("When a customer calls a staff route, then it is 403; an unknown product is 404", async () => {
      expectProblem(
        await api.post("/staff/products/", { name: "x", price: 1, stock: 1 }, { token: customer.token }),
        403,
        "staff_only",
      );
      expectProblem(await api.get("/staff/products/", { token: customer.token }), 403, "staff_only");
      expectProblem(await api.get("/staff/products/nosuchproduct0000000/", { token: staff }), 404, "product_not_found");
      expectProblem(
        await api.patch("/staff/products/bad..id/", { stock: 1 }, { token: staff }),
        404,
        "product_not_found",
      );
      expectProblem(await api.get("/products/"), 401, "not_authenticated");
    });
  });

  describe("Customers browse it", () => {
    it("When a customer lists and reads products, then they see what is on sale with exact stock, never archived ones", async () => {
      const tag = uniqueName("Browse");
      const onSale = await createProduct(api, staff, { name: `${tag} rice 1 kg`, price: "180", stock: 3 });
      const untracked = await createProduct(api, staff, { name: `${tag} delivery`, price: "50", stock: null });
      const empty = await createProduct(api, staff, { name: `${tag} salt`, price: "30", stock: 0 });
      const gone = await createProduct(api, staff, { name: `${tag} old soap`, price: "40", stock: 9, active: false });

      const listed = await api.get<ProductBody[]>(`/products/?q=${encodeURIComponent(tag.toUpperCase())}`, {
        token: customer.token,
      });
      expectStatus(listed, 200);
      expect(listed.body.map((product) => product.id)).toEqual([untracked.id, onSale.id, empty.id]);
      expect(listed.body.map((product) => [product.stock, product.in_stock])).toEqual([
        [null, true],
        [3, true],
        [0, false],
      ]);
      // What customers see has no staff-only field.
      expect(Object.keys(listed.body[0] ?? {}).sort()).toEqual(
        ["created_at", "currency", "description", "id", "in_stock", "name", "price", "stock", "updated_at"].sort(),
      );

      const read = await api.get<ProductBody>(`/products/${onSale.id}/`, { token: customer.token });
      expect(read.body).toMatchObject({ id: onSale.id, price: "180.00", stock: 3 });
      expectProblem(await api.get(`/products/${gone.id}/`, { token: customer.token }), 404, "product_not_found");

      const staffList = await api.get<StaffProductBody[]>(`/staff/products/?q=${encodeURIComponent(tag)}`, {
        token: staff,
      });
      expect(staffList.body.map((product) => product.id)).toContain(gone.id);
      const archivedOnly = await api.get<StaffProductBody[]>(
        `/staff/products/?active=false&q=${encodeURIComponent(tag)}`,
        { token: staff },
      );
      expect(archivedOnly.body.map((product) => product.id)).toEqual([gone.id]);
    });

    it("When 25 products are paged 10 at a time, by name and newest first, then each appears once in its order", async () => {
      const tag = uniqueName("Paging");
      const made: StaffProductBody[] = [];
      for (let i = 0; i < 25; i++) {
        made.push(await createProduct(api, staff, { name: `${tag} ${String.fromCharCode(122 - i)}`, stock: 1 }));
      }
      const walk = async (query: string) => {
        const seen: ProductBody[] = [];
        let url: string | undefined = `${api.baseUrl}/products/?${query}`;
        let pages = 0;
        while (url) {
          const response = await api.request<ProductBody[]>("GET", url.slice(api.baseUrl.length), undefined, {
            token: customer.token,
          });
          expectStatus(response, 200);
          seen.push(...response.body);
          pages++;
          url = nextPage(response.headers.get("link"), url);
        }
        return { ids: seen.map((product) => product.id), pages };
      };
      const byName = await walk(`q=${encodeURIComponent(tag)}&limit=10`);
      expect(byName.pages).toBe(3);
      expect(byName.ids).toEqual([...made].reverse().map((product) => product.id));
      const alsoByName = await walk(`q=${encodeURIComponent(tag)}&sort=name&limit=10`);
      expect(alsoByName.ids).toEqual(byName.ids);

      // Newest first over the whole catalogue: ours are the 25 newest of their moment, newest first.
      const newest = await api.get<ProductBody[]>("/products/?limit=100", { token: customer.token });
      const ours = newest.body.map((product) => product.id).filter((id) => made.some((product) => product.id === id));
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(
        [...made]
          .reverse()
          .map((product) => product.id)
          .slice(0, ours.length),
      );
      const times = newest.body.map((product) => product.created_at);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it("When the list query is bad, then the answer is 400 naming the parameter", async () => {
      for (const [query, field] of [
        ["sort=price", "sort"],
        ["q=maize&sort=newest", "sort"],
        ["q=", "q"],
        ["limit=0", "limit"],
        ["cursor=%%%", "cursor"],
        ["active=true", "active"],
      ] as const) {
        const response = await api.get(`/products/?${query}`, { token: customer.token });
        expect(response.status, `${query}: ${response.text}`).toBe(400);
        expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain(field);
      }
      // A cursor of one sort is refused by the other.
      const tag = uniqueName("Cursor");
      for (let i = 0; i < 3; i++) await createProduct(api, staff, { name: `${tag} ${i}`, stock: 1 });
      const first = await api.get(`/products/?q=${encodeURIComponent(tag)}&limit=1`, { token: customer.token });
      const cursor = new URL(String(nextPage(first.headers.get("link"), `${api.baseUrl}/products/`))).searchParams.get(
        "cursor",
      );
      expectProblem(await api.get(`/products/?cursor=${cursor}`, { token: customer.token }), 400, "invalid_cursor");
    });
  });
});
