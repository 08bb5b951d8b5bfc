// A promo code's discount and dates as the admin reads them.
import { basisPointsToPercentText } from "~/lib/admin-forms";
import { formatMoney } from "~/lib/money";
import { dateTimeFormat } from "~/lib/intl";

export function describeDiscount(code: { kind: "percent" | "fixed"; percentBps: number | null; amountCents: number | null; currency: string }): string {
  return code.kind === "percent"
    ? `${basisPointsToPercentText(code.percentBps ?? 0)} % off`
    : `${formatMoney(code.amountCents ?? 0, code.currency)} off`;
}

/** "2030-01-15T09:00" (already on the shop's clock) as "Jan 15, 2030, 9:00 AM". */
export function formatLocalDateTime(local: string): string {
  return dateTimeFormat("en-US", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" }).format(new Date(`${local}:00Z`));
}
