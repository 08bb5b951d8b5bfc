// The orders this browser placed and has not paid (the customer left Square's hosted checkout):
// pay each one (its payment page again, or a new one for the same order) or change it (it is
// cancelled, what it held is given back and its items return to the cart). Shown on the cart and
// checkout pages; both forms are plain posts, so they work without JavaScript.
import { Form } from "@remix-run/react";
import { formatMoney } from "~/lib/money";
import { formatTimeOfDay } from "~/lib/time";

export interface UnpaidOrderSummary {
  number: number;
  publicToken: string;
  totalCents: number;
  currency: string;
  heldUntil: string;
  timezone: string;
}

export function UnpaidOrders({ orders }: { orders: UnpaidOrderSummary[] }) {
  if (orders.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="unpaid-orders-heading">
      <h2 id="unpaid-orders-heading">{orders.length === 1 ? "Your order is waiting for payment" : "Your orders waiting for payment"}</h2>
      <ul className="unpaid-orders">
        {orders.map((order) => (
          <li key={order.publicToken}>
            <p>
              Order #{order.number} ({formatMoney(order.totalCents, order.currency)}) is not paid yet. Its items are held for you
              until {formatTimeOfDay(order.heldUntil, order.timezone)}.
            </p>
            <div className="inline-fields">
              {/* A full page post: it ends on Square's payment page, another site. */}
              <Form method="post" action={`/orders/${order.publicToken}`} reloadDocument>
                <input type="hidden" name="intent" value="pay" />
                <button type="submit">Pay for order #{order.number}</button>
              </Form>
              <Form method="post" action="/cart">
                <input type="hidden" name="intent" value="change-order" />
                <input type="hidden" name="order" value={order.publicToken} />
                <button type="submit" className="secondary">Change this order<span className="visually-hidden"> (#{order.number})</span></button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
      <p className="hint">Changing an order cancels it (nothing was charged) and puts its items back in your cart.</p>
    </section>
  );
}
