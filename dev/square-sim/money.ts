// Integer-cent arithmetic and display; money never passes through a float.
import type { Money } from "./types";

export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

/** "$1,234.56" from 123456 cents, by integer division (the simulator's location is USD; amounts are never negative). */
export function formatUsd(cents: number): string {
  const dollars = Math.floor(cents / 100).toLocaleString("en-US");
  return `$${dollars}.${String(cents % 100).padStart(2, "0")}`;
}
