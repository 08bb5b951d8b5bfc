import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth.server";
import { formatMoney } from "~/money";
import { getOrderForAdmin } from "~/orders.server";
import { formatPickupTime, formatTimestamp } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Order #${data.order.number} — Admin` : "Order not found" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const number = Number(params.number);
  const order = Number.isInteger(number) && number > 0 ? await getOrderForAdmin(number) : null;
  if (!order) throw new Response("Order not found", { status: 404 });
  return { order };
}

export default function AdminOrder() {
  const { order } = useLoaderData<typeof loader>();
  const tz = order.timezone;
  return (
    <article>
      <p><Link to="/admin/orders">← Orders</Link></p>
      <h1>Order #{order.number}</h1>
      <p><span className={`state state-${order.state}`}>{order.state.replaceAll("_", " ")}</span></p>
      <dl className="facts">
        <dt>Customer</dt><dd>{order.customerName}</dd>
        <dt>Email</dt><dd>{order.customerEmail}</dd>
        <dt>Phone</dt><dd>{order.customerPhone}</dd>
        <dt>Pickup</dt><dd>{order.pickupAt ? formatPickupTime(order.pickupAt, tz) : "—"} at {order.locationName}</dd>
        <dt>Placed</dt><dd>{formatTimestamp(order.createdAt, tz)}</dd>
        <dt>Paid</dt><dd>{order.paidAt ? formatTimestamp(order.paidAt, tz) : "Not paid"}</dd>
      </dl>
      <h2>Items</h2>
      <table className="admin-table">
        <thead><tr><th scope="col">Item</th><th scope="col">Unit price</th><th scope="col">Quantity</th><th scope="col">Total</th></tr></thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.id}>
              <th scope="row">{item.productName} ({item.variantName})</th>
              <td>{formatMoney(item.unitPriceCents, order.currency)}</td>
              <td>{item.quantity}</td>
              <td>{formatMoney(item.lineTotalCents, order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={3}>Total</th><td>{formatMoney(order.totalCents, order.currency)}</td></tr></tfoot>
      </table>
      <h2>Payment</h2>
      {order.payments.length === 0 ? <p>No payment recorded.</p> : (
        <table className="admin-table">
          <thead><tr><th scope="col">Square payment</th><th scope="col">Status</th><th scope="col">Amount</th><th scope="col">Card</th><th scope="col">When</th></tr></thead>
          <tbody>
            {order.payments.map((payment) => (
              <tr key={payment.squarePaymentId}>
                <th scope="row"><code>{payment.squarePaymentId}</code></th>
                <td>{payment.status}</td>
                <td>{formatMoney(payment.amountCents, payment.currency)}</td>
                <td>{payment.cardBrand ? `${payment.cardBrand} ····${payment.cardLast4 ?? ""}` : "—"}</td>
                <td>{formatTimestamp(payment.createdAt, tz)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Payment attempts</h3>
      <ul>
        {order.attempts.map((attempt) => (
          <li key={attempt.id}>
            {formatTimestamp(attempt.createdAt, tz)}: {attempt.method.replace("_", " ")}, {attempt.status}
            {attempt.errorMessage ? ` (${attempt.errorMessage})` : ""} — key <code>{attempt.id}</code>
          </li>
        ))}
      </ul>
      <h2>History</h2>
      <ol className="events">
        {order.events.map((event) => (
          <li key={event.id}>
            <time>{formatTimestamp(event.createdAt, tz)}</time>{" "}
            {event.type === "state_changed" ? `${event.fromState?.replaceAll("_", " ")} → ${event.toState?.replaceAll("_", " ")}` : event.message || event.type}
          </li>
        ))}
      </ol>
    </article>
  );
}
