// The cart's lines as a list, one card per line: the item, its price, a quantity form, the line's
// total and Remove. A list fits a 320 px phone where the five-column table scrolled sideways.
import { Form, Link } from "@remix-run/react";
import { ModifierList } from "./ModifierList";
import { ProductImage } from "./ProductImage";
import { formatMoney } from "~/lib/money";
import type { CartLine } from "~/ordering/cart.server";

type Line = Pick<CartLine, "lineId" | "productName" | "productSlug" | "variantName" | "modifiers" | "note" | "unavailable"
  | "unitPriceCents" | "lineTotalCents" | "currency" | "quantity" | "image">;

export function CartLines({ lines, failure }: {
  lines: Line[];
  /** A refused quantity: the line it was for, what was typed and why. */
  failure?: { lineId?: string; values: Record<string, string>; errors: Record<string, string> };
}) {
  return (
    <ul className="cart-lines">
      {lines.map((line) => {
        const label = `${line.productName} (${line.variantName})`;
        const lineFailure = failure?.lineId === String(line.lineId) ? failure : undefined;
        const inputId = `quantity-${line.lineId}`;
        const nameId = `line-${line.lineId}`;
        return (
          <li key={line.lineId} className="cart-line" aria-labelledby={nameId}>
            <ProductImage image={line.image} name={line.productName} sizes="4rem" className="thumb" />
            <div className="cart-line-item">
              <span id={nameId}>
                <Link to={`/products/${line.productSlug}`}>{line.productName}</Link>
                <span className="muted cart-line-variant"> {line.variantName}</span>
              </span>
              <ModifierList modifiers={line.modifiers} currency={line.currency} />
              {line.note ? <div className="line-note">Note: {line.note}</div> : null}
              {line.unavailable ? <div className="field-error">No longer available in this quantity.</div> : null}
              <div className="muted">{formatMoney(line.unitPriceCents, line.currency)} each</div>
            </div>
            <Form method="post" className="inline-form cart-line-quantity">
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="lineId" value={line.lineId} />
              <label htmlFor={inputId}>Quantity for {label}</label>
              <input
                id={inputId}
                name="quantity"
                type="number"
                inputMode="numeric"
                min={0}
                max={99}
                defaultValue={lineFailure?.values.quantity ?? line.quantity}
                aria-invalid={lineFailure ? true : undefined}
                aria-describedby={lineFailure ? `${inputId}-error` : undefined}
              />
              <button type="submit">Update</button>
              {lineFailure ? <p id={`${inputId}-error`} className="field-error" role="alert">{Object.values(lineFailure.errors)[0]}</p> : null}
            </Form>
            <p className="cart-line-total"><span className="visually-hidden">Total </span><strong>{formatMoney(line.lineTotalCents, line.currency)}</strong></p>
            <Form method="post" className="cart-line-remove">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="lineId" value={line.lineId} />
              <button type="submit" className="link-button">Remove<span className="visually-hidden"> {label}</span></button>
            </Form>
          </li>
        );
      })}
    </ul>
  );
}
