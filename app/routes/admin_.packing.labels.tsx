// Bag labels for a day's pickups or deliveries (one slot or the whole day), to print outside the
// admin's frame: the customer's name large, the number, the time, "Bag i of N" (the bag counts typed
// on the packing page), what is in the order and its allergens. 80 mm roll by default, A4/Letter with ?paper=page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/auth.server";
import { PrintControls } from "~/components/PrintControls";
import { boardOrders, listBoardLocations } from "~/kitchen/board.server";
import { allergensOf, bagsFrom, forPacking, packingView, slotOf } from "~/kitchen/packing";
import { printOptions } from "~/kitchen/print";
import { formatDay, formatTimeOfDay } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Bag labels" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [location] = await listBoardLocations();
  if (!location) throw new Response("No location is set up yet.", { status: 404 });
  const url = new URL(request.url);
  const view = packingView(url, location.timezone);
  const orders = forPacking(await boardOrders(location, view.day), view.kind, view.window);
  const keep = Object.fromEntries([...url.searchParams].filter(([name]) => name !== "paper"));
  return {
    ...view,
    timezone: location.timezone,
    paper: printOptions(url).paper,
    keep,
    labels: orders.flatMap((order) => {
      const bags = bagsFrom(url.searchParams, order.id);
      return Array.from({ length: bags }, (_, index) => ({ order, bag: index + 1, bags }));
    }),
  };
}

export default function BagLabels() {
  const { day, kind, window, timezone, paper, keep, labels } = useLoaderData<typeof loader>();
  const backTo = `/admin/packing?${new URLSearchParams({ date: day, kind, ...(window ? { window } : {}) })}`;
  return (
    <div className={`print print-${paper}`}>
      <h1 className="visually-hidden">Bag labels for {formatDay(day)}</h1>
      <PrintControls back={backTo} backLabel="Back to packing" paper={paper} label="labels" keep={keep} />
      {labels.length === 0 ? <p>No orders to label for this day.</p> : null}
      {labels.map(({ order, bag, bags }) => {
        const slot = slotOf(order);
        const allergens = allergensOf(order);
        return (
          <section key={`${order.id}-${bag}`} className="ticket bag-label" aria-label={`Label for order #${order.number}, bag ${bag} of ${bags}`}>
            <p className="ticket-name">{order.customerName}</p>
            <p className="ticket-number">#{order.number}</p>
            <p className="ticket-kind">{kind === "delivery" ? "DELIVERY" : "PICKUP"} · {slot ? formatTimeOfDay(slot, timezone) : ""}</p>
            <ul className="ticket-items">
              {order.items.map((item) => <li key={item.id}>{item.quantity} × {item.productName} ({item.variantName})</li>)}
            </ul>
            {allergens.length ? <p className="ticket-note">Contains: {allergens.join(", ")}</p> : null}
            <p className="ticket-bag">Bag {bag} of {bags}</p>
          </section>
        );
      })}
      <p className="no-print"><Link to={backTo}>Back to packing</Link></p>
    </div>
  );
}
