// Reading Square's catalog and stock, a page at a time, through the Square gateway (squareCall):
// ListCatalog for a full sync, SearchCatalogObjects for what changed, BatchRetrieveInventoryCounts.
import type { Square } from "square";
import { squareCall } from "~/payments/square.server";

export type CatalogObject = Square.CatalogObject;
export type InventoryCount = Square.InventoryCount;

/** One ListCatalog page of the given types (a comma list; nested types only when named). */
export async function listCatalogPage(types: string, cursor?: string): Promise<{ objects: CatalogObject[]; cursor?: string }> {
  const page = await squareCall("catalog.list", (square) => square.catalog.list({ types, cursor }));
  return { objects: page.data, cursor: page.response.cursor || undefined };
}

/**
 * One SearchCatalogObjects page: objects of `objectTypes` changed after `beginTime` (Square's own
 * `latest_time` from an earlier search, never our clock), deleted ones included when asked.
 */
export async function searchCatalogPage(request: {
  objectTypes: Square.CatalogObjectType[];
  beginTime?: string;
  includeDeletedObjects?: boolean;
  cursor?: string;
  limit?: number;
}): Promise<{ objects: CatalogObject[]; cursor?: string; latestTime: string | null }> {
  const response = await squareCall("catalog.search", (square) => square.catalog.search(request));
  return { objects: response.objects ?? [], cursor: response.cursor || undefined, latestTime: response.latestTime ?? null };
}

/** One BatchRetrieveInventoryCounts page of IN_STOCK counts for these variations at these locations. */
export async function retrieveInventoryCountsPage(request: {
  catalogObjectIds: string[];
  locationIds: string[];
  cursor?: string;
}): Promise<{ counts: InventoryCount[]; cursor?: string }> {
  const page = await squareCall("inventory.batch_retrieve_counts", (square) =>
    square.inventory.batchGetCounts({ ...request, states: ["IN_STOCK"] }),
  );
  return { counts: page.data, cursor: page.response.cursor || undefined };
}
