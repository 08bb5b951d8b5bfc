// Pausing online orders and busy mode, from the board (pause_ordering, resume_ordering, set_busy in
// SQL, one transaction each, audited), and what the storefront says about them.
import type { TransactionSql } from "postgres";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import type { OrderingPauses } from "./ordering-words";

export type PausableKind = "pickup" | "delivery";

/**
 * When each kind takes orders again (null while open, "infinity" until someone resumes it), and the
 * extra lead minutes while busy and until when (0 and null when not busy).
 */
export type OrderingStatus = OrderingPauses;

const STATUS_COLUMNS = `
    case when pickup_paused_until > now() then pickup_paused_until::text end as "pickupPausedUntil",
    case when delivery_paused_until > now() then delivery_paused_until::text end as "deliveryPausedUntil",
    delivery_enabled as "deliveryEnabled",
    case when busy_until > now() then busy_extra_minutes else 0 end as "busyExtraMinutes",
    case when busy_until > now() then busy_until::text end as "busyUntil",
    timezone`;

/** The location's pauses and busy period that are in force now (ended ones read as none). */
export async function orderingStatus(locationId: number): Promise<OrderingStatus | null> {
  const [row] = await sql<OrderingStatus[]>`select ${sql.unsafe(STATUS_COLUMNS)} from locations where id = ${locationId}`;
  return row ?? null;
}

/**
 * The storefront's location's pauses (the shop sells from one location), read afresh on every page
 * (a pause must show at once), in one statement.
 */
export async function shopOrderingStatus(): Promise<OrderingStatus | null> {
  const [row] = await sql<OrderingStatus[]>`select ${sql.unsafe(STATUS_COLUMNS)} from locations where id = shop_location_id()`;
  return row ?? null;
}

async function audited<T>(audit: AuditContext, locationId: number, action: string, work: (tx: TransactionSql<{ bigint: number }>) => Promise<T>) {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const result = await work(tx);
    await recordAudit(tx, audit, { action, subjectType: "location", subjectId: locationId, after: { result: result as never } });
    return result;
  });
}

/** Pauses the kinds for 15, 30 or 60 minutes, or (null) until resumed; returns when it ends. */
export function pauseOrdering(locationId: number, kinds: PausableKind[], minutes: number | null, audit: AuditContext) {
  return audited(audit, locationId, "location.pause_ordering", async (tx) => {
    const [{ until }] = await tx<{ until: string }[]>`select pause_ordering(${locationId}, ${kinds}::text[], ${minutes})::text as until`;
    return { kinds, minutes, until };
  });
}

export function resumeOrdering(locationId: number, kinds: PausableKind[], audit: AuditContext) {
  return audited(audit, locationId, "location.resume_ordering", async (tx) => {
    const [{ resumed }] = await tx<{ resumed: PausableKind[] }[]>`select resume_ordering(${locationId}, ${kinds}::text[]) as resumed`;
    return { resumed };
  });
}

/** Adds 10, 20 or 30 minutes of lead time for 30, 60 or 120 minutes; 0 extra minutes ends it. */
export function setBusy(locationId: number, extraMinutes: number, minutes: number | null, audit: AuditContext) {
  return audited(audit, locationId, "location.set_busy", async (tx) => {
    const [{ until }] = await tx<{ until: string | null }[]>`select set_busy(${locationId}, ${extraMinutes}, ${minutes})::text as until`;
    return { extraMinutes, minutes, until };
  });
}
