// Inventory: IN_STOCK counts per variation and location, set by tests, decreased by completed payments (as Square
// does for tracked variations sold through an order), read with BatchRetrieveInventoryCounts.
import { z } from "zod";
import type { CatalogStore } from "./catalog";
import { seedInventory } from "./catalog-seed";
import { badRequest } from "./errors";
import { LOCATION_ID } from "./location";
import { decodeCursor, page } from "./paging";
import type { SquareClock } from "./square-clock";
import type { InventoryCount, Order } from "./types";
import { dropNulls, parseRequest } from "./validation";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const MAX_LIMIT = 1000;

const INVENTORY_STATES = [
  "CUSTOM",
  "IN_STOCK",
  "SOLD",
  "RETURNED_BY_CUSTOMER",
  "RESERVED_FOR_SALE",
  "SOLD_ONLINE",
  "ORDERED_FROM_VENDOR",
  "RECEIVED_FROM_VENDOR",
  "IN_TRANSIT_TO",
  "NONE",
  "WASTE",
  "UNLINKED_RETURN",
  "COMPOSED",
  "DECOMPOSED",
  "SUPPORTED_BY_NEWER_VERSION",
  "IN_TRANSIT",
] as const;

const batchRetrieveSchema = z.object({
  catalog_object_ids: z.array(z.string().min(1)).max(1000).optional(),
  location_ids: z.array(z.string().min(1)).max(1000).optional(),
  updated_after: z
    .string()
    .refine((value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)), {
      message: "`updated_after` must be an RFC 3339 timestamp.",
      params: { code: "INVALID_TIME" },
    })
    .optional(),
  cursor: z.string().optional(),
  states: z.array(z.enum(INVENTORY_STATES)).optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).optional(),
});

export const countSchema = z.object({
  catalog_object_id: z.string().min(1),
  location_id: z.literal(LOCATION_ID).default(LOCATION_ID),
  quantity: z.union([z.number().int(), z.string().regex(/^-?\d+$/, "A whole number.")]).transform(Number),
});
export type CountInput = z.input<typeof countSchema>;

export class InventoryStore {
  private counts = new Map<string, InventoryCount>();

  constructor(private readonly clock: SquareClock, private readonly catalog: CatalogStore) {
    this.seed();
  }

  private seed(): InventoryCount[] {
    const now = this.clock.next().iso;
    const seeded = new Set<string>();
    const changed: InventoryCount[] = [];
    for (const { catalogObjectId, quantity } of seedInventory()) {
      changed.push(this.write(catalogObjectId, LOCATION_ID, quantity, now));
      seeded.add(`${catalogObjectId}|${LOCATION_ID}`);
    }
    for (const [key, count] of this.counts) {
      if (!seeded.has(key)) changed.push(this.write(count.catalog_object_id, count.location_id, 0, now));
    }
    return changed;
  }

  private write(catalogObjectId: string, locationId: string, quantity: number, calculatedAt: string): InventoryCount {
    const count: InventoryCount = {
      catalog_object_id: catalogObjectId,
      catalog_object_type: "ITEM_VARIATION",
      state: "IN_STOCK",
      location_id: locationId,
      quantity: String(quantity),
      calculated_at: calculatedAt,
    };
    this.counts.set(`${catalogObjectId}|${locationId}`, count);
    return { ...count };
  }

  get(catalogObjectId: string, locationId = LOCATION_ID): InventoryCount | undefined {
    const count = this.counts.get(`${catalogObjectId}|${locationId}`);
    return count ? { ...count } : undefined;
  }

  all(): InventoryCount[] {
    return [...this.counts.values()].map((count) => ({ ...count }));
  }

  /** Physical counts, as a merchant's stock take: each variation's IN_STOCK quantity becomes the given one. */
  set(inputs: CountInput[]): InventoryCount[] {
    const parsed = inputs.map((input) => parseRequest(countSchema, dropNulls(input)));
    parsed.forEach((count, index) => {
      if (!this.catalog.isLiveVariation(count.catalog_object_id))
        throw badRequest(
          "INVALID_VALUE",
          `\`${count.catalog_object_id}\` is not a live ITEM_VARIATION.`,
          `counts[${index}].catalog_object_id`
        );
    });
    const now = this.clock.next().iso;
    return parsed.map((count) => this.write(count.catalog_object_id, count.location_id, count.quantity, now));
  }

  /** Square's stock after a sale: tracked variations on the order's lines go down by the quantity sold (maybe below 0). */
  recordSale(order: Order): InventoryCount[] {
    const sold = new Map<string, number>();
    for (const line of order.line_items) {
      if (!line.catalog_object_id || !this.catalog.tracksInventory(line.catalog_object_id, order.location_id)) continue;
      sold.set(line.catalog_object_id, (sold.get(line.catalog_object_id) ?? 0) + Number(line.quantity));
    }
    if (sold.size === 0) return [];
    const now = this.clock.next().iso;
    return [...sold].map(([variationId, quantity]) => {
      const current = Number(this.get(variationId, order.location_id)?.quantity ?? 0);
      return this.write(variationId, order.location_id, current - quantity, now);
    });
  }

  /** Back to the seeded stock; counts added since go to 0. All with a new `calculated_at`. */
  reset(): InventoryCount[] {
    return this.seed();
  }

  /**
   * BatchRetrieveInventoryCounts: counts filtered by variation, location, `updated_after` (on `calculated_at`,
   * exclusive) and state, newest first, paged.
   */
  batchRetrieve(body: unknown, pageSize: number): { counts: InventoryCount[]; cursor?: string } {
    const request = parseRequest(batchRetrieveSchema, dropNulls(body));
    const after = request.updated_after === undefined ? -Infinity : Date.parse(request.updated_after);
    const ids = request.catalog_object_ids ? new Set(request.catalog_object_ids) : null;
    const locations = request.location_ids ? new Set(request.location_ids) : null;
    const states = request.states ? new Set<string>(request.states) : null;
    const matching = [...this.counts.values()]
      .filter(
        (count) =>
          (!ids || ids.has(count.catalog_object_id)) &&
          (!locations || locations.has(count.location_id)) &&
          (!states || states.has(count.state)) &&
          Date.parse(count.calculated_at) > after
      )
      .sort(
        (a, b) =>
          Date.parse(b.calculated_at) - Date.parse(a.calculated_at) ||
          a.catalog_object_id.localeCompare(b.catalog_object_id) ||
          a.location_id.localeCompare(b.location_id)
      );
    const { items, cursor } = page(
      matching,
      decodeCursor(request.cursor ?? null),
      Math.min(request.limit ?? MAX_LIMIT, pageSize)
    );
    return cursor
      ? { counts: items.map((count) => ({ ...count })), cursor }
      : { counts: items.map((count) => ({ ...count })) };
  }
}
