// The simulator's catalog: a store of Square catalog objects that tests can change (each change a new version),
// ListCatalog and SearchCatalogObjects over it, and the variation lookup CreateOrder uses.
import { z } from "zod";
import { type CatalogObject, SEED_STAMP, seedCatalogObjects } from "./catalog-seed";
import { SquareApiError, badRequest, notFound } from "./errors";
import { CURRENCY, LOCATION_ID } from "./location";
import { money } from "./money";
import type { SquareClock, Stamp } from "./square-clock";
import type { Money } from "./types";
import { dropNulls, parseRequest } from "./validation";

export type { CatalogObject } from "./catalog-seed";

/** Every CatalogObjectType Square accepts; the simulator only has some of them. */
const KNOWN_TYPES = [
  "ITEM",
  "IMAGE",
  "CATEGORY",
  "ITEM_VARIATION",
  "TAX",
  "DISCOUNT",
  "MODIFIER_LIST",
  "MODIFIER",
  "PRICING_RULE",
  "PRODUCT_SET",
  "TIME_PERIOD",
  "MEASUREMENT_UNIT",
  "SUBSCRIPTION_PLAN_VARIATION",
  "ITEM_OPTION",
  "ITEM_OPTION_VAL",
  "CUSTOM_ATTRIBUTE_DEFINITION",
  "QUICK_AMOUNTS_SETTINGS",
  "SUBSCRIPTION_PLAN",
  "AVAILABILITY_PERIOD",
] as const;

/**
 * What ListCatalog and SearchCatalogObjects return when no types are named: top-level types only. Nested types
 * (ITEM_VARIATION, MODIFIER, IMAGE) come only when asked for by name; variations and modifiers also come nested
 * in their item or list.
 */
const DEFAULT_TYPES = new Set(["ITEM", "CATEGORY", "MODIFIER_LIST"]);

/** The `<type>_data` field of each type the simulator stores. */
const DATA_FIELD: Record<string, string> = {
  CATEGORY: "category_data",
  IMAGE: "image_data",
  ITEM: "item_data",
  ITEM_VARIATION: "item_variation_data",
  MODIFIER_LIST: "modifier_list_data",
  MODIFIER: "modifier_data",
};

/** Children stored on their own and nested into their parent's data when answered. */
const NESTING = {
  ITEM: { childType: "ITEM_VARIATION", listField: "variations", parentField: "item_id" },
  MODIFIER_LIST: { childType: "MODIFIER", listField: "modifiers", parentField: "modifier_list_id" },
} as const;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

type Data = Record<string, unknown>;

interface Entry {
  /** Creation order: what lists are sorted by and cursors point into. */
  seq: number;
  object: CatalogObject;
}

function dataOf(object: CatalogObject): Data {
  return (object[DATA_FIELD[object.type]] ?? {}) as Data;
}

function parentIdOf(object: CatalogObject): string | undefined {
  if (object.type === "ITEM_VARIATION") return dataOf(object).item_id as string | undefined;
  if (object.type === "MODIFIER") return dataOf(object).modifier_list_id as string | undefined;
  return undefined;
}

function ordinalOf(object: CatalogObject): number {
  const ordinal = dataOf(object).ordinal;
  return typeof ordinal === "number" ? ordinal : 0;
}

interface Cursor {
  after: number;
  latestTime?: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

function decodeCursor(value: string | null | undefined): Cursor {
  if (!value) return { after: -1 };
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Cursor;
    if (Number.isSafeInteger(parsed.after)) return parsed;
  } catch {
    // fall through
  }
  throw badRequest("INVALID_CURSOR", "The cursor is not valid.", "cursor");
}

function parseTypes(types: string[], field: string): Set<string> {
  const wanted = new Set<string>();
  types.forEach((raw, index) => {
    const type = raw.trim().toUpperCase();
    if (!type) return;
    if (!(KNOWN_TYPES as readonly string[]).includes(type))
      throw badRequest("INVALID_ENUM_VALUE", `Unknown catalog object type \`${raw}\`.`, `${field}[${index}]`);
    wanted.add(type);
  });
  return wanted.size > 0 ? wanted : DEFAULT_TYPES;
}

const searchSchema = z
  .object({
    cursor: z.string().optional(),
    object_types: z.array(z.string()).optional(),
    include_deleted_objects: z.boolean().optional(),
    include_related_objects: z.boolean().optional(),
    begin_time: z
      .string()
      .refine((value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)), {
        message: "`begin_time` must be an RFC 3339 timestamp.",
        params: { code: "INVALID_TIME" },
      })
      .optional(),
    query: z.unknown().optional(),
    limit: z.number().int().optional(),
    include_category_path_to_root: z.boolean().optional(),
  })
  .superRefine((request, ctx) => {
    const unsupported = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message, params: { code: "BAD_REQUEST" } });
    if (request.query !== undefined) unsupported("query", "The Square simulator does not support search queries.");
    if (request.include_related_objects)
      unsupported("include_related_objects", "The Square simulator does not return related objects.");
    if (request.include_deleted_objects && request.include_category_path_to_root)
      ctx.addIssue({
        code: "custom",
        path: ["include_category_path_to_root"],
        message: "`include_deleted_objects` and `include_category_path_to_root` cannot both be true.",
        params: { code: "INVALID_VALUE" },
      });
  });

/** What a test or developer may send to change the catalog: a CatalogObject with the fields to change. */
const upsertSchema = z.object({
  type: z.enum(["CATEGORY", "IMAGE", "ITEM", "ITEM_VARIATION", "MODIFIER_LIST", "MODIFIER"]),
  id: z.string().min(1).max(192),
  present_at_all_locations: z.boolean().optional(),
  present_at_location_ids: z.array(z.string()).optional(),
  absent_at_location_ids: z.array(z.string()).optional(),
  category_data: z.record(z.unknown()).optional(),
  image_data: z.record(z.unknown()).optional(),
  item_data: z.record(z.unknown()).optional(),
  item_variation_data: z.record(z.unknown()).optional(),
  modifier_list_data: z.record(z.unknown()).optional(),
  modifier_data: z.record(z.unknown()).optional(),
});
export type CatalogObjectInput = z.input<typeof upsertSchema>;

export interface CatalogVariation {
  itemName: string;
  variationName: string;
  price: Money;
}

export interface CatalogModifier {
  name: string;
  price: Money;
}

/** One SearchCatalogObjects request as received, for tests that check what a client asked for. */
export interface CatalogSearchLogEntry {
  object_types: string[] | null;
  begin_time: string | null;
  include_deleted_objects: boolean;
  cursor: string | null;
  latest_time: string;
}

export class CatalogStore {
  private entries = new Map<string, Entry>();
  private seq = 0;
  private searches: CatalogSearchLogEntry[] = [];

  constructor(private readonly clock: SquareClock, private readonly imageBaseUrl: string) {
    for (const object of seedCatalogObjects(imageBaseUrl)) this.put(object);
  }

  private put(object: CatalogObject): void {
    const existing = this.entries.get(object.id);
    this.entries.set(object.id, { seq: existing?.seq ?? this.seq++, object });
  }

  private children(parent: CatalogObject): CatalogObject[] {
    const nesting = NESTING[parent.type as keyof typeof NESTING];
    if (!nesting) return [];
    return [...this.entries.values()]
      .map((entry) => entry.object)
      .filter(
        (object) =>
          object.type === nesting.childType &&
          parentIdOf(object) === parent.id &&
          // A live parent shows its live children; a deleted one shows what it had when it was deleted.
          object.is_deleted === parent.is_deleted
      )
      .sort((a, b) => ordinalOf(a) - ordinalOf(b));
  }

  /** The object as Square answers it: a copy, with variations or modifiers nested in their item or list. */
  private render(object: CatalogObject): CatalogObject {
    const copy = structuredClone(object);
    const nesting = NESTING[object.type as keyof typeof NESTING];
    if (nesting) {
      const field = DATA_FIELD[object.type];
      copy[field] = {
        ...dataOf(copy),
        [nesting.listField]: this.children(object).map((child) => structuredClone(child)),
      };
    }
    return copy;
  }

  get(id: string): CatalogObject | undefined {
    const entry = this.entries.get(id);
    return entry ? this.render(entry.object) : undefined;
  }

  /** When the catalog last changed, as Square reports it: the newest `updated_at`, deleted objects included. */
  latestTime(): string {
    let latest = SEED_STAMP.updated_at;
    for (const { object } of this.entries.values()) {
      if (Date.parse(object.updated_at) > Date.parse(latest)) latest = object.updated_at;
    }
    return latest;
  }

  private page(matching: Entry[], cursor: Cursor, pageSize: number) {
    const remaining = matching.filter((entry) => entry.seq > cursor.after).sort((a, b) => a.seq - b.seq);
    const slice = remaining.slice(0, pageSize);
    const more = remaining.length > pageSize;
    return { objects: slice.map((entry) => this.render(entry.object)), last: slice.at(-1)?.seq, more };
  }

  /** ListCatalog: live objects of the given types (comma list; default the top-level ones), paged by `cursor`. */
  list(query: URLSearchParams, pageSize: number): { objects: CatalogObject[]; cursor?: string } {
    const types = parseTypes((query.get("types") ?? "").split(","), "types");
    const matching = [...this.entries.values()].filter(
      (entry) => types.has(entry.object.type) && !entry.object.is_deleted
    );
    const { objects, last, more } = this.page(matching, decodeCursor(query.get("cursor")), pageSize);
    return more && last !== undefined ? { objects, cursor: encodeCursor({ after: last }) } : { objects };
  }

  /**
   * SearchCatalogObjects without a query: objects of `object_types` changed after `begin_time` (exclusive),
   * deleted ones only with `include_deleted_objects`, paged; `latest_time` stays the same across one search's pages.
   */
  search(body: unknown, pageSize: number) {
    const request = parseRequest(searchSchema, dropNulls(body));
    const types = parseTypes(request.object_types ?? [], "object_types");
    const cursor = decodeCursor(request.cursor);
    const begin = request.begin_time === undefined ? -Infinity : Date.parse(request.begin_time);
    const matching = [...this.entries.values()].filter(
      ({ object }) =>
        types.has(object.type) &&
        (request.include_deleted_objects || !object.is_deleted) &&
        Date.parse(object.updated_at) > begin
    );
    // Square treats a limit outside 1..1000 as absent; it is advisory, and the simulator's page size caps it.
    const limit = request.limit !== undefined && request.limit >= 1 && request.limit <= 1000 ? request.limit : pageSize;
    const { objects, last, more } = this.page(matching, cursor, Math.min(limit, pageSize));
    const latestTime = cursor.latestTime ?? this.latestTime();
    this.searches.push({
      object_types: request.object_types ?? null,
      begin_time: request.begin_time ?? null,
      include_deleted_objects: request.include_deleted_objects === true,
      cursor: request.cursor ?? null,
      latest_time: latestTime,
    });
    return {
      ...(objects.length > 0 ? { objects } : {}),
      ...(more && last !== undefined ? { cursor: encodeCursor({ after: last, latestTime }) } : {}),
      latest_time: latestTime,
    };
  }

  searchLog(): CatalogSearchLogEntry[] {
    return this.searches.map((entry) => ({ ...entry }));
  }

  clearSearchLog(): void {
    this.searches = [];
  }

  /** Resolves an order line's `catalog_object_id` the way CreateOrder does: name and price come from the catalog. */
  findVariation(id: string): CatalogVariation | null {
    const variation = this.entries.get(id)?.object;
    if (!variation || variation.type !== "ITEM_VARIATION" || variation.is_deleted) return null;
    const data = dataOf(variation);
    const item = this.entries.get(data.item_id as string)?.object;
    const override = this.locationOverride(data, LOCATION_ID);
    const price = (override?.price_money ?? data.price_money) as Money | undefined;
    return {
      itemName: (item ? dataOf(item).name : undefined) as string,
      variationName: data.name as string,
      price: price ?? money(0, CURRENCY),
    };
  }

  /** Resolves an order line modifier's `catalog_object_id`: its name and (unless the order gives one) its price. */
  findModifier(id: string): CatalogModifier | null {
    const modifier = this.entries.get(id)?.object;
    if (!modifier || modifier.type !== "MODIFIER" || modifier.is_deleted) return null;
    const data = dataOf(modifier);
    return { name: data.name as string, price: (data.price_money as Money | undefined) ?? money(0, CURRENCY) };
  }

  private locationOverride(data: Data, locationId: string): Data | undefined {
    const overrides = (data.location_overrides ?? []) as Data[];
    return overrides.find((override) => override.location_id === locationId);
  }

  /** Whether a variation's stock is counted at a location (`track_inventory`, a location override winning). */
  tracksInventory(variationId: string, locationId: string): boolean {
    const variation = this.entries.get(variationId)?.object;
    if (!variation || variation.type !== "ITEM_VARIATION" || variation.is_deleted) return false;
    const data = dataOf(variation);
    const override = this.locationOverride(data, locationId);
    return (override?.track_inventory ?? data.track_inventory) === true;
  }

  isLiveVariation(id: string): boolean {
    const object = this.entries.get(id)?.object;
    return object?.type === "ITEM_VARIATION" && !object.is_deleted;
  }

  private live(id: unknown, type: string, field: string): CatalogObject {
    const object = typeof id === "string" ? this.entries.get(id)?.object : undefined;
    if (!object || object.type !== type || object.is_deleted)
      throw badRequest("INVALID_VALUE", `\`${field}\` must name a live ${type}, got \`${String(id)}\`.`, field);
    return object;
  }

  private stamp(object: CatalogObject, stamp: Stamp): void {
    object.version = stamp.ms;
    object.updated_at = stamp.iso;
  }

  /** Stores one object's change (no nesting); `touched` collects every object given the new version. */
  private applyOne(input: z.output<typeof upsertSchema>, stamp: Stamp, touched: Map<string, CatalogObject>): void {
    const field = DATA_FIELD[input.type];
    const existing = this.entries.get(input.id)?.object;
    if (existing && existing.type !== input.type)
      throw badRequest("INVALID_VALUE", `\`${input.id}\` is a ${existing.type}, not a ${input.type}.`, "id");
    if (existing?.is_deleted)
      throw badRequest("INVALID_VALUE", `\`${input.id}\` was deleted; deleted objects cannot change.`, "id");
    const given = { ...((input[field as keyof typeof input] ?? {}) as Data) };
    const nesting = NESTING[input.type as keyof typeof NESTING];
    if (nesting) delete given[nesting.listField];
    const data: Data = { ...(existing ? dataOf(existing) : {}), ...given };

    const required: Record<string, string[]> = {
      CATEGORY: ["name"],
      IMAGE: ["url"],
      ITEM: ["name"],
      ITEM_VARIATION: ["item_id", "name"],
      MODIFIER_LIST: ["name"],
      MODIFIER: ["modifier_list_id", "name"],
    };
    for (const key of required[input.type]) {
      if (data[key] === undefined || data[key] === "")
        throw badRequest("MISSING_REQUIRED_PARAMETER", `Field must be set: \`${field}.${key}\`.`, `${field}.${key}`);
    }
    if (input.type === "ITEM_VARIATION") this.live(data.item_id, "ITEM", `${field}.item_id`);
    if (input.type === "MODIFIER") this.live(data.modifier_list_id, "MODIFIER_LIST", `${field}.modifier_list_id`);

    const object: CatalogObject = {
      ...(existing ?? { type: input.type, id: input.id, is_deleted: false, present_at_all_locations: true }),
      ...(input.present_at_all_locations !== undefined
        ? { present_at_all_locations: input.present_at_all_locations }
        : {}),
      ...(input.present_at_location_ids ? { present_at_location_ids: input.present_at_location_ids } : {}),
      ...(input.absent_at_location_ids ? { absent_at_location_ids: input.absent_at_location_ids } : {}),
      [field]: data,
      version: 0,
      updated_at: "",
    };
    this.stamp(object, stamp);
    this.put(object);
    touched.set(object.id, object);
    // A nested object's change is a change of the item or list that holds it.
    const parentId = parentIdOf(object);
    const parent = parentId ? this.entries.get(parentId)?.object : undefined;
    if (parent) {
      this.stamp(parent, stamp);
      touched.set(parent.id, parent);
    }
  }

  /**
   * Creates or changes objects, as a merchant would in the dashboard: each given `<type>_data` field replaces
   * the stored one; an item's `variations` (a list's `modifiers`), when given, is the complete new list, and
   * those left out are deleted. Everything changed gets one new version. Returns the changed top-level objects.
   */
  upsert(inputs: CatalogObjectInput[]): { objects: CatalogObject[]; stamp: Stamp } {
    const parsed = inputs.map((input, index) => {
      try {
        return parseRequest(upsertSchema, dropNulls(input));
      } catch (error) {
        if (error instanceof SquareApiError)
          throw new SquareApiError(
            400,
            error.errors.map((detail) => ({
              ...detail,
              field: `objects[${index}]${detail.field ? `.${detail.field}` : ""}`,
            }))
          );
        throw error;
      }
    });
    const before = new Map(
      [...this.entries].map(([id, entry]) => [id, { ...entry, object: structuredClone(entry.object) }])
    );
    const stamp = this.clock.next();
    const touched = new Map<string, CatalogObject>();
    try {
      for (const input of parsed) {
        this.applyOne(input, stamp, touched);
        const nesting = NESTING[input.type as keyof typeof NESTING];
        const nested = nesting
          ? (input[DATA_FIELD[input.type] as keyof typeof input] as Data | undefined)?.[nesting.listField]
          : undefined;
        if (!nesting || nested === undefined) continue;
        if (!Array.isArray(nested))
          throw badRequest("EXPECTED_ARRAY", `\`${nesting.listField}\` must be a list.`, nesting.listField);
        const keep = new Set<string>();
        nested.forEach((child: Data, ordinal) => {
          const childField = DATA_FIELD[nesting.childType];
          const childData = { ordinal, ...((child[childField] ?? {}) as Data), [nesting.parentField]: input.id };
          const childInput = parseRequest(upsertSchema, {
            type: nesting.childType,
            id: child.id,
            [childField]: childData,
          });
          this.applyOne(childInput, stamp, touched);
          keep.add(childInput.id);
        });
        for (const child of this.children(this.entries.get(input.id)!.object)) {
          if (!keep.has(child.id)) this.markDeleted(child, stamp, touched);
        }
      }
    } catch (error) {
      // All or nothing, as BatchUpsertCatalogObjects.
      this.entries = before;
      throw error;
    }
    return { objects: this.topLevel(touched), stamp };
  }

  private topLevel(touched: Map<string, CatalogObject>): CatalogObject[] {
    return [...touched.values()]
      .filter((object) => !parentIdOf(object) || !touched.has(parentIdOf(object)!))
      .map((object) => this.render(object));
  }

  private markDeleted(object: CatalogObject, stamp: Stamp, touched: Map<string, CatalogObject>): void {
    object.is_deleted = true;
    this.stamp(object, stamp);
    touched.set(object.id, object);
    const parentId = parentIdOf(object);
    const parent = parentId ? this.entries.get(parentId)?.object : undefined;
    if (parent && !parent.is_deleted) {
      this.stamp(parent, stamp);
      touched.set(parent.id, parent);
    }
  }

  /** Items that refer to `id` (as category, image or modifier list) stop referring to it, as Square does on delete. */
  private dropReferences(id: string, stamp: Stamp, touched: Map<string, CatalogObject>): void {
    for (const { object } of this.entries.values()) {
      if (object.type !== "ITEM" || object.is_deleted) continue;
      const data = dataOf(object);
      const next: Data = { ...data };
      const categories = (data.categories ?? []) as { id: string }[];
      if (categories.some((category) => category.id === id))
        next.categories = categories.filter((category) => category.id !== id);
      if (data.category_id === id) delete next.category_id;
      if ((data.reporting_category as { id?: string } | undefined)?.id === id) delete next.reporting_category;
      const images = (data.image_ids ?? []) as string[];
      if (images.includes(id)) next.image_ids = images.filter((image) => image !== id);
      const lists = (data.modifier_list_info ?? []) as { modifier_list_id: string }[];
      if (lists.some((info) => info.modifier_list_id === id))
        next.modifier_list_info = lists.filter((info) => info.modifier_list_id !== id);
      if (JSON.stringify(next) === JSON.stringify(data)) continue;
      object.item_data = next;
      this.stamp(object, stamp);
      touched.set(object.id, object);
    }
  }

  /**
   * Deletes objects (BatchDeleteCatalogObjects): an item takes its variations with it, a modifier list its
   * modifiers; items stop referring to a deleted category, image or modifier list. Deleted objects stay, with
   * `is_deleted: true` and a new version, for SearchCatalogObjects with `include_deleted_objects`.
   */
  delete(ids: string[]): { deletedIds: string[]; stamp: Stamp } {
    for (const id of ids) {
      const object = this.entries.get(id)?.object;
      if (!object) throw notFound(`Catalog object \`${id}\` not found.`);
      if (object.is_deleted)
        throw badRequest("INVALID_VALUE", `Catalog object \`${id}\` is already deleted.`, "object_ids");
    }
    const stamp = this.clock.next();
    const touched = new Map<string, CatalogObject>();
    const deleted: string[] = [];
    for (const id of ids) {
      const object = this.entries.get(id)!.object;
      if (object.is_deleted) continue;
      for (const child of this.children(object)) {
        this.markDeleted(child, stamp, touched);
        deleted.push(child.id);
      }
      this.markDeleted(object, stamp, touched);
      deleted.push(object.id);
      if (["CATEGORY", "IMAGE", "MODIFIER_LIST"].includes(object.type)) this.dropReferences(object.id, stamp, touched);
    }
    return { deletedIds: deleted, stamp };
  }

  /**
   * Puts the seeded menu back, every object with a new version (so an app that synced sees it as a change);
   * objects added since are deleted.
   */
  reset(): Stamp {
    const stamp = this.clock.next();
    const seed = seedCatalogObjects(this.imageBaseUrl);
    const seeded = new Set(seed.map((object) => object.id));
    for (const { object } of this.entries.values()) {
      if (!seeded.has(object.id) && !object.is_deleted) {
        object.is_deleted = true;
        this.stamp(object, stamp);
      }
    }
    for (const object of seed) {
      this.stamp(object, stamp);
      this.put(object);
    }
    return stamp;
  }
}
