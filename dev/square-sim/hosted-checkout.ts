// The Square-hosted checkout page a payment link points at: card form, test-card outcomes, redirect back to the shop.
import {
  type CardFormValues,
  alreadyPaidPage,
  checkoutPage,
  notFoundPage,
  paymentSuccessfulPage,
  receiptPage,
} from "./checkout-pages";
import { type CardInput, HOSTED_CHECKOUT_CARDS, cardOutcome, checkCard } from "./cards";
import type { SimContext } from "./context";
import { type Handler, type Reply, html, seeOther } from "./http";
import { isPaid } from "./orders";
import { type ChargeInput, authorizePayment, capturePayment, declinePayment } from "./payments";
import type { Order, Payment, PaymentLink } from "./types";

const CARD_POLICY = {
  accepted: HOSTED_CHECKOUT_CARDS,
  notAccepted: "This card is not accepted here. Use one of the test cards below.",
};

/** The payment takes the order's reference, and the link's buyer email and payment note. */
function chargeInput(link: PaymentLink, order: Order, card: CardInput): ChargeInput {
  return {
    amount: order.total_money,
    order,
    card,
    referenceId: order.reference_id,
    buyerEmail: link.pre_populated_data?.buyer_email,
    note: link.payment_note,
  };
}

function readForm(body: string): CardFormValues {
  const form = new URLSearchParams(body);
  return {
    card_number: form.get("card_number") ?? "",
    expiration: form.get("expiration") ?? "",
    cvv: form.get("cvv") ?? "",
    postal_code: form.get("postal_code") ?? "",
  };
}

function withQuery(base: string | undefined, params: Record<string, string | undefined>): string | undefined {
  if (!base) return undefined;
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(name, value);
  return url.toString();
}

/**
 * Square's redirect after a successful checkout: the shop's redirect_url plus the parameters Square's Checkout
 * documentation names: `checkoutId`, `orderId`, `referenceId` and `transactionId`, which is the order's id (Square:
 * "the transaction ID can be used as the order ID"), never a payment's. Look the payment up through the order's
 * tenders. Square's sandbox appends nothing: `configure({ redirectParameters: false })` (or `POST /sim/config`) does the same.
 */
function successReturnUrl(sim: SimContext, link: PaymentLink, order: Order): string | undefined {
  if (!sim.settings.redirectParameters) return link.checkout_options?.redirect_url;
  return withQuery(link.checkout_options?.redirect_url, {
    checkoutId: link.id,
    orderId: order.id,
    referenceId: order.reference_id,
    transactionId: order.id,
  });
}

function completedPayment(sim: SimContext, order: Order): Payment | undefined {
  const paymentId = order.tenders?.[0]?.payment_id;
  return paymentId ? sim.state.payments.get(paymentId) : undefined;
}

function findLink(sim: SimContext, linkId: string): { link: PaymentLink; order: Order } | null {
  const link = sim.state.paymentLinks.get(linkId);
  const order = link && sim.state.orders.get(link.order_id);
  return link && order ? { link, order } : null;
}

function alreadyPaid(sim: SimContext, status: number, link: PaymentLink, order: Order): Reply {
  const payment = completedPayment(sim, order);
  const returnUrl = payment ? successReturnUrl(sim, link, order) : undefined;
  return html(status, alreadyPaidPage(sim.merchantName, order, returnUrl));
}

const linkNotFound = () => html(404, notFoundPage("This payment link does not exist or has expired."));

export function showCheckoutHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const found = findLink(sim, params.linkId);
    if (!found) return linkNotFound();
    if (isPaid(found.order)) return alreadyPaid(sim, 200, found.link, found.order);
    return html(200, checkoutPage({ merchantName: sim.merchantName, linkId: found.link.id, order: found.order }));
  };
}

export function submitCheckoutHandler(sim: SimContext): Handler {
  return ({ params, body }) => {
    const found = findLink(sim, params.linkId);
    if (!found) return linkNotFound();
    const { link, order } = found;
    // A resubmitted form (back button, double click) must never charge twice.
    if (isPaid(order)) return alreadyPaid(sim, 409, link, order);

    const values = readForm(body);
    const kept = { expiration: values.expiration, postal_code: values.postal_code };
    const view = { merchantName: sim.merchantName, linkId: link.id, order, values: kept };
    const check = checkCard(values, CARD_POLICY, new Date());
    if ("errors" in check) return html(400, checkoutPage({ ...view, errors: check.errors }));

    if (cardOutcome(check.card.number) === "decline") {
      declinePayment(sim, chargeInput(link, order, check.card));
      const returnUrl = withQuery(link.checkout_options?.redirect_url, { orderId: order.id });
      return html(402, checkoutPage({ ...view, declined: { returnUrl } }));
    }
    const payment = authorizePayment(sim, chargeInput(link, order, check.card), { delayedCapture: false });
    capturePayment(sim, payment, { orderUpdatedWebhook: false });
    const returnUrl = successReturnUrl(sim, link, order);
    return returnUrl ? seeOther(returnUrl) : html(200, paymentSuccessfulPage(sim.merchantName, order, payment));
  };
}

export function receiptHandler(sim: SimContext): Handler {
  return ({ params }) => {
    const payment = sim.state.payments.get(params.paymentId);
    const order = payment && sim.state.orders.get(payment.order_id);
    if (!payment?.receipt_number || !order) return html(404, notFoundPage("There is no receipt for this payment."));
    return html(200, receiptPage(sim.merchantName, payment.receipt_number, payment, order));
  };
}
