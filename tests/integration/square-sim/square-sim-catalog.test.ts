// The simulator's catalog and inventory through the official SDK: ListCatalog's types and paging, SearchCatalogObjects
// with begin_time / deleted objects / latest_time, BatchRetrieveInventoryCounts, changes made from tests with their
// signed webhooks, and the stock a completed payment takes.
import { SquareClient, SquareError, WebhooksHelper, type Square } from "square";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SquareSimulator, startSquareSimulator } from "../../../dev/square-sim/server";
import { type WebhookReceiver, startWebhookReceiver } from "../../../dev/square-sim/webhook-receiver";

const SIGNATURE_KEY = "catalog-signature-key";
const SQUARE_BEHIND_MS = -3_600_000;

let sim: SquareSimulator;
let receiver: WebhookReceiver;
let client: SquareClient;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startSquareSimulator({
    webhookUrl: receiver.url,
    webhookSignatureKey: SIGNATURE_KEY,
    webhookRetryDelaysMs: [10],
    catalogPageSize: 3,
    squareClockSkewMs: SQUARE_BEHIND_MS,
  });
  client = new SquareClient({ token: "sim-token", environment: sim.url, maxRetries: 0 });
});

afterAll(async () => {
  await sim?.stop();
  await receiver?.close();
});

beforeEach(async () => {
  await sim.waitForWebhooks();
  sim.catalog.reset();
  await sim.waitForWebhooks();
  sim.reset();
  receiver.clear();
});

async function listAll(types?: string): Promise<{ objects: Square.CatalogObject[]; pages: number }> {
  const objects: Square.CatalogObject[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await client.catalog.list({ types, cursor });
    pages += 1;
    objects.push(...page.data);
    cursor = page.response.cursor;
  } while (cursor);
  return { objects, pages };
}

async function searchAll(request: Square.SearchCatalogObjectsRequest) {
  const objects: Square.CatalogObject[] = [];
  const latestTimes: string[] = [];
  let cursor: string | undefined;
  do {
    const response = await client.catalog.search({ ...request, cursor });
    objects.push(...(response.objects ?? []));
    latestTimes.push(response.latestTime ?? "");
    cursor = response.cursor;
  } while (cursor);
  return { objects, latestTimes };
}

describe("ListCatalog", () => {
  it("returns only top-level types by default, nests variations and modifiers, and pages", async () => {
    const { objects, pages } = await listAll();
    expect(new Set(objects.map((object) => object.type))).toEqual(new Set(["CATEGORY", "MODIFIER_LIST", "ITEM"]));
    expect(pages).toBeGreaterThan(3);
    // The deleted seasonal item is not listed.
    expect(objects.map((object) => object.id)).not.toContain("ITEM_PUMPKIN");

    const beef = objects.find((object) => object.id === "ITEM_BEEF");
    expect(beef?.type === "ITEM" && beef.itemData).toMatchObject({
      name: "Beef empanada",
      imageIds: ["IMG_BEEF"],
      categories: [{ id: "CAT_EMPANADAS", ordinal: 0n }],
      modifierListInfo: [
        { modifierListId: "ML_COOKING", minSelectedModifiers: -1, maxSelectedModifiers: -1, enabled: true },
        { modifierListId: "ML_SAUCES", minSelectedModifiers: -1, maxSelectedModifiers: 3, enabled: true },
      ],
      variations: [
        { type: "ITEM_VARIATION", id: "VAR_BEEF_SINGLE", itemVariationData: { priceMoney: { amount: 450n, currency: "USD" }, trackInventory: true } },
        { type: "ITEM_VARIATION", id: "VAR_BEEF_HALF_DOZEN" },
      ],
    });

    const sauces = objects.find((object) => object.id === "ML_SAUCES");
    expect(sauces?.type === "MODIFIER_LIST" && sauces.modifierListData).toMatchObject({
      name: "Dipping sauces",
      selectionType: "MULTIPLE",
      minSelectedModifiers: 0n,
      maxSelectedModifiers: 2n,
    });
    // The deleted modifier is left out of its list.
    const modifiers = sauces?.type === "MODIFIER_LIST" ? sauces.modifierListData?.modifiers ?? [] : [];
    expect(modifiers.map((modifier) => modifier.id)).toEqual(["MOD_CHIMICHURRI", "MOD_SALSA_CRIOLLA", "MOD_AJI"]);
    expect(modifiers[0]).toMatchObject({ type: "MODIFIER", modifierData: { priceMoney: { amount: 75n, currency: "USD" }, modifierListId: "ML_SAUCES" } });
  });

  it("lists images only when asked for by name, with a picture it serves", async () => {
    const { objects } = await listAll("IMAGE");
    expect(objects.map((object) => object.id)).toEqual(["IMG_BEEF", "IMG_CHICKEN", "IMG_HUMITA", "IMG_LEMONADE"]);
    const image = objects[0];
    const url = image.type === "IMAGE" ? image.imageData?.url : undefined;
    expect(url).toBe(`${sim.url}/catalog-images/IMG_BEEF.svg`);
    const picture = await fetch(url!);
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/svg+xml");
    expect(await picture.text()).toContain("Beef empanada");
    expect((await fetch(`${sim.url}/catalog-images/NOPE.svg`)).status).toBe(404);
  });

  it("refuses an unknown type", async () => {
    const error = await client.catalog.list({ types: "ITEM,NOT_A_TYPE" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SquareError);
    expect((error as SquareError).errors[0]).toMatchObject({ code: "INVALID_ENUM_VALUE" });
  });
});

describe("SearchCatalogObjects", () => {
  it("returns the whole catalog of the given types with Square's latest_time, the same on every page", async () => {
    const { objects, latestTimes } = await searchAll({ objectTypes: ["ITEM"] });
    expect(objects.map((object) => object.id)).toContain("ITEM_BEEF");
    expect(objects.map((object) => object.id)).not.toContain("ITEM_PUMPKIN");
    expect(latestTimes.length).toBeGreaterThan(1);
    expect(new Set(latestTimes)).toEqual(new Set([sim.catalog.latestTime()]));
  });

  it("includes deleted objects only when asked, and only what changed after begin_time", async () => {
    const before = sim.catalog.latestTime();
    const withDeleted = await searchAll({ objectTypes: ["ITEM", "MODIFIER"], includeDeletedObjects: true });
    expect(withDeleted.objects.filter((object) => object.isDeleted).map((object) => object.id)).toEqual([
      "MOD_GARLIC_MAYO",
      "ITEM_PUMPKIN",
    ]);

    expect((await searchAll({ objectTypes: ["ITEM"], beginTime: before })).objects).toEqual([]);
    sim.catalog.upsert({ type: "ITEM_VARIATION", id: "VAR_BEEF_SINGLE", item_variation_data: { price_money: { amount: 500, currency: "USD" } } });
    sim.catalog.delete("MOD_AJI");
    const changed = await searchAll({
      objectTypes: ["ITEM", "ITEM_VARIATION", "MODIFIER_LIST", "MODIFIER"],
      beginTime: before,
      includeDeletedObjects: true,
    });
    // The variation changed, and so did the item that holds it; the modifier was deleted, and its list changed.
    expect(changed.objects.map((object) => `${object.type} ${object.id}${object.isDeleted ? " deleted" : ""}`).sort()).toEqual([
      "ITEM ITEM_BEEF",
      "ITEM_VARIATION VAR_BEEF_SINGLE",
      "MODIFIER MOD_AJI deleted",
      "MODIFIER_LIST ML_SAUCES",
    ]);
    const latest = changed.latestTimes[0];
    expect(latest).toBe(sim.catalog.latestTime());
    expect(Date.parse(latest)).toBeGreaterThan(Date.parse(before));
    // Square's clock, not ours: this simulator runs an hour behind.
    expect(Math.abs(Date.parse(latest) - (Date.now() + SQUARE_BEHIND_MS))).toBeLessThan(60_000);
    // begin_time is exclusive: nothing is newer than latest_time.
    expect((await searchAll({ objectTypes: ["ITEM", "MODIFIER"], beginTime: latest, includeDeletedObjects: true })).objects).toEqual([]);

    expect(sim.catalog.searches().at(-1)).toMatchObject({ begin_time: latest, include_deleted_objects: true });
  });

  it("refuses what it does not simulate and a bad begin_time, as Square refuses bad input", async () => {
    const query = await client.catalog
      .search({ objectTypes: ["ITEM"], query: { prefixQuery: { attributeName: "name", attributePrefix: "beef" } } })
      .catch((caught: unknown) => caught);
    expect((query as SquareError).statusCode).toBe(400);
    const badTime = await client.catalog.search({ beginTime: "yesterday" }).catch((caught: unknown) => caught);
    expect((badTime as SquareError).errors[0]).toMatchObject({ code: "INVALID_TIME", field: "begin_time" });
  });
});

describe("catalog changes from tests", () => {
  it("bump the version, send a signed catalog.version.updated, and keep deleted objects for search", async () => {
    const before = sim.catalog.get("ITEM_CHICKEN")!;
    const [item] = sim.catalog.upsert({
      type: "ITEM",
      id: "ITEM_CHICKEN",
      item_data: {
        name: "Chicken & chorizo empanada",
        variations: [
          { id: "VAR_CHICKEN_SINGLE", item_variation_data: { name: "Single", price_money: { amount: 450, currency: "USD" } } },
          { id: "VAR_CHICKEN_DOZEN", item_variation_data: { name: "Dozen", price_money: { amount: 4200, currency: "USD" }, track_inventory: true } },
        ],
      },
    });
    expect(item.version).toBeGreaterThan(before.version);
    const variations = (item.item_data as { variations: { id: string }[] }).variations.map((variation) => variation.id);
    // Half dozen was left out of the new list, so it was deleted.
    expect(variations).toEqual(["VAR_CHICKEN_SINGLE", "VAR_CHICKEN_DOZEN"]);
    expect(sim.catalog.get("VAR_CHICKEN_HALF_DOZEN")).toMatchObject({ is_deleted: true, version: item.version });

    sim.catalog.delete("IMG_HUMITA");
    expect(sim.catalog.get("ITEM_HUMITA")).toMatchObject({ item_data: { image_ids: [] }, version: sim.catalog.get("IMG_HUMITA")!.version });

    await sim.waitForWebhooks();
    const events = receiver.received.filter((delivery) => delivery.event.type === "catalog.version.updated");
    expect(events).toHaveLength(2);
    expect(events[1].event.data).toEqual({ type: "catalog", id: "", object: { catalog_version: { updated_at: sim.catalog.latestTime() } } });
    const valid = await WebhooksHelper.verifySignature({
      requestBody: events[0].body,
      signatureHeader: String(events[0].headers["x-square-hmacsha256-signature"]),
      signatureKey: SIGNATURE_KEY,
      notificationUrl: receiver.url,
    });
    expect(valid).toBe(true);
  });

  it("are refused whole when one object is bad", async () => {
    const latest = sim.catalog.latestTime();
    const response = await fetch(`${sim.url}/sim/catalog/upsert`, {
      method: "POST",
      body: JSON.stringify({
        objects: [
          { type: "CATEGORY", id: "CAT_NEW", category_data: { name: "Specials" } },
          { type: "ITEM_VARIATION", id: "VAR_ORPHAN", item_variation_data: { name: "Single", item_id: "ITEM_NOPE" } },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(sim.catalog.get("CAT_NEW")).toBeUndefined();
    expect(sim.catalog.latestTime()).toBe(latest);
  });
});

describe("control endpoints over HTTP", () => {
  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${sim.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("change the catalog and stock, show an object, the search log and the counts, and reset", async () => {
    const upserted = await call("POST", "/sim/catalog/upsert", {
      objects: [{ type: "CATEGORY", id: "CAT_SPECIALS", category_data: { name: "Specials" } }],
    });
    expect(upserted).toMatchObject({ status: 200, body: { objects: [{ type: "CATEGORY", id: "CAT_SPECIALS", is_deleted: false }] } });
    expect(await call("POST", "/sim/catalog/delete", { object_ids: ["ML_SAUCES"] })).toEqual({
      status: 200,
      body: { deleted_object_ids: ["MOD_CHIMICHURRI", "MOD_SALSA_CRIOLLA", "MOD_AJI", "ML_SAUCES"] },
    });
    expect(await call("POST", "/sim/catalog/delete", { object_ids: ["NOPE"] })).toMatchObject({ status: 404 });
    expect(await call("GET", "/sim/catalog/objects/ITEM_BEEF")).toMatchObject({
      body: { object: { item_data: { modifier_list_info: [{ modifier_list_id: "ML_COOKING" }] } } },
    });

    await client.catalog.search({ objectTypes: ["CATEGORY"], beginTime: "2024-11-22T18:26:40Z" });
    expect((await call("GET", "/sim/catalog/searches")).body.searches).toEqual([
      { object_types: ["CATEGORY"], begin_time: "2024-11-22T18:26:40Z", include_deleted_objects: false, cursor: null, latest_time: sim.catalog.latestTime() },
    ]);

    expect(await call("POST", "/sim/inventory", { counts: [{ catalog_object_id: "VAR_SALAD_REGULAR", quantity: "8" }] })).toMatchObject({
      status: 200,
      body: { counts: [{ catalog_object_id: "VAR_SALAD_REGULAR", quantity: "8", location_id: sim.locationId }] },
    });
    expect(await call("POST", "/sim/inventory", { counts: [{ catalog_object_id: "VAR_PUMPKIN_SINGLE", quantity: 1 }] })).toMatchObject({ status: 400 });

    expect(await call("POST", "/sim/catalog/reset")).toMatchObject({ status: 200, body: { reset: true } });
    expect(sim.catalog.get("CAT_SPECIALS")?.is_deleted).toBe(true);
    expect(sim.catalog.get("ML_SAUCES")?.is_deleted).toBe(false);
    const counts = (await call("GET", "/sim/inventory")).body.counts as { catalog_object_id: string; quantity: string }[];
    expect(counts.find((count) => count.catalog_object_id === "VAR_SALAD_REGULAR")?.quantity).toBe("0");
  });
});

describe("inventory", () => {
  async function counts(request: Square.BatchGetInventoryCountsRequest) {
    const all: Square.InventoryCount[] = [];
    for await (const count of await client.inventory.batchGetCounts(request)) all.push(count);
    return all;
  }

  it("answers BatchRetrieveInventoryCounts by variation, location and updated_after, newest first, paged", async () => {
    const all = await counts({ locationIds: [sim.locationId] });
    // The seeded stock (a count another test added was reset to 0, not removed: Square keeps counts).
    expect(all.filter((count) => count.catalogObjectId !== "VAR_SALAD_REGULAR").map((count) => [count.catalogObjectId, count.quantity]).sort()).toEqual([
      ["VAR_BEEF_HALF_DOZEN", "12"],
      ["VAR_BEEF_SINGLE", "40"],
      ["VAR_CHICKEN_SINGLE", "30"],
      ["VAR_CHIMICHURRI_JAR", "6"],
      ["VAR_DULCE_SINGLE", "0"],
    ]);
    expect(all.map((count) => Date.parse(count.calculatedAt!))).toEqual(all.map((count) => Date.parse(count.calculatedAt!)).sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ state: "IN_STOCK", locationId: sim.locationId, catalogObjectType: "ITEM_VARIATION" });

    const seededAt = all[0].calculatedAt!;
    const [changed] = sim.inventory.set({ catalog_object_id: "VAR_BEEF_SINGLE", quantity: 7 });
    expect(Date.parse(changed.calculated_at)).toBeGreaterThan(Date.parse(seededAt));
    expect(await counts({ catalogObjectIds: ["VAR_BEEF_SINGLE", "VAR_DULCE_SINGLE"] })).toEqual([
      expect.objectContaining({ catalogObjectId: "VAR_BEEF_SINGLE", quantity: "7" }),
      expect.objectContaining({ catalogObjectId: "VAR_DULCE_SINGLE", quantity: "0" }),
    ]);
    expect((await counts({ updatedAfter: seededAt })).map((count) => count.catalogObjectId)).toEqual(["VAR_BEEF_SINGLE"]);

    await sim.waitForWebhooks();
    const [event] = receiver.received.filter((delivery) => delivery.event.type === "inventory.count.updated");
    expect(event.event.data).toMatchObject({
      type: "inventory_counts",
      object: { inventory_counts: [{ catalog_object_id: "VAR_BEEF_SINGLE", location_id: sim.locationId, quantity: "7", state: "IN_STOCK" }] },
    });
  });

  it("takes a completed payment's tracked variations out of stock and says so", async () => {
    const { order } = await client.orders.create({
      idempotencyKey: crypto.randomUUID(),
      order: {
        locationId: sim.locationId,
        lineItems: [
          { catalogObjectId: "VAR_BEEF_SINGLE", quantity: "3" },
          { catalogObjectId: "VAR_LEMONADE_REGULAR", quantity: "1" },
        ],
      },
    });
    await client.payments.create({
      idempotencyKey: crypto.randomUUID(),
      sourceId: "cnon:card-nonce-ok",
      amountMoney: { amount: 3n * 450n + 500n, currency: "USD" },
      orderId: order!.id!,
    });
    expect(sim.inventory.get("VAR_BEEF_SINGLE")?.quantity).toBe("37");
    // Untracked: Square does not count it.
    expect(sim.inventory.get("VAR_LEMONADE_REGULAR")).toBeUndefined();
    await sim.waitForWebhooks();
    const types = receiver.received.map((delivery) => delivery.event.type);
    expect(types).toEqual(["payment.created", "payment.updated", "order.updated", "inventory.count.updated"]);
    expect(receiver.received[3].event.data).toMatchObject({
      object: { inventory_counts: [{ catalog_object_id: "VAR_BEEF_SINGLE", quantity: "37" }] },
    });
  });
});
