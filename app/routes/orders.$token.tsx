import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { CardFields, contactFromName, useCardPayment } from "~/components/CardPayment";
import { FormError, Notice } from "~/components/Field";
import { KeepOrderForOffline } from "~/components/KeepOrderForOffline";
import { WalletButtons } from "~/components/WalletButtons";
import { formatMoney } from "~/lib/money";
import { ModifierList } from "~/components/ModifierList";
import { OrderTotals } from "~/components/OrderTotals";
import { describeFulfillment } from "~/fulfillment/fulfillment";
import { customerStateLabel, orderProgress } from "~/kitchen/progress";
import { knownCarrier, trackingSentence, trackingUrl } from "~/kitchen/shipment-tracking";
import { formatPickupTime, zoneAbbreviation } from "~/lib/time";
import { useZoneShown } from "~/lib/use-zone-shown";
import { getOrderForCustomer } from "~/ordering/orders.server";
import { startPayment } from "~/payments/payments.server";
import { settleReturnFromCheckout } from "~/payments/reconciliation.server";
import { retryAfterHeaders, takeAttempt } from "~/ops/rate-limit.server";
import { squareLocationCountry, webPaymentsConfig } from "~/payments/square.server";
import { walletPaymentRequest } from "~/payments/wallet-payment-request";
import { shopName } from "~/fulfillment/shop.server";
import { readFormData } from "~/lib/forms";
import { commitSession, getSession } from "~/lib/session.server";
import { keepRetryAfter } from "~/lib/retry-after";

/** Over a rate limit, the page keeps the action's Retry-After. */
export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order #${data.order.number}` : "Order not found" },
  { name: "robots", content: "noindex" },
];


export async function loader({ request, params, context }: LoaderFunctionArgs) {
  let order = await getOrderForCustomer(params.token ?? "");
  if (!order) throw new Response("Order not found", { status: 404 });
  const url = new URL(request.url);
  const session = await getSession(request, context);
  const notice = session.get("notice") ?? null;
  const paymentError = session.get("paymentError") ?? null;
  // Square's checkout sends the customer back after paying, to our redirect URL (`checkout=square`)
  // with whatever Square appends: nothing (its sandbox), `orderId`, or `transactionId` (also the
  // order's id, as Square documents it). Until the webhook (or reconciliation) settles the payment
  // link, the payment is being confirmed. Likewise a card payment whose answer is still outstanding.
  // Square's redirect proves nothing, so Square is asked at once (the page then shows Paid, or the
  // decline); while it has no answer the page keeps confirming.
  const returnedFromCheckout = ["checkout", "orderId", "transactionId"].some((name) => url.searchParams.has(name));
  if (returnedFromCheckout && order.state === "pending_payment" && order.paymentLink) {
    await settleReturnFromCheckout(order.id, context.requestId);
    order = (await getOrderForCustomer(order.publicToken)) ?? order;
  }
  // Square sends the customer back only after taking a payment: until it is applied (or Square says
  // it failed) the page confirms and refreshes, rather than offer Pay now for an order being paid
  // (seen when the page was read while the payment's webhook was being applied).
  const confirming =
    order.state === "pending_payment" && (order.paymentInFlight || (returnedFromCheckout && order.paymentLink !== "failed"));
  const headers = notice || paymentError ? { "Set-Cookie": await commitSession(session) } : undefined;
  // Apple Pay and Google Pay show the order's own total, payable to the shop by name.
  const walletRequest = order.state === "pending_payment" && !order.payAtPickup && !order.hostedCheckoutOnly
    ? walletPaymentRequest(order, { name: await shopName(), countryCode: squareLocationCountry() })
    : null;
  return data({ order, confirming, notice, paymentError, webPayments: webPaymentsConfig(), walletRequest }, { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const order = await getOrderForCustomer(params.token ?? "");
  if (!order) throw new Response("Order not found", { status: 404 });
  const formData = await readFormData(request);
  if (formData.get("intent") !== "pay") {
    return data({ formError: "Unknown action." }, { status: 400 });
  }
  // Payment attempts (card testing) are limited per address and per the order's email.
  const tooMany = await takeAttempt([
    { limit: "payment_per_ip", value: context.clientIp },
    { limit: "payment_per_email", value: order.customerEmail },
  ]);
  if (tooMany) return data({ formError: tooMany.message }, { status: 429, headers: retryAfterHeaders(tooMany.retryAfterSeconds) });
  const sourceId = formData.get("sourceId");
  const verificationToken = formData.get("verificationToken");
  const start = await startPayment(order.id, {
    sourceId: typeof sourceId === "string" ? sourceId : null,
    verificationToken: typeof verificationToken === "string" && verificationToken.length <= 1024 ? verificationToken : null,
    requestId: context.requestId,
  });
  if (start.kind === "hosted_checkout") return redirect(start.url, 303);
  if (start.kind === "failed") return data({ formError: start.message }, { status: start.status });
  return redirect(`/orders/${order.publicToken}`, 303);
}

function useRefreshWhile(active: boolean, everyMs: number) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidator]);
}

const fulfillmentTitle = { pickup: "Pickup", delivery: "Delivery", shipping: "Shipping" } as const;

export default function OrderPage() {
  const { order, confirming, notice, paymentError, webPayments, walletRequest } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const card = useCardPayment(webPayments, {
    verify: () => ({
      amountCents: order.totalCents,
      currency: order.currency,
      contact: contactFromName(order.customerName, { email: order.customerEmail ?? undefined }),
    }),
  });
  useRefreshWhile(confirming, 1500);
  const zoneShown = useZoneShown(order.timezone);
  const awaitingPayment = order.state === "pending_payment" && !order.payAtPickup;
  const owing = order.payAtPickup && !order.paidAt && order.state !== "cancelled";
  const progress = orderProgress(order);
  const stateLabel = confirming ? "Confirming payment" : customerStateLabel(order.state, order.fulfillment, order.payAtPickup && !order.paidAt);
  return (
    <article className="order">
      <KeepOrderForOffline url={`/orders/${order.publicToken}`} number={order.number} status={stateLabel} />
      <h1>Order #{order.number}</h1>
      <Notice message={notice} />
      <p className={`order-state state-${order.state}`} role="status">
        {stateLabel}
      </p>
      {confirming ? (
        <section className="panel">
          <p>Your payment is being confirmed. This page refreshes itself; it only takes a moment.</p>
          <noscript><meta httpEquiv="refresh" content="2" /></noscript>
        </section>
      ) : null}
      {awaitingPayment && !confirming ? (
        <section className="panel">
          {failure?.formError || paymentError ? (
            <FormError message={failure?.formError ?? paymentError ?? undefined} />
          ) : order.lastPaymentFailure ? (
            <p className="form-error" role="alert">
              {order.lastPaymentFailure} This order is not paid yet and you have not been charged. You can try again, or with another card.
            </p>
          ) : (
            <p>We have not received a payment for this order yet. Your items are held for you while you pay.</p>
          )}
          {walletRequest === null ? null : (
            <WalletButtons config={webPayments} paymentRequest={walletRequest} busy={navigation.state !== "idle" || card.tokenizing} />
          )}
          <Form method="post" onSubmit={card.onSubmit}>
            <input type="hidden" name="intent" value="pay" />
            {order.hostedCheckoutOnly ? null : <CardFields card={card} />}
            <button type="submit" disabled={navigation.state !== "idle" || card.tokenizing}>
              {order.lastPaymentFailure || paymentError || failure ? "Try paying again" : "Pay now"} ({formatMoney(order.totalCents, order.currency)})
            </button>
          </Form>
        </section>
      ) : null}
      {owing ? <p className="panel"><strong>Pay {formatMoney(order.totalCents, order.currency)} when you collect your order</strong> (cash or card).</p> : null}
      {!awaitingPayment && order.customerEmail ? <p>Thank you, {order.customerName}! A confirmation is on its way to {order.customerEmail}.</p> : null}
      {progress ? (
        <ol className="order-progress" aria-label="Progress">
          {progress.map((step) => (
            <li key={step.label} className={`progress-${step.status}`} aria-current={step.status === "current" ? "step" : undefined}>
              {step.label}
              {step.status === "done" ? <span className="visually-hidden"> (done)</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
      <section className="panel">
        <h2>{fulfillmentTitle[order.fulfillment]}</h2>
        <p>{describeFulfillment(order, undefined, zoneShown).sentence}</p>
        {order.delayMinutes > 0 && order.promisedAt ? (
          <p>
            <strong>
              New time: {order.fulfillment === "delivery" ? "arriving from" : "ready at"} {formatPickupTime(order.promisedAt, order.timezone)}{zoneShown ? ` ${zoneAbbreviation(order.promisedAt, order.timezone)}` : ""}
            </strong>{" "}
            (we needed a little more time).
          </p>
        ) : null}
        {order.fulfillment === "shipping" && (order.shipmentCarrier || order.trackingNumber) ? <ShipmentTracking order={order} /> : null}
      </section>
      <section className="panel">
        <h2>Items</h2>
        <table className="order-items">
          <thead>
            <tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Total</th></tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.productName} ({item.variantName})
                  <ModifierList modifiers={item.modifiers} currency={order.currency} />
                </th>
                <td>{item.quantity}</td>
                <td>{formatMoney(item.lineTotalCents, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <OrderTotals totals={order} />
      </section>
      <p className="muted">Keep this page's address: it is your link to this order.</p>
    </article>
  );
}

function ShipmentTracking({ order }: { order: { shipmentCarrier: string | null; trackingNumber: string | null } }) {
  const link = trackingUrl(order.shipmentCarrier, order.trackingNumber);
  return (
    <p className="tracking">
      {trackingSentence(order.shipmentCarrier, order.trackingNumber)}{" "}
      {link ? <a href={link} rel="noreferrer">Track your parcel on {knownCarrier(order.shipmentCarrier)}'s site</a> : null}
    </p>
  );
}
