// One order in the admin: its items, payments, refunds and history, a refund form, while it is
// unpaid a cancel form, the payment taken at the counter and (for a phone order) its payment link,
// and once a shipping order has shipped its tracking form.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { orderSchema } from "~/ordering/order-page-form.server";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { CheckboxField, FormError, Notice, TextField } from "~/components/Field";
import { adminAction, auditContext, done, refusal } from "~/lib/admin-action.server";
import { centsToDollarsText } from "~/lib/admin-forms";
import { failureOf } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { getOrderForAdmin } from "~/ordering/orders.server";
import { cancelUnpaidOrder } from "~/ordering/order-cancellation.server";
import { recordCounterPayment, sendPaymentLink, startRevision } from "~/ordering/staff-orders.server";
import { env } from "~/lib/env.server";
import { INTEGER_MAX, rowNumberParam } from "~/lib/route-params";
import { refundableCents, refundsForOrder, requestRefund } from "~/payments/refunds.server";
import { commitAdminSession, getAdminSession, readNotice } from "~/lib/session.server";
import { formatTimestamp } from "~/lib/time";
import { ModifierList } from "~/components/ModifierList";
import { OrderTotals } from "~/components/OrderTotals";
import { describeFulfillment } from "~/fulfillment/fulfillment";
import { TrackingInputs } from "~/components/TrackingInputs";
import { knownCarrier, OTHER_CARRIER, TRACKING_FIELDS, trackingFromForm, trackingUrl } from "~/kitchen/shipment-tracking";
import { setOrderTracking } from "~/kitchen/shipment-tracking.server";
import { PhoneLink } from "~/components/PhoneLink";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Order #${data.order.number} — Admin` : "Order not found" }];

async function findOrder(numberParam: string | undefined) {
  const number = rowNumberParam(numberParam, INTEGER_MAX);
  const order = number ? await getOrderForAdmin(number) : null;
  if (!order) throw new Response("Order not found", { status: 404 });
  return order;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const order = await findOrder(params.number);
  const [refunds, refundable, { notice, headers }] = await Promise.all([refundsForOrder(order.id), refundableCents(order.id), readNotice(request)]);
  return data({ order, refunds, refundable, canRefund: isOwner(admin), notice }, { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const order = await findOrder(params.number);
  const audit = auditContext(admin, context);
  const back = `/admin/orders/${order.number}`;
  return adminAction(request, orderSchema, async (input) => {
    switch (input.intent) {
      case "refund":
        await requireOwner(request, "Only an owner can refund an order.");
        await requestRefund(order.id, input.amount, input.reason, audit);
        return done(back, `Refund of ${formatMoney(input.amount, order.currency)} requested. It completes when Square confirms it.`);
      case "pay":
        await recordCounterPayment(order.id, input.method, audit);
        return done(back, `Payment of ${formatMoney(order.totalCents, order.currency)} recorded (${input.method === "cash" ? "cash" : "card"}).`);
      case "paymentLink": {
        const problem = await sendPaymentLink(order.id, env.publicUrl, audit);
        return problem ? refusal(problem.status, problem.message) : done(back, "Payment link sent to the customer.");
      }
      case "revise": {
        const session = await getAdminSession(request);
        session.set("staffCartId", await startRevision(order.id));
        session.set("revisingOrder", order.number);
        await commitAdminSession(session);
        return done("/admin/orders/new", `Changing order #${order.number}: add or remove items, then save.`);
      }
      case "cancel":
        await cancelUnpaidOrder(order.id, input.reason, audit);
        return done(back, `Order #${order.number} cancelled: its items, time and promo code were released.`);
      case "tracking": {
        const tracking = trackingFromForm(input);
        if ("refused" in tracking) return refusal(422, tracking.refused, tracking.field);
        const emailCustomer = input.emailCustomer === "on";
        const { changed, after } = await setOrderTracking(order.id, { ...tracking, emailCustomer }, audit);
        if (!changed) return done(back, "Nothing changed: that is the tracking the order already has.");
        if (!after.carrier && !after.trackingNumber) return done(back, "Tracking removed.");
        return done(back, emailCustomer && after.trackingNumber ? "Tracking saved; the customer is emailed it." : "Tracking saved.");
      }
    }
  }, { fields: { refund: ["amount", "reason", "confirmRefund"], cancel: ["reason"], pay: [], paymentLink: [], revise: [], tracking: TRACKING_FIELDS } });
}

const NOTIFICATION_LABELS: Record<string, string> = {
  order_confirmation: "order confirmed",
  refund_confirmation: "refund",
  order_delayed: "new time",
  order_ready: "ready for pickup",
  order_out_for_delivery: "out for delivery",
  order_delivered: "delivered",
  order_shipped: "shipped",
  order_cancelled: "cancelled",
  owner_unaccepted_order: "alert to the owner",
  payment_link: "payment link",
};

/** The tracking form's fields as the order has them: a carrier Larder does not list is typed under Other. */
function storedTracking(carrier: string | null, trackingNumber: string | null): Record<string, string> {
  const known = knownCarrier(carrier);
  return { carrier: known ?? (carrier ? OTHER_CARRIER : ""), otherCarrier: known ? "" : (carrier ?? ""), trackingNumber: trackingNumber ?? "" };
}

export default function AdminOrder() {
  const { order, refunds, refundable, canRefund, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const refundFailure = failureOf(failure, "refund");
  const cancelFailure = failureOf(failure, "cancel");
  const payFailure = failureOf(failure, "pay") ?? failureOf(failure, "paymentLink");
  const unpaid = !order.paidAt && (order.state === "pending_payment" || (order.payAtPickup && (order.state === "preparing" || order.state === "ready")));
  const trackingFailure = failureOf(failure, "tracking");
  const shipped = order.fulfillment === "shipping" && order.events.some((event) => event.type === "state_changed" && event.toState === "completed");
  const trackAt = trackingUrl(order.shipmentCarrier, order.trackingNumber);
  const navigation = useNavigation();
  const tz = order.timezone;
  return (
    <article>
      <p><Link to="/admin/orders">← Orders</Link></p>
      <h1>Order #{order.number}</h1>
      <Notice message={notice} />
      <FormError message={failureOf(failure, null)?.formError} />
      <p>
        <span className={`state state-${order.state}`}>{order.state.replaceAll("_", " ")}</span> ·{" "}
        <Link to={`/admin/orders/${order.number}/ticket`}>Kitchen ticket</Link> · <Link to={`/admin/orders/${order.number}/receipt`}>Receipt</Link>
      </p>
      <dl className="facts">
        <dt>Customer</dt><dd>{order.customerName}</dd>
        <dt>Email</dt><dd>{order.customerEmail ?? "—"}</dd>
        <dt>Phone</dt><dd><PhoneLink phone={order.customerPhone} /></dd>
        <dt>Texts</dt><dd>{order.smsConsentAt ? `Yes, to ${order.smsPhone} (agreed ${formatTimestamp(order.smsConsentAt, tz)})` : "No"}</dd>
        <dt>Fulfillment</dt><dd>{describeFulfillment(order).sentence}</dd>
        {order.customerNote ? <><dt>Note</dt><dd className="order-note">{order.customerNote}</dd></> : null}
        {order.fulfillment === "shipping" ? (
          <>
            <dt>Tracking</dt>
            <dd>
              {order.shipmentCarrier || order.trackingNumber ? (
                <>
                  {[order.shipmentCarrier, order.trackingNumber].filter(Boolean).join(" ")}
                  {trackAt ? <> · <a href={trackAt} rel="noreferrer" target="_blank">Track on {knownCarrier(order.shipmentCarrier)}'s site</a></> : null}
                </>
              ) : "None given"}
            </dd>
          </>
        ) : null}
        <dt>Placed</dt><dd>{formatTimestamp(order.createdAt, tz)}</dd>
        <dt>Taken</dt><dd>{order.source === "online" ? "Online" : order.source === "phone" ? "By phone" : "In person"}</dd>
        <dt>Paid</dt>
        <dd>
          {order.paidAt ? formatTimestamp(order.paidAt, tz) : order.payAtPickup ? <strong className="owing">Owes {formatMoney(order.totalCents, order.currency)}: pays at pickup</strong> : "Not paid"}
          {order.counterPayment ? ` — ${order.counterPayment.method === "cash" ? "cash" : "card in the shop"}, taken by ${order.counterPayment.recordedBy}` : ""}
        </dd>
      </dl>
      <h2>Items</h2>
      <table className="admin-table">
        <thead><tr><th scope="col">Item</th><th scope="col">Unit price</th><th scope="col">Quantity</th><th scope="col">Total</th></tr></thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.id}>
              <th scope="row">
                {item.productName} ({item.variantName})
                <ModifierList modifiers={item.modifiers} currency={order.currency} />
              </th>
              <td>{formatMoney(item.unitPriceCents, order.currency)}</td>
              <td>{item.quantity}</td>
              <td>{formatMoney(item.lineTotalCents, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <OrderTotals totals={order} />
      {unpaid ? (
        <Form method="post">
          <input type="hidden" name="intent" value="revise" />
          <button type="submit" className="secondary" disabled={navigation.state !== "idle"}>Change items</button>{" "}
          <span className="hint">The customer changed their mind? Correct the order before it is paid; a paid order is refunded instead.</span>
        </Form>
      ) : null}
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
      {unpaid ? (
        <Form method="post" className="panel" noValidate>
          <h3>Take payment in the shop</h3>
          <p className="hint">The customer pays {formatMoney(order.totalCents, order.currency)} at the counter. You are recorded as the one who took it.</p>
          <FormError message={payFailure?.formError} />
          <input type="hidden" name="intent" value="pay" />
          <button type="submit" name="method" value="cash" disabled={navigation.state !== "idle"}>Paid cash</button>{" "}
          <button type="submit" name="method" value="card_present" className="secondary" disabled={navigation.state !== "idle"}>Paid by card</button>
        </Form>
      ) : null}
      {order.state === "pending_payment" && !order.payAtPickup && (order.customerEmail || order.smsConsentAt) ? (
        <Form method="post" className="panel" noValidate>
          <h3>Payment link</h3>
          <p className="hint">Sends the customer a Square link to pay {formatMoney(order.totalCents, order.currency)}{order.customerEmail ? ` by email to ${order.customerEmail}` : ""}{order.smsConsentAt ? " and by text" : ""}.</p>
          <input type="hidden" name="intent" value="paymentLink" />
          <button type="submit" className="secondary" disabled={navigation.state !== "idle"}>Send payment link</button>
        </Form>
      ) : null}
      <h3>Payment attempts</h3>
      <ul>
        {order.attempts.map((attempt) => (
          <li key={attempt.id}>
            {formatTimestamp(attempt.createdAt, tz)}: {attempt.method.replace("_", " ")}, {attempt.status}
            {attempt.errorMessage ? ` (${attempt.errorMessage})` : ""} — key <code>{attempt.id}</code>
          </li>
        ))}
      </ul>
      <h2>Refunds</h2>
      {refunds.length === 0 ? <p>No refunds.</p> : (
        <table className="admin-table">
          <thead><tr><th scope="col">Requested</th><th scope="col">Amount</th><th scope="col">Reason</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {refunds.map((refund) => (
              <tr key={refund.id}>
                <th scope="row">{formatTimestamp(refund.createdAt, tz)}</th>
                <td>{formatMoney(refund.amountCents, refund.currency)}</td>
                <td>{refund.reason}</td>
                <td>{refund.status}{refund.errorMessage ? ` — ${refund.errorMessage}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {refundable > 0 && canRefund ? (
        <Form method="post" className="panel" noValidate>
          <h3>Refund</h3>
          <p className="hint">Up to {formatMoney(refundable, order.currency)} can be refunded. The customer is emailed when Square completes it.</p>
          <FormError message={refundFailure?.formError} />
          <input type="hidden" name="intent" value="refund" />
          <TextField label="Amount to refund ($)" name="amount" inputMode="decimal" defaultValue={refundFailure?.values.amount ?? centsToDollarsText(refundable)} error={refundFailure?.errors.amount} />
          <TextField label="Reason" name="reason" maxLength={192} defaultValue={refundFailure?.values.reason} error={refundFailure?.errors.reason} />
          <CheckboxField label="Yes, refund this amount to the customer's card" name="confirmRefund" error={refundFailure?.errors.confirmRefund} />
          <button type="submit" className="secondary" disabled={navigation.state !== "idle"}>Refund</button>
        </Form>
      ) : null}
      {unpaid ? (
        <Form method="post" className="panel" noValidate>
          <h3>Cancel this unpaid order</h3>
          <p className="hint">Its items go back on sale and its pickup time or delivery window and promo code are released. The customer is not charged.</p>
          <FormError message={cancelFailure?.formError} />
          <input type="hidden" name="intent" value="cancel" />
          <TextField label="Reason for cancelling" name="reason" maxLength={192} defaultValue={cancelFailure?.values.reason} error={cancelFailure?.errors.reason} />
          <button type="submit" disabled={navigation.state !== "idle"}>Cancel order</button>
        </Form>
      ) : null}
      {shipped ? (
        <Form method="post" className="panel" noValidate>
          <h3>{order.trackingNumber || order.shipmentCarrier ? "Correct the tracking" : "Add tracking"}</h3>
          <p className="hint">Spaces and dashes in the number are fine. Leave both empty to remove the tracking.</p>
          <FormError message={trackingFailure?.formError} />
          <input type="hidden" name="intent" value="tracking" />
          <TrackingInputs idPrefix="tracking"
            values={trackingFailure?.values ?? storedTracking(order.shipmentCarrier, order.trackingNumber)}
            errors={trackingFailure?.errors} />
          <CheckboxField label="Email the customer the tracking" name="emailCustomer"
            defaultChecked={trackingFailure ? trackingFailure.values.emailCustomer === "on" : true} />
          <button type="submit" disabled={navigation.state !== "idle"}>Save tracking</button>
        </Form>
      ) : null}
      <h2>Messages to the customer</h2>
      {order.notifications.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="events">
          {order.notifications.map((message) => (
            <li key={`${message.channel}-${message.id}`}>
              <time>{formatTimestamp(message.createdAt, tz)}</time> {message.channel} “{NOTIFICATION_LABELS[message.template] ?? message.template}” to {message.toAddress}:{" "}
              <strong>{message.status === "queued" ? "pending" : message.status}</strong>
              {message.lastError ? <span className="muted"> ({message.lastError})</span> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>History</h2>
      <ol className="events">
        {order.events.map((event) => (
          <li key={event.id}>
            <time>{formatTimestamp(event.createdAt, tz)}</time>{" "}
            {event.type === "state_changed" ? `${event.fromState?.replaceAll("_", " ")} → ${event.toState?.replaceAll("_", " ")}` : event.message || event.type}
            {event.by ? <span className="muted"> — by {event.by}</span> : null}
          </li>
        ))}
      </ol>
    </article>
  );
}
