// Changing the simulator's catalog and stock from tests (/sim/catalog, /sim/inventory, or the simulator object),
// as a merchant would in Square's dashboard: every change gets a new version and sends Square's webhook.
import type { CatalogObject, CatalogObjectInput } from "./catalog";
import { imageColour } from "./catalog-seed";
import { type SimContext, nowIso } from "./context";
import { badRequest } from "./errors";
import { catalogVersionUpdatedEvent, inventoryCountUpdatedEvent } from "./events";
import { type Route, json, parseJsonObject, text } from "./http";
import type { CountInput } from "./inventory";
import type { InventoryCount, Order } from "./types";

export function upsertCatalogObjects(sim: SimContext, objects: CatalogObjectInput[]): CatalogObject[] {
  const { objects: changed, stamp } = sim.catalog.upsert(objects);
  sim.webhooks.enqueue(catalogVersionUpdatedEvent(stamp.iso, nowIso()));
  return changed;
}

export function deleteCatalogObjects(sim: SimContext, ids: string[]): string[] {
  const { deletedIds, stamp } = sim.catalog.delete(ids);
  sim.webhooks.enqueue(catalogVersionUpdatedEvent(stamp.iso, nowIso()));
  return deletedIds;
}

export function setInventoryCounts(sim: SimContext, counts: CountInput[]): InventoryCount[] {
  const changed = sim.inventory.set(counts);
  if (changed.length > 0) sim.webhooks.enqueue(inventoryCountUpdatedEvent(changed, nowIso()));
  return changed;
}

/** The seeded menu and stock back, with new versions and count times, and a webhook for each. */
export function resetCatalog(sim: SimContext): void {
  const stamp = sim.catalog.reset();
  sim.webhooks.enqueue(catalogVersionUpdatedEvent(stamp.iso, nowIso()));
  const counts = sim.inventory.reset();
  if (counts.length > 0) sim.webhooks.enqueue(inventoryCountUpdatedEvent(counts, nowIso()));
}

/** Called when an order is paid: Square takes what was sold out of stock and says so. */
export function recordSale(sim: SimContext, order: Order): void {
  const counts = sim.inventory.recordSale(order);
  if (counts.length > 0) sim.webhooks.enqueue(inventoryCountUpdatedEvent(counts, nowIso()));
}

function listOf(body: Record<string, unknown>, field: string): unknown[] {
  const value = body[field];
  if (!Array.isArray(value)) throw badRequest("EXPECTED_ARRAY", `\`${field}\` must be a list.`, field);
  return value;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function catalogControlRoutes(sim: SimContext): Route[] {
  return [
    {
      method: "GET",
      path: "/sim/catalog/objects/:id",
      handler: ({ params }) => {
        const object = sim.catalog.get(params.id);
        return object
          ? json(200, { object })
          : json(404, {
              errors: [
                { category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `No catalog object \`${params.id}\`.` },
              ],
            });
      },
    },
    {
      method: "POST",
      path: "/sim/catalog/upsert",
      handler: ({ body }) =>
        json(200, {
          objects: upsertCatalogObjects(sim, listOf(parseJsonObject(body), "objects") as CatalogObjectInput[]),
        }),
    },
    {
      method: "POST",
      path: "/sim/catalog/delete",
      handler: ({ body }) => {
        const ids = listOf(parseJsonObject(body), "object_ids");
        if (!ids.every((id): id is string => typeof id === "string"))
          throw badRequest("EXPECTED_STRING", "`object_ids` must be a list of ids.", "object_ids");
        return json(200, { deleted_object_ids: deleteCatalogObjects(sim, ids) });
      },
    },
    {
      method: "POST",
      path: "/sim/catalog/reset",
      handler: () => {
        resetCatalog(sim);
        return json(200, { reset: true, latest_time: sim.catalog.latestTime() });
      },
    },
    { method: "GET", path: "/sim/catalog/searches", handler: () => json(200, { searches: sim.catalog.searchLog() }) },
    { method: "GET", path: "/sim/inventory", handler: () => json(200, { counts: sim.inventory.all() }) },
    {
      method: "POST",
      path: "/sim/inventory",
      handler: ({ body }) =>
        json(200, { counts: setInventoryCounts(sim, listOf(parseJsonObject(body), "counts") as CountInput[]) }),
    },
    {
      // Where IMAGE objects' `image_data.url` points: a placeholder picture, so pages work with no network.
      method: "GET",
      path: "/catalog-images/:file",
      handler: ({ params }) => {
        const id = params.file.replace(/\.svg$/, "");
        const image = sim.catalog.get(id);
        if (image?.type !== "IMAGE") return text(404, "No such image.", "text/plain");
        const name = (image?.image_data as { name?: string } | undefined)?.name ?? id;
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480"><rect width="640" height="480" fill="${imageColour(
          id
        )}"/><text x="320" y="250" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${escapeXml(
          name
        )}</text></svg>`;
        return text(200, svg, "image/svg+xml", { "cache-control": "public, max-age=3600" });
      },
    },
  ];
}
