/**
 * Staff's products (#/staff/products): the ones on sale, a form to add one, and per product (
 * #/staff/products/<id>) its price and stock to change, or Archive. A change sends the ETag of the
 * product as the page read it; when someone changed it meanwhile, the API refuses (412), nothing
 * changes, and the page shows the product as it is now, to decide again.
 */
import { unwrap, type StaffProduct } from "@customer-orders/client";
import { useState } from "preact/hooks";
import type { Api } from "../api.js";
import { useLoad } from "../hooks/use-load.js";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { shown } from "../problems.js";
import { go } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Field, Loading, ProblemAlert } from "../ui.js";

/** A stock field: empty means the shop does not count this product. */
const stockOf = (typed: string): number | null => (typed.trim() === "" ? null : Number(typed.trim()));

export function StaffProducts() {
  const { api } = useSession();
  const { t, money } = useI18n();
  usePageTitle(t.products.title);
  const listed = useLoad(
    async (signal) =>
      unwrap(await api.api.GET("/staff/products/", { params: { query: { active: "true", limit: 100 } }, signal })),
    [],
  );
  const [name, setName] = useState("");
  const [price, setPrice] = useState("");
  const [stock, setStock] = useState("");
  const adding = useSubmit();
  const fields = adding.error === undefined ? {} : shown(adding.error, t).fields;
  return (
    <div class="staff">
      <section class="card" aria-labelledby="products-title">
        <h1 id="products-title">{t.products.title}</h1>
        <ProblemAlert error={listed.error} />
        {listed.loading && !listed.data && <Loading>{t.frame.loading}</Loading>}
        {listed.data && (
          <table class="lines">
            <caption>{t.products.onSale}</caption>
            <thead>
              <tr>
                <th scope="col">{t.products.name}</th>
                <th scope="col">{t.products.price}</th>
                <th scope="col">{t.products.stock}</th>
              </tr>
            </thead>
            <tbody>
              {listed.data.map((product) => (
                <tr key={product.id}>
                  <td>
                    <a href={`#/staff/products/${product.id}`}>{product.name}</a>
                  </td>
                  <td class="money">{money(product.price, product.currency)}</td>
                  <td>{product.stock ?? t.products.uncounted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="add-product-title">
        <h2 id="add-product-title">{t.products.add}</h2>
        <ProblemAlert error={adding.error} />
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void adding.submit(async () => {
              unwrap(
                await api.api.POST("/staff/products/", {
                  body: { name: name.trim(), price: price.trim(), stock: stockOf(stock) },
                }),
              );
              setName("");
              setPrice("");
              setStock("");
              listed.reload();
            });
          }}
        >
          <div class="row">
            <Field
              id="product-name"
              label={t.products.name}
              required
              value={name}
              onValue={setName}
              error={fields.name}
            />
            <Field
              id="product-price"
              label={t.products.price}
              inputMode="decimal"
              required
              value={price}
              onValue={setPrice}
              error={fields.price}
            />
            <Field
              id="product-stock"
              label={t.products.stock}
              hint={t.products.stockHint}
              inputMode="numeric"
              value={stock}
              onValue={setStock}
              error={fields.stock}
            />
          </div>
          <button type="submit" class="primary" disabled={adding.busy}>
            {t.products.addButton}
          </button>
        </form>
      </section>
    </div>
  );
}

interface Based {
  product: StaffProduct;
  etag: string;
}

async function readProduct(api: Api, id: string, signal?: AbortSignal): Promise<Based> {
  const result = await api.api.GET("/staff/products/{id}/", {
    params: { path: { id } },
    ...(signal ? { signal } : {}),
  });
  return { product: unwrap(result), etag: result.response.headers.get("ETag") ?? "*" };
}

export function StaffProductPage({ id }: { id: string }) {
  const { api } = useSession();
  const { t } = useI18n();
  const loaded = useLoad((signal) => readProduct(api, id, signal), [id]);
  const product = loaded.data?.product;
  usePageTitle(product ? product.name : t.products.title);
  const [edits, setEdits] = useState<{ price?: string; stock?: string }>({});
  const [notice, setNotice] = useState<{ text: string; at: number } | undefined>(undefined);
  const saving = useSubmit();
  const fields = saving.error === undefined ? {} : shown(saving.error, t).fields;
  if (!product || !loaded.data) {
    return (
      <section class="card narrow">
        <ProblemAlert error={loaded.error} />
        <Loading>{t.frame.loading}</Loading>
      </section>
    );
  }
  const price = edits.price ?? product.price;
  const stock = edits.stock ?? (product.stock === null ? "" : String(product.stock));

  /** Sends a change made on the product as shown; true when it was made. */
  const send = async (body: { price?: string; stock?: number | null; active?: boolean }, done: string) => {
    let made = false;
    await saving.submit(async () => {
      const basis = loaded.data;
      if (!basis) return;
      const result = await api.api.PATCH("/staff/products/{id}/", {
        params: { path: { id }, header: { "If-Match": basis.etag } },
        body,
      });
      if (result.response.status === 412) {
        // Someone changed it meanwhile: nothing of this change was made; show it as it is now.
        const current = await readProduct(api, id);
        loaded.update(() => current);
        setEdits({});
        setNotice({ text: t.products.changed, at: Date.now() });
        return;
      }
      const saved = { product: unwrap(result), etag: result.response.headers.get("ETag") ?? "*" };
      loaded.update(() => saved);
      setEdits({});
      setNotice({ text: done, at: Date.now() });
      made = true;
    });
    return made;
  };

  return (
    <section class="card narrow" aria-labelledby="product-title">
      <h1 id="product-title">{product.name}</h1>
      <p>
        <a href="#/staff/products">{t.products.back}</a>
      </p>
      <ProblemAlert error={saving.error} />
      {notice && (
        <Alert key={notice.at} kind="info">
          {notice.text}
        </Alert>
      )}
      {!product.active && <p class="badge unproven">{t.products.archived}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send({ price: price.trim(), stock: stockOf(stock) }, t.products.saved);
        }}
      >
        <Field
          id="edit-price"
          label={t.products.price}
          inputMode="decimal"
          required
          value={price}
          onValue={(value) => {
            setEdits({ ...edits, price: value });
          }}
          error={fields.price}
        />
        <Field
          id="edit-stock"
          label={t.products.stock}
          hint={t.products.stockHint}
          inputMode="numeric"
          value={stock}
          onValue={(value) => {
            setEdits({ ...edits, stock: value });
          }}
          error={fields.stock}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={saving.busy}>
            {t.products.save}
          </button>
          {product.active && (
            <button
              type="button"
              disabled={saving.busy}
              onClick={() => {
                void send({ active: false }, t.products.archivedNow).then((made) => {
                  if (made) go("/staff/products");
                });
              }}
            >
              {t.products.archive}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
