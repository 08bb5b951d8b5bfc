// An order's or a quote's money, line by line, as price_order() computed it.
import type { OrderMoney } from "~/ordering/order-money";
import { formatMoney, formatPercent } from "~/lib/money";

export type Totals = OrderMoney & { deliveryZoneName?: string | null };

export function OrderTotals({ totals }: { totals: Totals }) {
  const money = (cents: number) => formatMoney(cents, totals.currency);
  return (
    <table className="totals">
      <tbody>
        <tr><th scope="row">Subtotal</th><td>{money(totals.subtotalCents)}</td></tr>
        {totals.discountCents > 0 ? (
          <tr><th scope="row">Discount{totals.promoCode ? ` (${totals.promoCode})` : ""}</th><td>−{money(totals.discountCents)}</td></tr>
        ) : null}
        {totals.deliveryFeeCents > 0 ? (
          <tr><th scope="row">Delivery fee{totals.deliveryZoneName ? ` (${totals.deliveryZoneName})` : ""}</th><td>{money(totals.deliveryFeeCents)}</td></tr>
        ) : null}
        {totals.shippingCents > 0 ? <tr><th scope="row">Shipping</th><td>{money(totals.shippingCents)}</td></tr> : null}
        {totals.taxRateBps > 0 ? (
          <tr>
            <th scope="row">{totals.taxName ?? "Tax"} ({formatPercent(totals.taxRateBps)}{totals.taxInclusive ? ", included in prices" : ""})</th>
            <td>{money(totals.taxCents)}</td>
          </tr>
        ) : null}
        {totals.tipCents > 0 ? <tr><th scope="row">Tip</th><td>{money(totals.tipCents)}</td></tr> : null}
        <tr className="total"><th scope="row">Total</th><td><strong>{money(totals.totalCents)}</strong></td></tr>
      </tbody>
    </table>
  );
}
