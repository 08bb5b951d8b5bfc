// The order board (/admin/board): a day's orders in the columns the kitchen works through, one
// button per step. Without JavaScript it is plain forms (303 back here) and refreshes itself every
// 30 s; with it, it polls every few seconds, rings and badges each new order until it is accepted.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { boardSchema, DAY } from "~/kitchen/board-form.server";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { OrderCard } from "~/components/BoardCard";
import { Notice } from "~/components/Field";
import { OrderingPanel } from "~/components/OrderingPanel";
import { boardColumn, localToday, waitingToBeAccepted, type BoardColumn, type Step } from "~/kitchen/board";
import { advanceOrder, boardOrders, listBoardLocations } from "~/kitchen/board.server";
import { TRACKING_FIELDS, trackingFromForm, trackingSentence } from "~/kitchen/shipment-tracking";
import { orderingStatus, pauseOrdering, resumeOrdering, setBusy, type PausableKind } from "~/kitchen/pauses.server";
import { useLiveBoard } from "~/kitchen/use-live-board";
import { usePrintOnAccept } from "~/kitchen/use-print-on-accept";
import { adminAction, auditContext, done, refusal, type AdminFormFailure } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { recordCounterPayment } from "~/ordering/staff-orders.server";
import { formatDay, formatTimeOfDay } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Order board — Admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const url = new URL(request.url);
  const locations = await listBoardLocations();
  const location = locations.find((each) => String(each.id) === url.searchParams.get("location")) ?? locations[0];
  if (!location) throw new Response("No location is set up yet.", { status: 404 });
  const asked = url.searchParams.get("date") ?? "";
  const day = DAY.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : localToday(location.timezone);
  const [orders, ordering, { notice, headers }] = await Promise.all([boardOrders(location, day), orderingStatus(location.id), readNotice(request)]);
  return data(
    { locations, location, day, today: localToday(location.timezone), orders, ordering, canPauseLonger: isOwner(admin), now: new Date().toISOString(), notice },
    { headers },
  );
}

const KINDS = { pickup: ["pickup"], delivery: ["delivery"], both: ["pickup", "delivery"] } as const satisfies Record<string, PausableKind[]>;
const KIND_WORDS = { pickup: "Pickup", delivery: "Delivery", both: "Pickup and delivery" } as const;

function stepNotice(step: Step, order: { number: number; promisedAt: string | null; timezone: string }): string {
  const at = order.promisedAt ? formatTimeOfDay(order.promisedAt, order.timezone) : null;
  switch (step) {
    case "accept":
      return at ? `Order #${order.number} accepted, ready at ${at}.` : `Order #${order.number} accepted.`;
    case "delay":
      return `Order #${order.number} now promised at ${at}; the customer is told.`;
    case "start":
      return `Order #${order.number} started.`;
    case "ready":
      return `Order #${order.number} is ready.`;
    case "out_for_delivery":
      return `Order #${order.number} is out for delivery; the customer is told.`;
    case "collected":
      return `Order #${order.number} collected.`;
    case "delivered":
      return `Order #${order.number} delivered; the customer is told.`;
    case "shipped":
      return `Order #${order.number} shipped; the customer is told.`;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const audit = auditContext(admin, context);
  return adminAction(
    request,
    boardSchema,
    async (input) => {
      const query = new URLSearchParams();
      if (input.date) query.set("date", input.date);
      if (input.location) query.set("location", String(input.location));
      const to = `/admin/board${query.size ? `?${query}` : ""}`;
      const locationId = input.location ?? (await listBoardLocations())[0]?.id;
      if (!locationId) return refusal(404, "No location is set up yet.");
      switch (input.intent) {
        case "step": {
          const tracking = trackingFromForm(input);
          if ("refused" in tracking) return refusal(422, tracking.refused, tracking.field);
          const order = await advanceOrder({ ...input, shipmentCarrier: tracking.carrier, trackingNumber: tracking.trackingNumber }, admin.id, audit.requestId);
          const sentence = input.step === "shipped" ? trackingSentence(order.shipmentCarrier, order.trackingNumber) : null;
          return done(to, sentence ? `${stepNotice(input.step, order)} ${sentence}` : stepNotice(input.step, order));
        }
        case "pause": {
          // Staff may pause for up to an hour; only an owner stops orders until further notice.
          if (input.minutes === "until_resumed") await requireOwner(request, "Only an owner can pause ordering until it is resumed; pause for up to an hour.");
          const minutes = input.minutes === "until_resumed" ? null : Number(input.minutes);
          const { until } = await pauseOrdering(locationId, [...KINDS[input.kinds]], minutes, audit);
          const timezone = (await orderingStatus(locationId))?.timezone ?? "UTC";
          return done(to, minutes === null
            ? `${KIND_WORDS[input.kinds]} paused until you resume it.`
            : `${KIND_WORDS[input.kinds]} paused until ${formatTimeOfDay(until, timezone)}; it resumes by itself.`);
        }
        case "pay": {
          await recordCounterPayment(input.orderId, input.method, audit);
          return done(to, `Payment recorded (${input.method === "cash" ? "cash" : "card"}): hand the order over.`);
        }
        case "resume": {
          const { resumed } = await resumeOrdering(locationId, [...KINDS[input.kinds]], audit);
          return done(to, resumed.length ? `${KIND_WORDS[input.kinds]}: taking orders again.` : `${KIND_WORDS[input.kinds]} was not paused.`);
        }
        case "busy": {
          const { until } = await setBusy(locationId, input.extraMinutes, input.minutes ?? null, audit);
          const timezone = (await orderingStatus(locationId))?.timezone ?? "UTC";
          return done(to, until ? `Busy: ${input.extraMinutes} more minutes of lead time until ${formatTimeOfDay(until, timezone)}.` : "Busy mode ended.");
        }
      }
    },
    { fields: { step: TRACKING_FIELDS }, form: (values) => (values.intent === "step" || values.intent === "pay" ? `order-${values.orderId ?? ""}` : "ordering") },
  );
}

const COLUMNS: { column: BoardColumn; title: string }[] = [
  { column: "new", title: "New" },
  { column: "accepted", title: "Accepted, to start" },
  { column: "preparing", title: "Preparing" },
  { column: "ready", title: "Ready" },
  { column: "out_for_delivery", title: "Out for delivery" },
  { column: "completed", title: "Completed" },
  { column: "apart", title: "Cancelled and refunded" },
];

export default function OrderBoard() {
  const { locations, location, day, today, orders, ordering, canPauseLonger, now, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as AdminFormFailure | undefined;
  const newIds = orders.filter((order) => boardColumn(order) === "new").map((order) => order.id);
  const live = useLiveBoard(newIds);
  const printing = usePrintOnAccept();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const clock = new Date(now);
  const waiting = orders.filter((order) => waitingToBeAccepted(order, location.acceptAlertMinutes, clock) !== null);

  return (
    <div className="board">
      {/* Without JavaScript the board reloads itself; with it, it polls instead. */}
      <noscript>
        <meta httpEquiv="refresh" content="30" />
      </noscript>
      <header className="board-header">
        <h1>
          Order board{newIds.length ? <span className="badge" aria-label={`${newIds.length} new`}>{newIds.length} new</span> : null}
        </h1>
        <Form method="get" className="board-day">
          {locations.length > 1 ? (
            <label>
              Location{" "}
              <select name="location" defaultValue={location.id}>
                {locations.map((each) => <option key={each.id} value={each.id}>{each.name}</option>)}
              </select>
            </label>
          ) : null}
          <label>
            Day <input type="date" name="date" defaultValue={day} />
          </label>
          <button type="submit">Show</button>
          {day !== today ? <Link to={`/admin/board${locations.length > 1 ? `?location=${location.id}` : ""}`}>Today</Link> : null}
        </Form>
        <Link to="/admin/orders/new" className="button">New order</Link>
        {hydrated ? (
          <div className="board-device">
            <button type="button" className="link-button" aria-pressed={!live.muted} onClick={live.toggleMute}>
              {live.muted ? "Sound off (turn on)" : "Sound on (mute)"}
            </button>
            <label className="board-print-setting">
              <input type="checkbox" checked={printing.printOnAccept} onChange={(event) => printing.setPrintOnAccept(event.currentTarget.checked)} />
              <span>Print a ticket when I accept an order <span className="muted">(this device)</span></span>
            </label>
          </div>
        ) : (
          // Until scripts run (never, with JavaScript off): the device settings need them.
          <p className="muted">Printing a ticket on accept needs JavaScript: print from each card's Ticket link.</p>
        )}
      </header>
      <p className="muted">
        {formatDay(day)} at {location.name}. {location.autoAccept ? "Paid orders are accepted automatically." : "Staff accept each paid order."}
      </p>
      <Notice message={notice} />
      {ordering ? (
        <OrderingPanel status={ordering} canPauseLonger={canPauseLonger} day={day} locationId={locations.length > 1 ? location.id : undefined}
          failure={failure?.form === "ordering" ? failure : undefined} />
      ) : null}
      {waiting.length ? (
        <p role="alert" className="alert">
          {waiting.length === 1 ? "1 order is" : `${waiting.length} orders are`} waiting to be accepted for more than {location.acceptAlertMinutes} minutes:{" "}
          {waiting.map((order) => `#${order.number}`).join(", ")}.
        </p>
      ) : null}
      {orders.length === 0 ? <p>No orders for this day yet.</p> : null}
      <div className="board-columns">
        {COLUMNS.map(({ column, title }) => {
          const inColumn = orders.filter((order) => boardColumn(order) === column);
          if (inColumn.length === 0 && (column === "apart" || column === "out_for_delivery")) return null;
          return (
            <section key={column} className={`board-column board-${column}`} aria-labelledby={`column-${column}`}>
              <h2 id={`column-${column}`}>
                {title} <span className="muted">({inColumn.length})</span>
              </h2>
              {inColumn.map((order) => (
                <OrderCard key={order.id} order={order} now={clock} alertMinutes={location.acceptAlertMinutes} timeZone={location.timezone}
                  day={day} locationId={locations.length > 1 ? location.id : undefined} failure={failure?.form === `order-${order.id}` ? failure : undefined}
                  onAccept={printing.accepted} />
              ))}
            </section>
          );
        })}
      </div>
    </div>
  );
}
