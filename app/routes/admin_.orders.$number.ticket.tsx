// The kitchen ticket of one order, to print (outside the admin's frame): large type, the number, the
// time, each item with its choices, and "bag i of N" on one ticket per bag. 80 mm roll by default,
// A4/Letter with ?paper=page; the browser's print dialog opens with JavaScript (Print button without).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { PrintControls } from "~/components/PrintControls";
import { printOptions } from "~/kitchen/print";
import { formatPickupTime, formatDay } from "~/lib/time";
import { getOrderForAdmin } from "~/ordering/orders.server";
import { INTEGER_MAX, rowNumberParam } from "~/lib/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Ticket #${data.order.number}` : "Ticket" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const number = rowNumberParam(params.number, INTEGER_MAX);
  const order = number ? await getOrderForAdmin(number) : null;
  if (!order) throw new Response("Order not found", { status: 404 });
  return { order, ...printOptions(new URL(request.url)) };
}

const KIND = { pickup: "PICKUP", delivery: "DELIVERY", shipping: "SHIPPING" } as const;

export default function KitchenTicket() {
  const { order, paper, bags } = useLoaderData<typeof loader>();
  const when = order.promisedAt ? formatPickupTime(order.promisedAt, order.timezone) : order.shipOn ? formatDay(order.shipOn) : "";
  return (
    <div className={`print print-${paper}`}>
      <h1 className="visually-hidden">Kitchen ticket for order #{order.number}</h1>
      <PrintControls back={`/admin/orders/${order.number}`} paper={paper} bags={bags} label="ticket" />
      {Array.from({ length: bags }, (_, index) => (
        <section key={index} className="ticket" aria-label={`Ticket, bag ${index + 1} of ${bags}`}>
          <p className="ticket-number">#{order.number}</p>
          <p className="ticket-kind">{KIND[order.fulfillment]} · {when}{order.delayMinutes ? ` (+${order.delayMinutes} min)` : ""}</p>
          <p className="ticket-name">{order.customerName}</p>
          <ul className="ticket-items">
            {order.items.map((item) => (
              <li key={item.id}>
                <strong>{item.quantity} ×</strong> {item.productName} ({item.variantName})
                {item.modifiers.length ? (
                  <ul>{item.modifiers.map((modifier) => <li key={`${modifier.list}-${modifier.name}`}>{modifier.list}: {modifier.name}</li>)}</ul>
                ) : null}
                {item.note ? <p className="ticket-item-note">NOTE: {item.note}</p> : null}
              </li>
            ))}
          </ul>
          {order.customerNote ? <p className="ticket-note">NOTE: {order.customerNote}</p> : null}
          <p className="ticket-bag">Bag {index + 1} of {bags}</p>
        </section>
      ))}
      <p className="no-print"><Link to="/admin/board">Back to the board</Link></p>
    </div>
  );
}
