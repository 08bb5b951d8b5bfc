// The production plan's data: the SQL functions production_plan and production_windows, what is made
// so far and by whom, printed plans, and the plan as a CSV streamed from a cursor. The rules that
// need no database (lines, made/remaining, changes since printed, CSV quoting) are ./production.ts.
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import { csvLine } from "~/lib/csv";
import { type Made, type PlanRow, type PlanWindow, type PrintedPlan } from "./production";

export interface PlanWindowOption {
  fulfillment: "pickup" | "delivery" | "shipping";
  windowStart: string | null;
  orders: number;
}

const fulfillmentOf = (window: PlanWindow) => window?.fulfillment ?? null;
const startOf = (window: PlanWindow) => window?.start ?? null;

/** The plan's rows for a day and window, in menu order. */
export async function productionPlan(locationId: number, day: string, window: PlanWindow): Promise<PlanRow[]> {
  return sql<PlanRow[]>`
    select category_name as "categoryName", category_sort as "categorySort", product_name as "productName",
           variant_id as "variantId", variant_name as "variantName", units_per_variation as "unitsPerVariation",
           modifier_list as "modifierList", modifier_name as "modifierName",
           quantity, units, pending_quantity as "pendingQuantity", pending_units as "pendingUnits"
      from production_plan(${locationId}, ${day}::date, ${fulfillmentOf(window)}, ${startOf(window)}::timestamptz)`;
}

/** The day's pickup slots, delivery windows and ship day that have orders. */
export async function productionWindows(locationId: number, day: string): Promise<PlanWindowOption[]> {
  const rows = await sql<{ fulfillment: PlanWindowOption["fulfillment"]; windowStart: Date | null; orders: number }[]>`
    select fulfillment, window_start as "windowStart", orders from production_windows(${locationId}, ${day}::date)`;
  return rows.map((row) => ({ ...row, windowStart: row.windowStart ? row.windowStart.toISOString() : null }));
}

/** What is made so far for the day, per variation, and who recorded it last. */
export async function madeSoFar(locationId: number, day: string): Promise<Made[]> {
  const rows = await sql<(Omit<Made, "madeAt"> & { madeAt: Date })[]>`
    select m.variant_id as "variantId", m.made_units as "madeUnits", coalesce(nullif(a.name, ''), a.email) as "madeBy", m.made_at as "madeAt"
      from production_made m join admin_users a on a.id = m.made_by
     where m.location_id = ${locationId} and m.day = ${day}::date`;
  return rows.map((row) => ({ ...row, madeAt: row.madeAt.toISOString() }));
}

function printedRow(row: Record<string, unknown>): PlanRow {
  return {
    categoryName: String(row.category_name),
    categorySort: Number(row.category_sort),
    productName: String(row.product_name),
    variantId: row.variant_id === null ? null : Number(row.variant_id),
    variantName: String(row.variant_name),
    unitsPerVariation: Number(row.units_per_variation),
    modifierList: (row.modifier_list as string | null) ?? null,
    modifierName: (row.modifier_name as string | null) ?? null,
    quantity: Number(row.quantity),
    units: Number(row.units),
    pendingQuantity: Number(row.pending_quantity),
    pendingUnits: Number(row.pending_units),
  };
}

export interface PrintedPlanFull extends PrintedPlan {
  locationId: number;
  locationName: string;
  timezone: string;
  day: string;
  window: PlanWindow;
  printedBy: string;
}

/** The latest print of this day and window, with the lines it showed; null when never printed. */
export async function latestPrint(locationId: number, day: string, window: PlanWindow): Promise<PrintedPlan | null> {
  const [row] = await sql<{ id: number; printedAt: Date; lines: Record<string, unknown>[] }[]>`
    select id, printed_at as "printedAt", lines from production_prints
     where location_id = ${locationId} and day = ${day}::date
       and fulfillment is not distinct from ${fulfillmentOf(window)} and window_start is not distinct from ${startOf(window)}::timestamptz
     order by printed_at desc, id desc limit 1`;
  return row ? { id: row.id, printedAt: row.printedAt.toISOString(), lines: row.lines.map(printedRow) } : null;
}

export async function getPrint(id: number): Promise<PrintedPlanFull | null> {
  const [row] = await sql<{ id: number; locationId: number; locationName: string; timezone: string; day: string; fulfillment: "pickup" | "delivery" | "shipping" | null;
    windowStart: Date | null; printedAt: Date; printedBy: string; lines: Record<string, unknown>[] }[]>`
    select p.id, p.location_id as "locationId", l.name as "locationName", l.timezone, p.day::text as day, p.fulfillment,
           p.window_start as "windowStart", p.printed_at as "printedAt", coalesce(nullif(a.name, ''), a.email) as "printedBy", p.lines
      from production_prints p join locations l on l.id = p.location_id join admin_users a on a.id = p.printed_by
     where p.id = ${id}`;
  if (!row) return null;
  const window: PlanWindow =
    row.fulfillment === null ? null
    : row.fulfillment === "shipping" ? { fulfillment: "shipping", start: null }
    : { fulfillment: row.fulfillment, start: row.windowStart!.toISOString() };
  return {
    id: row.id, locationId: row.locationId, locationName: row.locationName, timezone: row.timezone, day: row.day, window,
    printedAt: row.printedAt.toISOString(), printedBy: row.printedBy, lines: row.lines.map(printedRow),
  };
}

export interface MadeInput {
  locationId: number;
  day: string;
  variantId: number;
  seenUnits: number;
  madeUnits: number;
}

/** Records units made for a line; refused (LR409) when the line moved since the page showed it. */
export async function recordMade(input: MadeInput, adminUserId: number, requestId?: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    await tx`select record_production_made(${input.locationId}, ${input.day}::date, ${input.variantId}, ${input.seenUnits}, ${input.madeUnits}, ${adminUserId})`;
  });
}

/** Keeps the plan of this day and window as printed now; returns the print's id. */
export async function recordPrint(locationId: number, day: string, window: PlanWindow, adminUserId: number, requestId?: string): Promise<number> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    const [{ id }] = await tx<{ id: number }[]>`
      select record_production_print(${locationId}, ${day}::date, ${fulfillmentOf(window)}, ${startOf(window)}::timestamptz, ${adminUserId}) as id`;
    return id;
  });
}

const CSV_HEADER = ["Category", "Product", "Variation", "Modifier list", "Modifier", "Units per variation", "Quantity", "Units",
  "Pending quantity", "Pending units", "Made units", "Remaining units"];

/**
 * The plan as CSV, read from the database 100 rows at a time (a cursor) and sent as it is read, so
 * a big day is never held whole in memory. The made columns are the whole day's, on line rows.
 */
export function planCsvStream(locationId: number, day: string, window: PlanWindow): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const query = sql<(PlanRow & { madeUnits: number | null })[]>`
    select plan.category_name as "categoryName", plan.product_name as "productName", plan.variant_name as "variantName",
           plan.units_per_variation as "unitsPerVariation", plan.modifier_list as "modifierList", plan.modifier_name as "modifierName",
           plan.quantity, plan.units, plan.pending_quantity as "pendingQuantity", plan.pending_units as "pendingUnits",
           case when plan.modifier_name is null and plan.variant_id is not null then coalesce(m.made_units, 0) end as "madeUnits"
      from production_plan(${locationId}, ${day}::date, ${fulfillmentOf(window)}, ${startOf(window)}::timestamptz) with ordinality plan
      left join production_made m on m.location_id = ${locationId} and m.day = ${day}::date and m.variant_id = plan.variant_id
     order by plan.ordinality`;
  let batches: AsyncIterator<(PlanRow & { madeUnits: number | null })[]> | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(CSV_HEADER)));
    },
    async pull(controller) {
      batches ??= query.cursor(100)[Symbol.asyncIterator]();
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map((row) => csvLine([
        row.categoryName, row.productName, row.variantName, row.modifierList, row.modifierName, row.unitsPerVariation,
        row.quantity, row.units, row.pendingQuantity, row.pendingUnits, row.madeUnits,
        row.madeUnits === null ? null : Math.max(row.units - row.madeUnits, 0),
      ])).join("")));
    },
    async cancel() {
      // The client went away: ending the iteration closes the cursor and frees the connection.
      await batches?.return?.();
    },
  });
}
