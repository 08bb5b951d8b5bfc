// What Apple Pay and Google Pay show the buyer: the Web Payments SDK's PaymentRequestOptions for an
// order, built from the order's own total (price_order(), stored on the order row). The sheet's
// amounts are display strings in the currency's major unit ("12.50" dollars, "1250" yen), while
// CreatePayment charges the smallest unit (cents): both come from the same integer here.
import type { OrderMoney } from "~/ordering/order-money";
import { numberFormat } from "~/lib/intl";

/** Square's PaymentRequestOptions, as `payments.paymentRequest(options)` takes them. */
export interface WalletPaymentRequest {
  countryCode: string;
  currencyCode: string;
  total: LineItem;
  lineItems?: LineItem[];
  requestBillingContact?: boolean;
  requestShippingContact?: boolean;
}

export interface LineItem {
  amount: string;
  label: string;
  /** Square's option: "PENDING" for an amount not final yet; an order's total is final. */
  pending?: boolean;
}

/** Digits after the decimal point in the currency's major unit (USD 2, JPY 0, KWD 3), as ISO 4217 and Intl say. */
export function currencyExponent(currency: string): number {
  return numberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in the smallest unit (Square's Money.amount) as the decimal string the payment sheet shows: 1250 USD → "12.50". */
export function displayAmount(minorUnits: number, currency: string): string {
  if (!Number.isSafeInteger(minorUnits)) throw new RangeError(`not an amount in minor units: ${minorUnits}`);
  const exponent = currencyExponent(currency);
  const sign = minorUnits < 0 ? "-" : "";
  const digits = String(Math.abs(minorUnits)).padStart(exponent + 1, "0");
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * The payment request for an order: the total labelled with the shop's name (what the sheet names
 * as the payee), and the order's parts (as its totals table shows them) as line items. Tax included
 * in prices is not a line of its own: it is already in the subtotal. The sheet asks for no contact
 * or shipping address: the order already has them.
 */
export function walletPaymentRequest(order: OrderMoney, shop: { name: string; countryCode: string }): WalletPaymentRequest {
  const currencyCode = order.currency.toUpperCase();
  const line = (label: string, cents: number): LineItem => ({ label, amount: displayAmount(cents, currencyCode) });
  const lineItems = [line("Subtotal", order.subtotalCents)];
  if (order.discountCents > 0) lineItems.push(line(`Discount${order.promoCode ? ` (${order.promoCode})` : ""}`, -order.discountCents));
  if (order.deliveryFeeCents > 0) lineItems.push(line("Delivery fee", order.deliveryFeeCents));
  if (order.shippingCents > 0) lineItems.push(line("Shipping", order.shippingCents));
  if (order.taxCents > 0 && !order.taxInclusive) lineItems.push(line(order.taxName ?? "Tax", order.taxCents));
  if (order.tipCents > 0) lineItems.push(line("Tip", order.tipCents));
  return {
    countryCode: shop.countryCode.toUpperCase(),
    currencyCode,
    total: line(shop.name, order.totalCents),
    ...(lineItems.length > 1 ? { lineItems } : {}),
    requestBillingContact: false,
    requestShippingContact: false,
  };
}
