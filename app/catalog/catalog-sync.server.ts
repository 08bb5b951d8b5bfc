// Keeps the menu in step with Square's catalog and stock, for a shop whose `catalog.source` is "square".
//
// A full sync lists every category, image, modifier list (with its modifiers) and item (with its
// variations) with ListCatalog, type by type so that what an object refers to is already here, then
// takes off the menu whatever Square no longer has. An incremental sync asks SearchCatalogObjects for
// what changed after the `latest_time` Square gave last time (stored as Square wrote it; never our
// clock), deleted objects included. Each page Square answers is applied in one transaction; a row
// only changes when Square's `version` is newer than the one it has, so applying a page twice, or an
// older page after a newer one, changes nothing. Stock comes from BatchRetrieveInventoryCounts.
//
// What Square deletes or no longer lists is never deleted here (orders refer to it): a product goes
// inactive (off the menu), a variation is marked sold out (it cannot be ordered, and the product page
// still explains why), a modifier or modifier list goes inactive.
//
// This module runs a sync (catalog_sync_runs, catalog_sync_state) and queues one; the work is in
// catalog-sync-page.server.ts (a page, and the per-type catalog-sync-*.server.ts appliers) and
// catalog-sync-inventory.server.ts (stock), reading Square through square-catalog.server.ts.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { tagTransaction } from "~/lib/request-context.server";
import { getCatalogSource } from "./catalog-source.server";
import { emptySeenIds, FULL_SYNC_PASSES, INCREMENTAL_PASSES, SYNC_LOCK } from "./catalog-sync-context.server";
import { refreshInventory } from "./catalog-sync-inventory.server";
import { applyCatalogPage, removeUnlisted } from "./catalog-sync-page.server";
import { listCatalogPage, searchCatalogPage } from "./square-catalog.server";

export type SyncMode = "full" | "incremental";
export type SyncTrigger = "cron" | "webhook" | "admin";

export interface SyncResult {
  status: "skipped" | "succeeded";
  runId?: number;
  kind?: SyncMode;
}

/**
 * One sync run (the sync_catalog task): recorded in catalog_sync_runs, every page in its own
 * transaction, the new latest_time stored only once the whole run has succeeded. Does nothing when
 * the menu's source is not Square. An incremental sync with no stored latest_time is a full one.
 */
export async function runCatalogSync(request: { mode: SyncMode; trigger: SyncTrigger; requestId?: string }): Promise<SyncResult> {
  const log = logger.child({ catalogSync: { mode: request.mode, trigger: request.trigger }, requestId: request.requestId });
  if ((await getCatalogSource()) !== "square") {
    log.info("catalog sync skipped: the menu's source is not Square");
    return { status: "skipped" };
  }
  const [state] = await sql<{ latestTime: string | null }[]>`select latest_time as "latestTime" from catalog_sync_state`;
  const beginTime = request.mode === "incremental" ? (state?.latestTime ?? null) : null;
  const kind: SyncMode = beginTime ? "incremental" : "full";
  const runId = await sql.begin(async (tx) => {
    // A shop with a single location sells at the Square location it is configured with
    // (SQUARE_LOCATION_ID): link them, so its stock follows Square's counts there.
    const linked = await tx`
      update locations set square_location_id = ${env.square.locationId}
       where square_location_id is null and (select count(*) from locations) = 1
      returning id`;
    if (linked.length > 0) log.info({ squareLocationId: env.square.locationId }, "linked the shop's only location to its Square location");
    // Sync jobs share one queue and never overlap: a run still marked running was cut short.
    await tx`
      update catalog_sync_runs set status = 'failed', error = 'Interrupted: the worker stopped during this sync.', finished_at = now()
       where status = 'running'`;
    const [run] = await tx<{ id: number }[]>`
      insert into catalog_sync_runs (kind, trigger, begin_time, request_id)
      values (${kind}, ${request.trigger}, ${beginTime}, ${request.requestId ?? null}) returning id`;
    return run.id;
  });
  log.info({ runId, kind, beginTime }, "catalog sync started");
  try {
    let latestTime: string | null = null;
    let deactivated = 0;
    if (kind === "full") {
      // Read before listing, so that anything changed while the listing runs is newer than it and
      // the next incremental sync fetches it again.
      latestTime = (await searchCatalogPage({ objectTypes: ["CATEGORY"], limit: 1 })).latestTime;
      const seen = emptySeenIds();
      for (const type of FULL_SYNC_PASSES) {
        let cursor: string | undefined;
        do {
          const page = await listCatalogPage(type, cursor);
          await applyCatalogPage(page.objects, { runId, seen, requestId: request.requestId });
          cursor = page.cursor;
        } while (cursor);
      }
      deactivated = await sql.begin(async (tx) => {
        await tagTransaction(tx, request.requestId);
        await tx`select pg_advisory_xact_lock(hashtext(${SYNC_LOCK}))`;
        return removeUnlisted(tx, seen);
      });
    } else {
      for (const type of INCREMENTAL_PASSES) {
        let cursor: string | undefined;
        do {
          const page = await searchCatalogPage({ objectTypes: [type], beginTime: beginTime!, includeDeletedObjects: true, cursor });
          // The first answer's latest_time: whatever changes after it is found next time.
          latestTime ??= page.latestTime;
          await applyCatalogPage(page.objects, { runId, requestId: request.requestId });
          cursor = page.cursor;
        } while (cursor);
      }
    }
    const inventory = await refreshInventory({ runId, requestId: request.requestId });
    await sql.begin(async (tx) => {
      await tx`
        update catalog_sync_runs
           set status = 'succeeded', latest_time = ${latestTime}, products_deactivated = ${deactivated}, finished_at = now()
         where id = ${runId}`;
      if (latestTime) {
        // Never backwards: both values are Square's, so they compare.
        await tx`
          insert into catalog_sync_state (id, latest_time) values (true, ${latestTime})
          on conflict (id) do update set latest_time = excluded.latest_time, updated_at = now()
           where catalog_sync_state.latest_time is null
              or catalog_sync_state.latest_time::timestamptz <= excluded.latest_time::timestamptz`;
      }
    });
    log.info({ runId, kind, latestTime, inventory, deactivated }, "catalog sync finished");
    return { status: "succeeded", runId, kind };
  } catch (error) {
    await sql`
      update catalog_sync_runs set status = 'failed', error = ${error instanceof Error ? error.message : String(error)}, finished_at = now()
       where id = ${runId}`;
    log.error({ err: error, runId }, "catalog sync failed");
    throw error;
  }
}

/** What catalog.version.updated does: queue an incremental sync (coalesced with one already waiting). */
export async function requestCatalogSync(mode: SyncMode, trigger: SyncTrigger, requestId?: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tagTransaction(tx, requestId);
    await tx`select request_catalog_sync(${mode}, ${trigger})`;
  });
}

export interface CatalogSyncRun {
  id: number;
  kind: SyncMode;
  trigger: SyncTrigger;
  status: "running" | "succeeded" | "failed";
  beginTime: string | null;
  latestTime: string | null;
  pages: number;
  objectsReceived: number;
  objectsApplied: number;
  productsDeactivated: number;
  inventoryCountsApplied: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface CatalogSyncStatus {
  source: "square" | "local";
  /** The stored latest_time the next incremental sync starts from (Square's clock). */
  latestTime: string | null;
  /** Newest first. */
  runs: CatalogSyncRun[];
  lastSucceededAt: Date | null;
  /** Sync jobs waiting or running. */
  queuedJobs: number;
  /** Larder locations linked to a Square location (stock is kept only for those). */
  linkedLocations: number;
}

export async function getCatalogSyncStatus(recentRuns = 20): Promise<CatalogSyncStatus> {
  const [source, [state], runs, [counts]] = await Promise.all([
    getCatalogSource(),
    sql<{ latestTime: string | null }[]>`select latest_time as "latestTime" from catalog_sync_state`,
    sql<CatalogSyncRun[]>`
      select id, kind, trigger, status, begin_time as "beginTime", latest_time as "latestTime", pages,
             objects_received as "objectsReceived", objects_applied as "objectsApplied",
             products_deactivated as "productsDeactivated", inventory_counts_applied as "inventoryCountsApplied",
             error, started_at as "startedAt", finished_at as "finishedAt"
        from catalog_sync_runs order by started_at desc, id desc limit ${recentRuns}`,
    sql<{ lastSucceededAt: Date | null; queuedJobs: number; linkedLocations: number }[]>`
      select (select max(finished_at) from catalog_sync_runs where status = 'succeeded') as "lastSucceededAt",
             (select count(*)::int from graphile_worker.jobs
               where task_identifier = 'sync_catalog' and attempts < max_attempts) as "queuedJobs",
             (select count(*)::int from locations where square_location_id is not null) as "linkedLocations"`,
  ]);
  return { source, latestTime: state?.latestTime ?? null, runs, ...counts };
}

/**
 * An owner's "Sync now": queues the sync and records who asked, in one transaction. False (nothing
 * queued) while the menu's source is not Square.
 */
export async function requestCatalogSyncByAdmin(mode: SyncMode, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    if ((await getCatalogSource(tx)) !== "square") return false;
    await tx`select request_catalog_sync(${mode}, 'admin')`;
    await recordAudit(tx, audit, { action: "catalog.sync", subjectType: "catalog", subjectId: "square", after: { mode } });
    return true;
  });
}
