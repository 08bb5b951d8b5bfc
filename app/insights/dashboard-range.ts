// The dashboard's question, read from its GET form: which local days (a preset or custom from–to),
// compared with which (the period before, or the same days a year earlier), where (a location or
// all) and by which day (placed or fulfilled). Bad input is named per field, never guessed past.
import { addDays, parseDay } from "~/kitchen/production";
import { dateTimeFormat } from "~/lib/intl";

export const RANGES = [
  ["today", "Today"],
  ["yesterday", "Yesterday"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["month", "This month"],
  ["custom", "Custom"],
] as const;
export const COMPARISONS = [
  ["previous", "Previous period"],
  ["year", "Same period last year"],
] as const;
export const BASES = [
  ["ordered", "Order date"],
  ["fulfilled", "Fulfilment date (pickup, delivery, ship day)"],
] as const;

export type RangeName = (typeof RANGES)[number][0];
export type Comparison = (typeof COMPARISONS)[number][0];
export type Basis = (typeof BASES)[number][0];

/** The longest range the dashboard answers (three years, leap day included). */
export const MAX_RANGE_DAYS = 3 * 365 + 1;

export interface DashboardQuery {
  range: RangeName;
  from: string;
  to: string;
  compare: Comparison;
  compareFrom: string;
  compareTo: string;
  /** A location id, or null for all. */
  location: number | null;
  basis: Basis;
}

export interface DashboardQueryInput {
  range: string;
  from: string;
  to: string;
  compare: string;
  location: string;
  basis: string;
}

export type ParsedQuery = { ok: true; query: DashboardQuery } | { ok: false; errors: Record<string, string> };

export function localDay(timeZone: string, now: Date): string {
  const parts = dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: string) => parts.find((each) => each.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

function minusOneYear(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  // 29 February has no twin a year earlier: the 28th stands in.
  const candidate = new Date(Date.UTC(year - 1, month - 1, date, 12));
  return candidate.getUTCMonth() === month - 1 ? candidate.toISOString().slice(0, 10) : `${year - 1}-${String(month).padStart(2, "0")}-28`;
}

function presetDays(range: RangeName, today: string): [string, string] {
  switch (range) {
    case "yesterday": return [addDays(today, -1), addDays(today, -1)];
    case "7d": return [addDays(today, -6), today];
    case "30d": return [addDays(today, -29), today];
    case "month": return [`${today.slice(0, 8)}01`, today];
    default: return [today, today];
  }
}

/** Reads the form (its values as typed; blank means the default) against the shop's locations. */
export function parseDashboardQuery(input: Partial<DashboardQueryInput>, locationIds: number[], timeZoneOf: (location: number | null) => string, now = new Date()): ParsedQuery {
  const errors: Record<string, string> = {};
  const range = (input.range || "7d") as RangeName;
  if (!RANGES.some(([value]) => value === range)) errors.range = "Choose a range from the list.";
  const compare = (input.compare || "previous") as Comparison;
  if (!COMPARISONS.some(([value]) => value === compare)) errors.compare = "Compare with the previous period or the same period last year.";
  const basis = (input.basis || "ordered") as Basis;
  if (!BASES.some(([value]) => value === basis)) errors.basis = "Report by order date or by fulfilment date.";
  let location: number | null = null;
  if (input.location && input.location !== "all") {
    location = /^\d{1,15}$/.test(input.location) ? Number(input.location) : NaN;
    if (!locationIds.includes(location)) errors.location = `There is no location “${input.location}”: choose one from the list.`;
  }
  const today = localDay(timeZoneOf(errors.location ? null : location), now);
  let [from, to] = presetDays(range, today);
  if (range === "custom") {
    const typedFrom = parseDay(input.from ?? null);
    const typedTo = parseDay(input.to ?? null);
    if (!typedFrom) errors.from = `“${input.from ?? ""}” is not a date: use YYYY-MM-DD, like ${today}.`;
    if (!typedTo) errors.to = `“${input.to ?? ""}” is not a date: use YYYY-MM-DD, like ${today}.`;
    if (typedFrom && typedTo) {
      if (typedTo < typedFrom) errors.to = "The range ends before it starts: the end date must be on or after the start date.";
      else if (daysBetween(typedFrom, typedTo) + 1 > MAX_RANGE_DAYS) errors.to = "The range is longer than three years: choose a shorter one.";
    }
    from = typedFrom ?? from;
    to = typedTo ?? to;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const length = daysBetween(from, to) + 1;
  const [compareFrom, compareTo] = compare === "year" ? [minusOneYear(from), minusOneYear(to)] : [addDays(from, -length), addDays(from, -1)];
  return { ok: true, query: { range, from, to, compare, compareFrom, compareTo, location, basis } };
}

/** The change from `before` to `now` as a fraction (0.25 = +25 %), or null when there was nothing before. */
export function change(now: number, before: number): number | null {
  if (before === 0) return now === 0 ? 0 : null;
  return (now - before) / Math.abs(before);
}

export function formatChange(value: number | null): string {
  if (value === null) return "new";
  const percent = Math.round(value * 1000) / 10;
  return `${percent > 0 ? "+" : percent < 0 ? "−" : "±"}${Math.abs(percent)} %`;
}

/** Every day of a range, for charts whose days without sales are zero. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
