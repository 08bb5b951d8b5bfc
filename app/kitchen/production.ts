// The production plan's rules that need no database: which day the plan opens on, how a window is
// named in the address, how the plan's rows become lines with their modifiers, made/remaining and
// what moved since the plan was printed, and how a CSV field is quoted.
import { formatTimeOfDay } from "~/lib/time";
import { dateTimeFormat } from "~/lib/intl";

/** One row of production_plan(...): a line (modifierName null) or one modifier chosen on it. */
export interface PlanRow {
  categoryName: string;
  categorySort: number;
  productName: string;
  variantId: number | null;
  variantName: string;
  unitsPerVariation: number;
  modifierList: string | null;
  modifierName: string | null;
  quantity: number;
  units: number;
  pendingQuantity: number;
  pendingUnits: number;
}

export interface PlanModifier {
  list: string;
  name: string;
  quantity: number;
  units: number;
  pendingQuantity: number;
}

export interface Made {
  variantId: number;
  madeUnits: number;
  madeBy: string;
  madeAt: string;
}

export interface PrintedPlan {
  id: number;
  printedAt: string;
  lines: PlanRow[];
}

export interface PlanLine {
  key: string;
  variantId: number | null;
  productName: string;
  variantName: string;
  unitsPerVariation: number;
  quantity: number;
  units: number;
  pendingQuantity: number;
  pendingUnits: number;
  modifiers: PlanModifier[];
  made: Made | null;
  remainingUnits: number;
  /** Units to make now less at the last print of this window; null when not printed or unchanged. */
  sincePrinted: number | null;
}

export interface PlanCategory {
  name: string;
  lines: PlanLine[];
}

export type PlanWindow = { fulfillment: "pickup" | "delivery"; start: string } | { fulfillment: "shipping"; start: null } | null;

/** A line is its variation; one whose variation was removed is known by the names orders kept. */
export function lineKey(row: Pick<PlanRow, "variantId" | "productName" | "variantName">): string {
  return row.variantId !== null ? `v${row.variantId}` : `n:${row.productName}|${row.variantName}`;
}

/**
 * The plan as the kitchen reads it: categories in menu order, each line with its modifiers, how
 * much is made and left, and (when this window was printed) how the units moved since.
 */
export function planLines(rows: PlanRow[], made: Made[], printed: PrintedPlan | null): { categories: PlanCategory[]; goneSincePrinted: { productName: string; variantName: string; printedUnits: number }[] } {
  const madeBy = new Map(made.map((each) => [each.variantId, each]));
  const printedUnits = new Map((printed?.lines ?? []).filter((row) => row.modifierName === null).map((row) => [lineKey(row), row.units]));
  const categories: PlanCategory[] = [];
  const lines = new Map<string, PlanLine>();
  for (const row of rows) {
    const key = lineKey(row);
    if (row.modifierName !== null) {
      lines.get(key)?.modifiers.push({ list: row.modifierList ?? "", name: row.modifierName, quantity: row.quantity, units: row.units, pendingQuantity: row.pendingQuantity });
      continue;
    }
    let category = categories[categories.length - 1];
    if (!category || category.name !== row.categoryName) categories.push((category = { name: row.categoryName, lines: [] }));
    const lineMade = row.variantId !== null ? (madeBy.get(row.variantId) ?? null) : null;
    const before = printedUnits.get(key);
    const line: PlanLine = {
      key,
      variantId: row.variantId,
      productName: row.productName,
      variantName: row.variantName,
      unitsPerVariation: row.unitsPerVariation,
      quantity: row.quantity,
      units: row.units,
      pendingQuantity: row.pendingQuantity,
      pendingUnits: row.pendingUnits,
      modifiers: [],
      made: lineMade,
      remainingUnits: Math.max(row.units - (lineMade?.madeUnits ?? 0), 0),
      sincePrinted: printed ? (row.units - (before ?? 0) || null) : null,
    };
    lines.set(key, line);
    category.lines.push(line);
  }
  // Lines printed that no order asks for any more (all cancelled, or moved to another window).
  const goneSincePrinted = (printed?.lines ?? [])
    .filter((row) => row.modifierName === null && row.units > 0 && !lines.has(lineKey(row)))
    .map((row) => ({ productName: row.productName, variantName: row.variantName, printedUnits: row.units }));
  return { categories, goneSincePrinted };
}

/** "Pickup 8:00 AM", "Delivery 10:00 AM", "Shipping (the ship day)". */
export function windowLabel(window: { fulfillment: string; windowStart: string | null }, timeZone: string): string {
  if (window.fulfillment === "shipping" || !window.windowStart) return "Shipping (the ship day)";
  return `${window.fulfillment === "pickup" ? "Pickup" : "Delivery"} ${formatTimeOfDay(window.windowStart, timeZone)}`;
}

/** "+12" / "−3": how a line moved since it was printed. */
export function signed(delta: number): string {
  return delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}

/** YYYY-MM-DD plus n days (calendar days; no time zone involved). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function localParts(timeZone: string, now: Date): { day: string; hour: number } {
  const parts = dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const part = (type: string) => parts.find((each) => each.type === type)?.value ?? "";
  return { day: `${part("year")}-${part("month")}-${part("day")}`, hour: Number(part("hour")) };
}

/** From 2 pm local time on, the kitchen plans tomorrow; before, today. */
export function defaultPlanDay(timeZone: string, now = new Date()): string {
  const { day, hour } = localParts(timeZone, now);
  return hour >= 14 ? addDays(day, 1) : day;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as typed in the address (YYYY-MM-DD and a real date), or null. */
export function parseDay(text: string | null): string | null {
  if (text === null || !DAY.test(text)) return null;
  const date = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : null;
}

/** The window's value in a select and the address: "pickup@<ISO start>", "delivery@…", "shipping", "" (whole day). */
export function windowValue(window: PlanWindow): string {
  if (!window) return "";
  return window.fulfillment === "shipping" ? "shipping" : `${window.fulfillment}@${new Date(window.start).toISOString()}`;
}

/** Reads a window's value; undefined when it is not one (null is the whole day). */
export function parseWindow(text: string | null): PlanWindow | undefined {
  if (text === null || text === "") return null;
  if (text === "shipping") return { fulfillment: "shipping", start: null };
  const match = /^(pickup|delivery)@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)$/.exec(text);
  if (!match || Number.isNaN(Date.parse(match[2]))) return undefined;
  return { fulfillment: match[1] as "pickup" | "delivery", start: new Date(match[2]).toISOString() };
}
