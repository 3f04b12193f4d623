/**
 * The basket: each product with its quantity (typed or stepped), its line total, and the total at
 * today's prices. Amounts are summed in cents, as the shop sums them (prices have two decimals).
 */
import type { Product } from "@customer-orders/client";
import { useI18n } from "../../i18n/i18n.js";

export interface BasketLine {
  product: Product;
  quantity: number;
}

/** The API takes 1-20 lines and at most 999 of one product. */
const QUANTITY_MAX = 999;

const cents = (price: string) => Math.round(Number(price) * 100);
const amountOf = (total: number) => (total / 100).toFixed(2);

export function Basket({
  lines,
  problems,
  busy,
  onChange,
  onPlace,
}: {
  lines: BasketLine[];
  problems: Record<string, string>;
  busy: boolean;
  onChange: (lines: BasketLine[]) => void;
  onPlace: () => void;
}) {
  const { t, money } = useI18n();
  if (lines.length === 0) return <p>{t.catalogue.empty}</p>;
  const currency = lines[0]?.product.currency ?? "KES";
  const total = lines.reduce((sum, line) => sum + cents(line.product.price) * line.quantity, 0);
  const setQuantity = (product: Product, quantity: number) => {
    onChange(
      quantity <= 0
        ? lines.filter((line) => line.product.id !== product.id)
        : lines.map((line) => (line.product.id === product.id ? { ...line, quantity } : line)),
    );
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onPlace();
      }}
    >
      <ul class="basket">
        {lines.map(({ product, quantity }) => {
          const id = `quantity-${product.id}`;
          const problem = problems[product.id];
          return (
            <li key={product.id} class="basket-line">
              <label for={id}>{t.catalogue.quantity(product.name)}</label>
              <div class="basket-controls">
                <input
                  id={id}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={QUANTITY_MAX}
                  value={quantity}
                  aria-invalid={problem ? "true" : undefined}
                  aria-describedby={problem ? `${id}-error` : undefined}
                  onInput={(event) => {
                    const typed = Number.parseInt(event.currentTarget.value, 10);
                    if (Number.isInteger(typed) && typed >= 1) setQuantity(product, Math.min(typed, QUANTITY_MAX));
                  }}
                />
                <span class="money">{money(amountOf(cents(product.price) * quantity), product.currency)}</span>
                <button
                  type="button"
                  class="link"
                  aria-label={t.catalogue.remove(product.name)}
                  onClick={() => {
                    setQuantity(product, 0);
                  }}
                >
                  ×
                </button>
              </div>
              {problem && (
                <p class="field-error" id={`${id}-error`}>
                  {problem}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <p class="basket-total">
        <span>{t.catalogue.total}</span>{" "}
        <strong class="money" id="basket-total">
          {money(amountOf(total), currency)}
        </strong>
      </p>
      <p class="hint">{t.catalogue.totalNote}</p>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t.catalogue.placing : t.catalogue.place}
      </button>
    </form>
  );
}
