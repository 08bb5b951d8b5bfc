// What the checkout form says about a card charge, for the card form's buyer verification: the total
// last quoted and the billing contact as typed (name, email, phone, and the delivery address if any).
import { contactFromName, type ChargeToVerify } from "~/components/CardPayment";

export function checkoutCharge(form: HTMLFormElement, quote: { totalCents: number; currency: string } | null): ChargeToVerify | null {
  if (!quote) return null;
  const data = new FormData(form);
  const field = (name: string) => {
    const value = data.get(name);
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
  };
  const delivering = field("fulfillment") === "delivery" || field("fulfillment") === "shipping";
  const addressLines = delivering ? [field("addressLine1"), field("addressLine2")].filter((line): line is string => Boolean(line)) : [];
  return {
    amountCents: quote.totalCents,
    currency: quote.currency,
    contact: contactFromName(field("name") ?? "", {
      email: field("email"),
      phone: field("phone"),
      addressLines,
      city: delivering ? field("addressCity") : undefined,
      postalCode: delivering ? field("addressPostalCode") : undefined,
    }),
  };
}
