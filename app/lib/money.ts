// Money is integer cents plus a currency code; this turns it into text for people.
import { numberFormat } from "~/lib/intl";

export function formatMoney(cents: number | bigint | string, currency = "USD"): string {
  const value = Number(cents) / 100;
  return numberFormat("en-US", { style: "currency", currency }).format(value);
}

/** "12", "12.5" or "12.50" (dollars, as typed) to 1250 cents, without floating point; null if not money. */
export function parseMoneyToCents(text: string): number | null {
  const match = /^\s*\$?(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

/** Basis points as a percentage for people: 825 → "8.25%", 1000 → "10%". */
export function formatPercent(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}
