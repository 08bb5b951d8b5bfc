// The Apple Pay / Google Pay sheet shows the order's own total, in the currency's major unit, payable
// to the shop by name; its line items are the order's parts as the totals table shows them.
import { describe, expect, it } from "vitest";
import type { OrderMoney } from "~/ordering/order-money";
import { displayAmount, walletPaymentRequest } from "~/payments/wallet-payment-request";

const order = (money: Partial<OrderMoney>): OrderMoney => ({
  currency: "USD", subtotalCents: 0, discountCents: 0, promoCode: null, taxName: null, taxRateBps: 0, taxInclusive: false,
  taxCents: 0, deliveryFeeCents: 0, shippingCents: 0, tipCents: 0, totalCents: 0, ...money,
});
const shop = { name: "Masa & Co.", countryCode: "us" };

describe("displayAmount", () => {
  it("turns the smallest unit into the currency's major unit without floating point", () => {
    expect(displayAmount(1250, "USD")).toBe("12.50");
    expect(displayAmount(5, "USD")).toBe("0.05");
    expect(displayAmount(0, "USD")).toBe("0.00");
    expect(displayAmount(123456789, "GBP")).toBe("1234567.89");
    expect(displayAmount(-300, "USD")).toBe("-3.00");
    // Yen have no minor unit (Square's Money.amount is yen); dinars have three decimals.
    expect(displayAmount(1250, "JPY")).toBe("1250");
    expect(displayAmount(1250, "KWD")).toBe("1.250");
  });

  it("refuses what is not a whole amount in minor units", () => {
    expect(() => displayAmount(12.5, "USD")).toThrow(RangeError);
  });
});

describe("walletPaymentRequest", () => {
  it("labels the order's total with the shop's name, in its currency and the shop's country", () => {
    const request = walletPaymentRequest(order({ subtotalCents: 1899, totalCents: 1899 }), shop);
    expect(request).toEqual({
      countryCode: "US",
      currencyCode: "USD",
      total: { label: "Masa & Co.", amount: "18.99" },
      requestBillingContact: false,
      requestShippingContact: false,
    });
  });

  it("lists the order's parts as line items, the discount negative and included tax left out", () => {
    const request = walletPaymentRequest(
      order({ subtotalCents: 4000, discountCents: 400, promoCode: "SPRING", deliveryFeeCents: 500, taxName: "Sales tax",
        taxRateBps: 825, taxCents: 297, tipCents: 300, totalCents: 4697 }),
      shop,
    );
    expect(request.total).toEqual({ label: "Masa & Co.", amount: "46.97" });
    expect(request.lineItems).toEqual([
      { label: "Subtotal", amount: "40.00" },
      { label: "Discount (SPRING)", amount: "-4.00" },
      { label: "Delivery fee", amount: "5.00" },
      { label: "Sales tax", amount: "2.97" },
      { label: "Tip", amount: "3.00" },
    ]);
    const inclusive = walletPaymentRequest(order({ subtotalCents: 1200, taxRateBps: 2000, taxInclusive: true, taxCents: 200, shippingCents: 450, totalCents: 1650, currency: "gbp" }), shop);
    expect(inclusive.currencyCode).toBe("GBP");
    expect(inclusive.lineItems).toEqual([{ label: "Subtotal", amount: "12.00" }, { label: "Shipping", amount: "4.50" }]);
  });

  it("shows yen as whole yen", () => {
    expect(walletPaymentRequest(order({ currency: "JPY", subtotalCents: 1500, totalCents: 1500 }), { name: "Masa", countryCode: "JP" }).total)
      .toEqual({ label: "Masa", amount: "1500" });
  });
});
