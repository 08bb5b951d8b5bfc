import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { cartSchema } from "~/ordering/cart-form.server";
import { getCart, removeFromCart, setCartQuantity } from "~/ordering/cart.server";
import { FormError, Notice } from "~/components/Field";
import { CartLines } from "~/components/CartLines";
import { GoToCheckout } from "~/components/GoToCheckout";
import { shopTitle } from "~/lib/titles";
import { isShopError } from "~/lib/db.server";
import { parseForm, readFormData, type FormFailure } from "~/lib/forms";
import { formatMoney, formatPercent } from "~/lib/money";
import { commitSession, getSession } from "~/lib/session.server";
import { changeUnpaidOrder, PaymentLinksNotDeleted, unpaidOrdersOfBrowser } from "~/ordering/unpaid-orders.server";
import { UnpaidOrders } from "~/components/UnpaidOrders";

export const meta: MetaFunction = ({ matches }) => [
  { title: shopTitle(matches, "Your cart") },
  { name: "description", content: "Your cart: check your items and quantities, then go to checkout." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  const [cart, unpaidOrders] = await Promise.all([getCart(session), unpaidOrdersOfBrowser(session.id)]);
  const notice = session.get("notice") ?? null;
  // Reading a flash consumes it; only then is there anything to save.
  const headers = notice ? { "Set-Cookie": await commitSession(session) } : undefined;
  return data({ cart, notice, unpaidOrders }, { headers });
}

type CartFailure = FormFailure & { lineId?: string };

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  const cartId = session.get("cartId");
  const form = parseForm(await readFormData(request), cartSchema);
  if (!form.ok) {
    return data<CartFailure>({ ...form, lineId: form.values.lineId }, { status: 422 });
  }
  try {
    if (form.data.intent === "change-order") {
      session.set("cartId", await changeUnpaidOrder(session.id, form.data.order, cartId));
      session.flash("notice", "Your order was cancelled and its items are back in your cart: change them, then check out again.");
      return redirect("/cart", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
    }
    if (!cartId) return redirect("/cart", 303);
    if (form.data.intent === "remove") {
      await removeFromCart(cartId, form.data.lineId);
      session.flash("notice", "Removed from your cart.");
    } else {
      await setCartQuantity(cartId, form.data.lineId, form.data.quantity);
      session.flash("notice", form.data.quantity === 0 ? "Removed from your cart." : "Cart updated.");
    }
  } catch (error) {
    if (error instanceof PaymentLinksNotDeleted) {
      return data<CartFailure>({ errors: { order: error.message }, values: form.values }, { status: 503 });
    }
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
  const { cart, notice, unpaidOrders } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <h1>Your cart</h1>
      <Notice message={notice} />
      <FormError message={failure && !failure.lineId ? Object.values(failure.errors)[0] : undefined} />
      <UnpaidOrders orders={unpaidOrders} />
      {cart.lines.length === 0 ? (
        <p>Your cart is empty. <Link to="/">Browse the menu</Link>.</p>
      ) : (
        <>
          <CartLines lines={cart.lines} failure={failure} />
          <table className="totals cart-totals">
            <tbody>
              <tr><th scope="row">Subtotal</th><td>{formatMoney(cart.subtotalCents, cart.currency)}</td></tr>
              {cart.totals && cart.totals.taxRateBps > 0 ? (
                <tr>
                  <th scope="row">{cart.totals.taxName} ({formatPercent(cart.totals.taxRateBps)}{cart.totals.taxInclusive ? ", included" : ""})</th>
                  <td>{formatMoney(cart.totals.taxCents, cart.currency)}</td>
                </tr>
              ) : null}
              {cart.totals ? (
                <tr className="total"><th scope="row">Total</th><td><strong>{formatMoney(cart.totals.totalCents, cart.currency)}</strong></td></tr>
              ) : null}
            </tbody>
          </table>
          <p className="hint">Delivery, shipping, promo codes and tips are added at checkout.</p>
          {/* A div: the checkout button is a form, which a paragraph cannot hold. */}
          <div className="actions">
            <Link to="/">Keep shopping</Link>
            <GoToCheckout />
          </div>
        </>
      )}
    </>
  );
}
