// Where the menu comes from: the setting `catalog.source`, "square" (synced from Square's catalog by
// the sync_catalog task) or "local" (edited in Larder's admin). No setting means "local".
import type { TransactionSql } from "postgres";
import type { AuditContext } from "~/ops/audit.server";
import { sql, type Sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";

import type { CatalogSource } from "./catalog-source";

export async function getCatalogSource(db: Sql | TransactionSql<{ bigint: number }> = sql): Promise<CatalogSource> {
  const [row] = await db<{ source: string | null }[]>`select value #>> '{}' as source from settings where key = 'catalog.source'`;
  return row?.source === "square" ? "square" : "local";
}

/**
 * An owner's change (set_catalog_source: audit-logged; switching to Square queues a full sync).
 * Returns false, recording nothing, when the menu already came from there.
 */
export async function setCatalogSource(source: CatalogSource, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [{ changed }] = await tx<{ changed: boolean }[]>`
      select set_catalog_source(${source}, ${audit.admin.id}, ${audit.requestId}, ${audit.ip}) as changed`;
    return changed;
  });
}
