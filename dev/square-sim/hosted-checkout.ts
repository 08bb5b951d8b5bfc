// The Square-hosted checkout page a payment link points at: card form, test-card outcomes, redirect back to the shop.
import {
  type CardFormErrors,
  type CardFormValues,
  alreadyPaidPage,
  checkoutPage,
  notFoundPage,
  paymentSuccessfulPage,
  receiptPage,
} from "./checkout-pages";
import type { SimContext } from "./context";
import { type Handler, type Reply, html, seeOther } from "./http";
import { isPaid } from "./orders";
import { type CardInput, captureCardPayment, declineCardPayment } from "./payments";
import type { Order, Payment, PaymentLink } from "./types";

const APPROVED_CARD = "4111111111111111";
const DECLINED_CARD = "4000000000000002";

type CardCheck = { errors: CardFormErrors } | { card: CardInput; approved: boolean };

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function checkCardNumber(raw: string): string | { number: string } {
  const number = raw.replace(/[\s-]/g, "");
  if (!number) return "Enter your card number.";
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return "Enter a valid card number.";
  if (number !== APPROVED_CARD && number !== DECLINED_CARD)
    return "This card is not accepted here. Use one of the test cards below.";
  return { number };
}

function checkExpiration(raw: string, now: Date): string | { expMonth: number; expYear: number } {
  if (!raw.trim()) return "Enter the expiration date.";
  const match = /^(\d{2})\s*\/\s*(\d{2})$/.exec(raw.trim());
  const expMonth = match ? Number(match[1]) : 0;
  if (!match || expMonth < 1 || expMonth > 12) return "Enter the expiration date as MM/YY.";
  const expYear = 2000 + Number(match[2]);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
  if (expYear * 12 + expMonth < current) return "This card has expired.";
  return { expMonth, expYear };
}

function checkCard(values: CardFormValues, now: Date): CardCheck {
  const errors: CardFormErrors = {};
  const number = checkCardNumber(values.card_number);
  if (typeof number === "string") errors.card_number = number;
  const expiry = checkExpiration(values.expiration, now);
  if (typeof expiry === "string") errors.expiration = expiry;
  if (!values.cvv.trim()) errors.cvv = "Enter the CVV.";
  else if (!/^\d{3}$/.test(values.cvv.trim())) errors.cvv = "Enter the 3-digit CVV.";
  if (!values.postal_code.trim()) errors.postal_code = "Enter the postal code.";
  else if (!/^\d{5}(-\d{4})?$/.test(values.postal_code.trim())) errors.postal_code = "Enter a 5-digit ZIP code.";

  if (typeof number === "string" || typeof expiry === "string" || Object.keys(errors).length > 0) return { errors };
  return { card: { number: number.number, ...expiry }, approved: number.number === APPROVED_CARD };
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

/** Square's redirect after a successful checkout: the shop's redirect_url plus ids it can look up. */
function successReturnUrl(link: PaymentLink, order: Order, paymentId: string): string | undefined {
  return withQuery(link.checkout_options?.redirect_url, {
    checkoutId: link.id,
    orderId: order.id,
    referenceId: order.reference_id,
    transactionId: paymentId,
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
  const returnUrl = payment ? successReturnUrl(link, order, payment.id) : undefined;
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
    const check = checkCard(values, new Date());
    if ("errors" in check) return html(400, checkoutPage({ ...view, errors: check.errors }));

    if (!check.approved) {
      declineCardPayment(sim, link, order, check.card);
      const returnUrl = withQuery(link.checkout_options?.redirect_url, { orderId: order.id });
      return html(402, checkoutPage({ ...view, declined: { returnUrl } }));
    }
    const payment = captureCardPayment(sim, link, order, check.card);
    const returnUrl = successReturnUrl(link, order, payment.id);
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
