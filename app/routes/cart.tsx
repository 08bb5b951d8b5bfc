import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getCart, removeFromCart, setCartQuantity } from "~/ordering/cart.server";
import { FormError, Notice } from "~/components/Field";
import { GoToCheckout } from "~/components/GoToCheckout";
import { ModifierList } from "~/components/ModifierList";
import { ProductImage } from "~/components/ProductImage";
import { shopTitle } from "~/lib/titles";
import { isShopError } from "~/lib/db.server";
import { idField } from "~/lib/admin-forms";
import { parseForm, readFormData, wholeNumberText, type FormFailure } from "~/lib/forms";
import { formatMoney, formatPercent } from "~/lib/money";
import { commitSession, getSession } from "~/lib/session.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: shopTitle(matches, "Your cart") },
  { name: "description", content: "Your cart: check your items and quantities, then go to checkout." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const cart = await getCart(session);
  const notice = session.get("notice") ?? null;
  // Reading a flash consumes it; only then is there anything to save.
  const headers = notice ? { "Set-Cookie": await commitSession(session) } : undefined;
  return data({ cart, notice }, { headers });
}

const cartSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    lineId: idField("That line is not in your cart."),
    quantity: z
      .string()
      .refine(wholeNumberText, "Quantity must be a whole number from 0 to 99.")
      .transform(Number)
      .refine((value) => value <= 99, "Quantity must be a whole number from 0 to 99."),
  }),
  z.object({ intent: z.literal("remove"), lineId: idField("That line is not in your cart.") }),
]);

type CartFailure = FormFailure & { lineId?: string };

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  const cartId = session.get("cartId");
  const form = parseForm(await readFormData(request), cartSchema);
  if (!form.ok) {
    return data<CartFailure>({ ...form, lineId: form.values.lineId }, { status: 422 });
  }
  if (!cartId) return redirect("/cart", 303);
  try {
    if (form.data.intent === "remove") {
      await removeFromCart(cartId, form.data.lineId);
      session.flash("notice", "Removed from your cart.");
    } else {
      await setCartQuantity(cartId, form.data.lineId, form.data.quantity);
      session.flash("notice", form.data.quantity === 0 ? "Removed from your cart." : "Cart updated.");
    }
  } catch (error) {
    const shopError = isShopError(error);
    if (!shopError) throw error;
    return data<CartFailure>(
      { errors: { quantity: shopError.message }, values: form.values, lineId: form.values.lineId },
      { status: shopError.status },
    );
  }
  return redirect("/cart", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}

export default function CartPage() {
  const { cart, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <h1>Your cart</h1>
      <Notice message={notice} />
      <FormError message={failure && !failure.lineId ? Object.values(failure.errors)[0] : undefined} />
      {cart.lines.length === 0 ? (
        <p>Your cart is empty. <Link to="/">Browse the menu</Link>.</p>
      ) : (
        <>
          <table className="cart">
            <thead>
              <tr><th scope="col">Item</th><th scope="col" className="cart-price">Price</th><th scope="col">Quantity</th><th scope="col">Total</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr>
            </thead>
            <tbody>
              {cart.lines.map((line) => {
                const label = `${line.productName} (${line.variantName})`;
                const lineFailure = failure?.lineId === String(line.lineId) ? failure : undefined;
                const inputId = `quantity-${line.lineId}`;
                return (
                  <tr key={line.lineId}>
                    <th scope="row" className="cart-item">
                      <ProductImage image={line.image} name={line.productName} sizes="4rem" className="thumb" />
                      <Link to={`/products/${line.productSlug}`}>{line.productName}</Link>
                      <div className="muted">{line.variantName}</div>
                      <ModifierList modifiers={line.modifiers} currency={line.currency} />
                      {line.note ? <div className="line-note">Note: {line.note}</div> : null}
                      {line.unavailable ? <div className="field-error">No longer available in this quantity.</div> : null}
                    </th>
                    <td className="cart-price">{formatMoney(line.unitPriceCents, line.currency)}</td>
                    <td>
                      <Form method="post" className="inline-form">
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
                    </td>
                    <td>{formatMoney(line.lineTotalCents, line.currency)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="lineId" value={line.lineId} />
                        <button type="submit" className="link-button">Remove<span className="visually-hidden"> {label}</span></button>
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr><th scope="row" colSpan={3}>Subtotal</th><td colSpan={2}>{formatMoney(cart.subtotalCents, cart.currency)}</td></tr>
              {cart.totals && cart.totals.taxRateBps > 0 ? (
                <tr>
                  <th scope="row" colSpan={3}>{cart.totals.taxName} ({formatPercent(cart.totals.taxRateBps)}{cart.totals.taxInclusive ? ", included" : ""})</th>
                  <td colSpan={2}>{formatMoney(cart.totals.taxCents, cart.currency)}</td>
                </tr>
              ) : null}
              {cart.totals ? (
                <tr><th scope="row" colSpan={3}>Total</th><td colSpan={2}><strong>{formatMoney(cart.totals.totalCents, cart.currency)}</strong></td></tr>
              ) : null}
            </tfoot>
          </table>
          <p className="hint">Delivery, shipping, promo codes and tips are added at checkout.</p>
          <p className="actions">
            <Link to="/">Keep shopping</Link>
            <GoToCheckout />
          </p>
        </>
      )}
    </>
  );
}
