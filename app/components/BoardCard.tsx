// One order's card on the board: who, when, how late, what to make, and the buttons for its next
// step and for pushing its time back (plain forms; the board's action takes them).
import { Form, Link, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/Field";
import { TrackingInputs } from "~/components/TrackingInputs";
import { boardColumn, canDelay, DELAYS, lateness, nextSteps, owing, waitingToBeAccepted, type BoardOrder } from "~/kitchen/board";
import type { AdminFormFailure } from "~/lib/admin-action.server";
import { formatMoney } from "~/lib/money";
import { formatDay, formatTimeOfDay } from "~/lib/time";
import { PhoneLink } from "./PhoneLink";

const KIND = { pickup: "Pickup", delivery: "Delivery", shipping: "Shipping" } as const;

export function OrderCard({ order, now, alertMinutes, timeZone, day, locationId, failure, onAccept }: {
  order: BoardOrder; now: Date; alertMinutes: number; timeZone: string; day: string; locationId?: number; failure?: AdminFormFailure;
  /** Called in the Accept click itself (JavaScript on): the board may open the ticket to print. */
  onAccept?: (orderNumber: number) => void;
}) {
  const navigation = useNavigation();
  const late = lateness(order, now);
  const waited = waitingToBeAccepted(order, alertMinutes, now);
  const isNew = boardColumn(order) === "new";
  const due = order.promisedAt
    ? `${KIND[order.fulfillment]} ${formatTimeOfDay(order.promisedAt, timeZone)}${order.delayMinutes ? ` (+${order.delayMinutes} min)` : ""}`
    : `${KIND[order.fulfillment]} ${order.shipOn ? formatDay(order.shipOn) : ""}`;
  const hidden = (
    <>
      <input type="hidden" name="intent" value="step" />
      <input type="hidden" name="orderId" value={order.id} />
      <input type="hidden" name="seenState" value={order.state} />
      <input type="hidden" name="date" value={day} />
      {locationId ? <input type="hidden" name="location" value={locationId} /> : null}
    </>
  );
  const busy = navigation.state !== "idle";
  const owed = owing(order);
  return (
    <article className={`board-card${late ? ` board-${late.level}` : ""}`} aria-labelledby={`order-${order.id}`}>
      <h3 id={`order-${order.id}`}>
        <Link to={`/admin/orders/${order.number}`}>#{order.number}</Link> {order.customerName}
        {isNew ? <span className="badge">New</span> : null}
      </h3>
      <p className="board-due">
        <strong>{due}</strong>
        {order.fulfillment === "delivery" && order.deliveryZoneName ? ` · ${order.deliveryZoneName}` : ""}
        {late ? <span className={`board-late board-late-${late.level}`}> · {late.text}</span> : null}
      </p>
      {waited !== null ? <p className="alert">Waiting {waited} min to be accepted</p> : null}
      <ul className="board-items">
        {order.items.map((item) => (
          <li key={item.id}>
            <strong>{item.quantity} ×</strong> {item.productName} ({item.variantName})
            {item.modifiers.length ? <span className="muted"> — {item.modifiers.map((modifier) => modifier.name).join(", ")}</span> : null}
            {item.note ? <span className="line-note"> · Note: {item.note}</span> : null}
          </li>
        ))}
      </ul>
      {order.customerNote ? <p className="board-note"><strong>Note:</strong> {order.customerNote}</p> : null}
      <p className="muted">
        {formatMoney(order.totalCents, order.currency)} · <PhoneLink phone={order.customerPhone} /> ·{" "}
        <Link to={`/admin/orders/${order.number}/ticket`}>Ticket</Link>
      </p>
      {owed !== null ? (
        // Paid at pickup: the money is taken at the counter, then the order is handed over.
        <Form method="post" className="board-step board-pay">
          <input type="hidden" name="intent" value="pay" />
          <input type="hidden" name="orderId" value={order.id} />
          <input type="hidden" name="date" value={day} />
          {locationId ? <input type="hidden" name="location" value={locationId} /> : null}
          <strong className="owing">Owes {formatMoney(owed, order.currency)}</strong>{" "}
          <button type="submit" name="method" value="cash" className="secondary" disabled={busy}>Paid cash</button>{" "}
          <button type="submit" name="method" value="card_present" className="secondary" disabled={busy}>Paid by card</button>
        </Form>
      ) : null}
      <FormError message={failure?.formError ?? failure?.errors.delayMinutes} />
      {nextSteps(order).map(({ step, label }) =>
        step === "accept" ? (
          <Form method="post" key={step} className="board-step">
            {hidden}
            <input type="hidden" name="step" value="accept" />
            <button type="submit" name="delayMinutes" value="0" disabled={busy} onClick={() => onAccept?.(order.number)}>
              {label}{order.promisedAt ? `, ready at ${formatTimeOfDay(order.promisedAt, timeZone)}` : ""}
            </button>
            {order.promisedAt ? (
              <span className="board-delays">
                {DELAYS.map((minutes) => (
                  <button key={minutes} type="submit" name="delayMinutes" value={minutes} className="secondary" disabled={busy}
                    onClick={() => onAccept?.(order.number)}
                    aria-label={`Accept, ready at ${formatTimeOfDay(new Date(new Date(order.promisedAt!).getTime() + minutes * 60_000), timeZone)} (${minutes} minutes later)`}>
                    +{minutes}
                  </button>
                ))}
              </span>
            ) : null}
          </Form>
        ) : step === "shipped" ? (
          <ShippedForm key={step} orderId={order.id} hidden={hidden} busy={busy} failure={failure} />
        ) : (
          <Form method="post" key={step} className="board-step">
            {hidden}
            <button type="submit" name="step" value={step} disabled={busy}>{label}</button>
          </Form>
        ),
      )}
      {!isNew && canDelay(order) ? (
        <Form method="post" className="board-step board-delays">
          {hidden}
          <input type="hidden" name="step" value="delay" />
          <span className="muted">Delay:</span>
          {DELAYS.map((minutes) => (
            <button key={minutes} type="submit" name="delayMinutes" value={minutes} className="secondary" disabled={busy}
              aria-label={`Delay order #${order.number} by ${minutes} minutes`}>
              +{minutes}
            </button>
          ))}
        </Form>
      ) : null}
    </article>
  );
}

/** Shipped, with the carrier and tracking number when staff have them (both optional). */
function ShippedForm({ orderId, hidden, busy, failure }: { orderId: number; hidden: JSX.Element; busy: boolean; failure?: AdminFormFailure }) {
  const typed = failure?.values.step === "shipped" ? failure.values : undefined;
  return (
    <Form method="post" className="board-step board-ship" noValidate>
      {hidden}
      <input type="hidden" name="step" value="shipped" />
      <TrackingInputs idPrefix={`ship-${orderId}`} values={typed} errors={typed ? failure?.errors : undefined} />
      <button type="submit" disabled={busy}>Shipped</button>
    </Form>
  );
}
