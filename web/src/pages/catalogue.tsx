/**
 * The shop's catalogue for customers: products found by the start of their name, page by page, a
 * basket with quantities, its total at today's prices, and the order placed from its lines. The
 * order the API answers is the truth (its lines and amount are shown once placed); when stock ran
 * short meanwhile, each short line says how many are left, read again from the shop.
 */
import { isApiProblem, nextCursor, unwrap, type Order, type Product } from "@customer-orders/client";
import { useState } from "preact/hooks";
import { newIdempotencyKey } from "../api.js";
import { useLoad } from "../hooks/use-load.js";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { isOffline, LocalProblem } from "../problems.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Field, Loading, ProblemAlert } from "../ui.js";
import { Basket, type BasketLine } from "./parts/basket.js";

const PAGE_SIZE = 20;

export function Catalogue() {
  const { api } = useSession();
  const { t, money } = useI18n();
  usePageTitle(t.catalogue.title);
  const [query, setQuery] = useState("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [basket, setBasket] = useState<BasketLine[]>([]);
  const [key, setKey] = useState(newIdempotencyKey);
  const [placed, setPlaced] = useState<Order | undefined>(undefined);
  const [lineProblems, setLineProblems] = useState<Record<string, string>>({});
  const placing = useSubmit();
  const q = query.trim();

  // Every page up to the last asked for, one after another: "More" adds a page under the others.
  const listed = useLoad(
    async (signal) => {
      const products: Product[] = [];
      let next: string | undefined;
      for (const cursor of cursors) {
        const result = await api.api.GET("/products/", {
          params: { query: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } },
          signal,
        });
        products.push(...unwrap(result));
        next = nextCursor(result.response.headers.get("Link"));
      }
      return { products, next };
    },
    [q, cursors],
  );

  const changeBasket = (lines: BasketLine[]) => {
    setBasket(lines);
    setLineProblems({});
    // Another basket is another order: it gets a key of its own.
    setKey(newIdempotencyKey());
  };

  const add = (product: Product) => {
    const existing = basket.find((line) => line.product.id === product.id);
    changeBasket(
      existing
        ? basket.map((line) => (line === existing ? { ...line, quantity: line.quantity + 1 } : line))
        : [...basket, { product, quantity: 1 }],
    );
    setPlaced(undefined);
  };

  /** After a refusal, each refused line is read again, so it can say what the shop has now. */
  const explainRefusal = async (lines: BasketLine[], refused: string[]) => {
    const problems: Record<string, string> = {};
    const fresh = new Map<string, Product>();
    for (const field of refused) {
      const index = Number(/^lines\.(\d+)\./.exec(field)?.[1]);
      const line = lines[index];
      if (!line) continue;
      const result = await api.api.GET("/products/{id}/", { params: { path: { id: line.product.id } } });
      if (result.data) {
        fresh.set(line.product.id, result.data);
        problems[line.product.id] = t.catalogue.onlyLeft(result.data.name, result.data.stock ?? 0);
      } else {
        problems[line.product.id] = t.catalogue.notOnSale(line.product.name);
      }
    }
    setBasket(lines.map((line) => ({ ...line, product: fresh.get(line.product.id) ?? line.product })));
    setLineProblems(problems);
  };

  const place = () =>
    placing.submit(async () => {
      setPlaced(undefined);
      const lines = basket;
      try {
        const order = unwrap(
          await api.api.POST("/orders/", {
            params: { header: { "Idempotency-Key": key } },
            body: { lines: lines.map((line) => ({ product_id: line.product.id, quantity: line.quantity })) },
          }),
        );
        setPlaced(order);
        setBasket([]);
        setLineProblems({});
        setKey(newIdempotencyKey());
        listed.reload();
      } catch (caught) {
        if (isOffline(caught)) throw new LocalProblem(t.newOrder.offline);
        if (isApiProblem(caught) && (caught.code === "out_of_stock" || caught.code === "product_unavailable")) {
          await explainRefusal(
            lines,
            (caught.problem.errors ?? []).map((entry) => entry.field),
          );
          throw new LocalProblem(t.catalogue.refused);
        }
        throw caught;
      }
    });

  const products = listed.data?.products;
  return (
    <>
      <section aria-labelledby="catalogue-title" class="card">
        <h1 id="catalogue-title">{t.catalogue.title}</h1>
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <Field
            id="product-search"
            type="search"
            label={t.catalogue.search}
            hint={t.catalogue.searchHint}
            value={query}
            onValue={(value) => {
              setQuery(value);
              setCursors([undefined]);
            }}
          />
        </form>
        <h2 id="products-title">{t.catalogue.products}</h2>
        <ProblemAlert error={listed.error} />
        {listed.loading && <Loading>{t.catalogue.loading}</Loading>}
        {products && products.length === 0 && !listed.loading && <p>{t.catalogue.none}</p>}
        {products && products.length > 0 && (
          <ul class="products" aria-labelledby="products-title">
            {products.map((product) => (
              <li key={product.id} class="product">
                <div>
                  <h3 class="product-name">{product.name}</h3>
                  {product.description && <p class="product-description">{product.description}</p>}
                  <p class="order-meta">
                    <span class="money">{money(product.price, product.currency)}</span> ·{" "}
                    {!product.in_stock
                      ? t.catalogue.outOfStock
                      : product.stock === null
                        ? t.catalogue.alwaysAvailable
                        : t.catalogue.inStock(product.stock)}
                  </p>
                </div>
                <button
                  type="button"
                  disabled={!product.in_stock}
                  aria-label={t.catalogue.add(product.name)}
                  onClick={() => {
                    add(product);
                  }}
                >
                  +
                </button>
              </li>
            ))}
          </ul>
        )}
        {listed.data?.next && (
          <button
            type="button"
            onClick={() => {
              const next = listed.data?.next;
              if (next) setCursors([...cursors, next]);
            }}
          >
            {t.catalogue.more}
          </button>
        )}
      </section>
      <section aria-labelledby="basket-title" class="card">
        <h2 id="basket-title">{t.catalogue.basket}</h2>
        <ProblemAlert error={placing.error} />
        {placed && (
          <Alert key={placed.id} kind="success">
            {t.catalogue.placed(placed.order_number, money(placed.amount, placed.currency))}{" "}
            <a href={`#/orders/${placed.id}`}>{t.newOrder.seeOrder}</a>
          </Alert>
        )}
        <Basket
          lines={basket}
          problems={lineProblems}
          busy={placing.busy}
          onChange={changeBasket}
          onPlace={() => void place()}
        />
      </section>
    </>
  );
}
