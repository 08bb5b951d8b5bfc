import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { formatMoney } from "~/lib/money";
import { listOrders } from "~/ordering/orders.server";
import { describeFulfillment } from "~/fulfillment/fulfillment";

export const meta: MetaFunction = () => [{ title: "Orders — Admin" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  const orders = await listOrders({ limit: PAGE_SIZE, before });
  return { orders, nextBefore: orders.length === PAGE_SIZE ? orders.at(-1)?.number : undefined };
}

export default function AdminOrders() {
  const { orders, nextBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Orders</h1>
      <p><Link to="/admin/orders/new" className="button">New phone or walk-in order</Link></p>
      {orders.length === 0 ? <p>No orders yet.</p> : null}
      {/* Paid orders are the kitchen's work; money still owed at the counter comes first; unpaid
          online ones (abandoned or still paying) and cancelled ones are kept apart. */}
      <OrderTable title="Owing at pickup" orders={orders.filter(isOwing)} />
      <OrderTable title="Paid" orders={orders.filter((order) => order.paidAt !== null)} />
      <OrderTable title="Awaiting payment" orders={orders.filter((order) => order.state === "pending_payment" && !order.payAtPickup)} />
      <OrderTable title="Cancelled unpaid" orders={orders.filter((order) => order.paidAt === null && order.state === "cancelled")} />
      {nextBefore ? <p><Link to={`?before=${nextBefore}`}>Older orders</Link></p> : null}
    </>
  );
}

type OrderRow = ReturnType<typeof useLoaderData<typeof loader>>["orders"][number];

function isOwing(order: OrderRow): boolean {
  return order.payAtPickup && order.paidAt === null && order.state !== "cancelled";
}

function OrderTable({ title, orders }: { title: string; orders: OrderRow[] }) {
  if (orders.length === 0) return null;
  return (
    <section aria-labelledby={`orders-${title.replaceAll(" ", "-")}`}>
      <h2 id={`orders-${title.replaceAll(" ", "-")}`}>{title} ({orders.length})</h2>
      <div className="table-scroll" tabIndex={0}>
        <table className="admin-table">
          <thead>
            <tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">State</th><th scope="col">Total</th><th scope="col">For</th></tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id}>
                <th scope="row"><Link to={`/admin/orders/${order.number}`}>#{order.number}</Link></th>
                <td>{order.customerName}<div className="muted">{order.customerEmail}</div></td>
                <td><span className={`state state-${order.state}`}>{order.state.replaceAll("_", " ")}</span></td>
                <td>{formatMoney(order.totalCents, order.currency)}</td>
                <td>{describeFulfillment(order).headline}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
