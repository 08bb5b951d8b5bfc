// A location's fulfillment and pricing settings as the admin reads and changes them: pickup, weekly
// hours, closed days, delivery, shipping, tax, tips and how the kitchen accepts orders. Each change is one transaction that locks
// the location, writes, and records its before and after in the audit log.
import type { JSONValue, TransactionSql } from "postgres";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import type { OpeningRange } from "./opening-hours";
import { tagTransaction } from "~/lib/request-context.server";

type Tx = TransactionSql<{ bigint: number }>;

export interface LocationSummary {
  id: number;
  name: string;
  slug: string;
  timezone: string;
  isActive: boolean;
}

export interface PickupSettings {
  slotMinutes: number;
  leadMinutes: number;
  daysAhead: number;
  slotCapacity: number;
}

export interface DeliverySettings {
  enabled: boolean;
  windowMinutes: number;
  leadMinutes: number;
  daysAhead: number;
  windowCapacity: number;
}

export interface ShippingSettings {
  enabled: boolean;
  flatCents: number;
  daysAhead: number;
}

export interface TaxSettings {
  name: string;
  rateBps: number;
  inclusive: boolean;
}

export interface TipSettings {
  enabled: boolean;
  percentages: number[];
}

/** How the kitchen takes orders: accepted when paid, or one by one; and when a new one is overdue. */
export interface KitchenSettings {
  autoAccept: boolean;
  acceptAlertMinutes: number;
}

export interface Closure {
  closedOn: string;
  reason: string;
}

export interface LocationSettings extends LocationSummary {
  currency: string;
  today: string;
  pickup: PickupSettings;
  delivery: DeliverySettings;
  shipping: ShippingSettings;
  tax: TaxSettings;
  tips: TipSettings;
  kitchen: KitchenSettings;
  hours: OpeningRange[];
  /** Today's and later closures, soonest first. */
  closures: Closure[];
}

// Each settings group and the columns it owns, in the order of the matching interface's fields.
const groups = {
  pickup: ["pickup_slot_minutes", "pickup_lead_minutes", "pickup_days_ahead", "pickup_slot_capacity"],
  delivery: ["delivery_enabled", "delivery_window_minutes", "delivery_lead_minutes", "delivery_days_ahead", "delivery_window_capacity"],
  shipping: ["shipping_enabled", "shipping_flat_cents", "shipping_days_ahead"],
  tax: ["tax_name", "tax_rate_bps", "tax_inclusive"],
  tips: ["tips_enabled", "tip_percentages"],
  kitchen: ["auto_accept", "accept_alert_minutes"],
} as const;

type Group = keyof typeof groups;

export async function listLocations(): Promise<LocationSummary[]> {
  return sql<LocationSummary[]>`
    select id, name, slug, timezone, is_active as "isActive" from locations order by id`;
}

export async function getLocationSettings(id: number): Promise<LocationSettings | null> {
  const [row] = await sql<(LocationSummary & { currency: string; today: string; pickup: PickupSettings; delivery: DeliverySettings; shipping: ShippingSettings; tax: TaxSettings; tips: TipSettings; kitchen: KitchenSettings })[]>`
    select id, name, slug, timezone, is_active as "isActive", currency,
           to_char((now() at time zone timezone)::date, 'YYYY-MM-DD') as today,
           json_build_object('slotMinutes', pickup_slot_minutes, 'leadMinutes', pickup_lead_minutes,
                             'daysAhead', pickup_days_ahead, 'slotCapacity', pickup_slot_capacity) as pickup,
           json_build_object('enabled', delivery_enabled, 'windowMinutes', delivery_window_minutes,
                             'leadMinutes', delivery_lead_minutes, 'daysAhead', delivery_days_ahead,
                             'windowCapacity', delivery_window_capacity) as delivery,
           json_build_object('enabled', shipping_enabled, 'flatCents', shipping_flat_cents,
                             'daysAhead', shipping_days_ahead) as shipping,
           json_build_object('name', tax_name, 'rateBps', tax_rate_bps, 'inclusive', tax_inclusive) as tax,
           json_build_object('enabled', tips_enabled, 'percentages', tip_percentages) as tips,
           json_build_object('autoAccept', auto_accept, 'acceptAlertMinutes', accept_alert_minutes) as kitchen
      from locations where id = ${id}`;
  if (!row) return null;
  const [hours, closures] = await Promise.all([
    sql<OpeningRange[]>`
      select weekday, to_char(opens_at, 'HH24:MI') as "opensAt", to_char(closes_at, 'HH24:MI') as "closesAt"
        from location_hours where location_id = ${id} order by weekday, opens_at`,
    sql<Closure[]>`
      select to_char(closed_on, 'YYYY-MM-DD') as "closedOn", reason
        from location_closures where location_id = ${id} and closed_on >= ${row.today}::date order by closed_on`,
  ]);
  return { ...row, hours, closures };
}

/** Locks the location for the rest of the transaction; false when there is no such location. */
async function lockLocation(tx: Tx, id: number): Promise<boolean> {
  const [row] = await tx`select id from locations where id = ${id} for no key update`;
  return Boolean(row);
}

async function updateGroup(id: number, group: Group, values: readonly unknown[], audit: AuditContext): Promise<boolean> {
  const columns = groups[group];
  const changes = Object.fromEntries(columns.map((column, index) => [column, values[index]]));
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    if (!(await lockLocation(tx, id))) return false;
    const [before] = await tx<Record<string, JSONValue>[]>`select ${tx(columns)} from locations where id = ${id}`;
    const [after] = await tx<Record<string, JSONValue>[]>`
      update locations set ${tx(changes as Record<string, never>, columns)} where id = ${id} returning ${tx(columns)}`;
    await recordAudit(tx, audit, { action: `location.update_${group}`, subjectType: "location", subjectId: id, before, after });
    return true;
  });
}

export function updatePickupSettings(id: number, settings: PickupSettings, audit: AuditContext) {
  return updateGroup(id, "pickup", [settings.slotMinutes, settings.leadMinutes, settings.daysAhead, settings.slotCapacity], audit);
}

export function updateDeliverySettings(id: number, settings: DeliverySettings, audit: AuditContext) {
  return updateGroup(
    id,
    "delivery",
    [settings.enabled, settings.windowMinutes, settings.leadMinutes, settings.daysAhead, settings.windowCapacity],
    audit,
  );
}

export function updateShippingSettings(id: number, settings: ShippingSettings, audit: AuditContext) {
  return updateGroup(id, "shipping", [settings.enabled, settings.flatCents, settings.daysAhead], audit);
}

export function updateTaxSettings(id: number, settings: TaxSettings, audit: AuditContext) {
  return updateGroup(id, "tax", [settings.name, settings.rateBps, settings.inclusive], audit);
}

export function updateKitchenSettings(id: number, settings: KitchenSettings, audit: AuditContext) {
  return updateGroup(id, "kitchen", [settings.autoAccept, settings.acceptAlertMinutes], audit);
}

export function updateTipSettings(id: number, settings: TipSettings, audit: AuditContext) {
  return updateGroup(id, "tips", [settings.enabled, sql.array(settings.percentages, 23)], audit);
}

async function hoursOf(tx: Tx, id: number) {
  return tx<{ weekday: number; opens_at: string; closes_at: string }[]>`
    select weekday, to_char(opens_at, 'HH24:MI') as opens_at, to_char(closes_at, 'HH24:MI') as closes_at
      from location_hours where location_id = ${id} order by weekday, opens_at`;
}

/** Replaces the whole week's hours; a weekday without ranges is closed. Overlaps are refused in SQL. */
export async function replaceOpeningHours(id: number, hours: OpeningRange[], audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    if (!(await lockLocation(tx, id))) return false;
    const before = await hoursOf(tx, id);
    await tx`delete from location_hours where location_id = ${id}`;
    if (hours.length > 0) {
      await tx`
        insert into location_hours ${tx(
          hours.map((range) => ({ location_id: id, weekday: range.weekday, opens_at: range.opensAt, closes_at: range.closesAt })),
        )}`;
    }
    const after = await hoursOf(tx, id);
    await recordAudit(tx, audit, { action: "location.update_hours", subjectType: "location", subjectId: id, before, after });
    return true;
  });
}

/** Closes the location for a whole day (today or later, on its own calendar). */
export async function addClosure(id: number, closure: Closure, audit: AuditContext): Promise<void> {
  await sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    await tx`select add_location_closure(${id}, ${closure.closedOn}::date, ${closure.reason})`;
    await recordAudit(tx, audit, {
      action: "location.add_closure",
      subjectType: "location",
      subjectId: id,
      after: { closed_on: closure.closedOn, reason: closure.reason.trim() },
    });
  });
}

/** Opens a closed day again; false when it was not closed. */
export async function removeClosure(id: number, closedOn: string, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [removed] = await tx<{ reason: string }[]>`
      delete from location_closures where location_id = ${id} and closed_on = ${closedOn}::date returning reason`;
    if (!removed) return false;
    await recordAudit(tx, audit, {
      action: "location.remove_closure",
      subjectType: "location",
      subjectId: id,
      before: { closed_on: closedOn, reason: removed.reason },
    });
    return true;
  });
}
