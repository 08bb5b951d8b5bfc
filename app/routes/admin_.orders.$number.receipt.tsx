// The customer's receipt of one order, to print (outside the admin's frame): the shop, the order,
// what was bought and paid, how it is fulfilled. 80 mm roll by default, A4/Letter with ?paper=page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { OrderTotals } from "~/components/OrderTotals";
import { PrintControls } from "~/components/PrintControls";
import { describeFulfillment } from "~/fulfillment/fulfillment";
import { printOptions } from "~/kitchen/print";
import { formatMoney } from "~/lib/money";
import { formatTimestamp } from "~/lib/time";
import { getOrderForAdmin } from "~/ordering/orders.server";
import { INTEGER_MAX, rowNumberParam } from "~/lib/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Receipt #${data.order.number}` : "Receipt" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const number = rowNumberParam(params.number, INTEGER_MAX);
  const order = number ? await getOrderForAdmin(number) : null;
  if (!order) throw new Response("Order not found", { status: 404 });
  return { order, paper: printOptions(new URL(request.url)).paper };
}

export default function Receipt() {
  const { order, paper } = useLoaderData<typeof loader>();
  const card = order.payments.find((payment) => payment.status === "COMPLETED");
  return (
    <div className={`print print-${paper}`}>
      <h1 className="visually-hidden">Receipt for order #{order.number}</h1>
      <PrintControls back={`/admin/orders/${order.number}`} paper={paper} label="receipt" />
      <section className="receipt" aria-label={`Receipt for order #${order.number}`}>
        <h1>{order.locationName}</h1>
        <p>{order.locationAddress}</p>
        <p>
          Order #{order.number} · {formatTimestamp(order.createdAt, order.timezone)}
          <br />
          {order.customerName}
        </p>
        <table className="receipt-items">
          <tbody>
            {order.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.quantity} × {item.productName} ({item.variantName})
                  {item.modifiers.length ? <div className="muted">{item.modifiers.map((modifier) => modifier.name).join(", ")}</div> : null}
                </th>
                <td>{formatMoney(item.lineTotalCents, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <OrderTotals totals={order} />
        <p>{card ? `Paid by ${card.cardBrand ?? "card"}${card.cardLast4 ? ` ending ${card.cardLast4}` : ""}.` : order.paidAt ? "Paid." : "Not paid yet."}</p>
        <p>{describeFulfillment(order, order.deliveryWindowMinutes).sentence}</p>
        <p>Thank you!</p>
      </section>
    </div>
  );
}
