// Syncing the menu from Square's catalog and stock, through the real SDK against the simulator (with
// small pages, and Square's clock an hour behind ours): full and incremental syncs, deletions, versions,
// idempotent pages, stock less what unpaid orders hold, and webhooks that end up as jobs that sync.
import { parseCrontab } from "graphile-worker";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

const SQUARE_BEHIND_MS = -3_600_000;

let harness: AppHarness;
let sync: typeof import("~/catalog/catalog-sync.server") &
  typeof import("~/catalog/catalog-sync-page.server") &
  typeof import("~/catalog/catalog-sync-inventory.server");
let square: typeof import("~/payments/square.server") & typeof import("~/catalog/square-catalog.server");

beforeAll(async () => {
  harness = await startAppHarness({
    simulator: { catalogPageSize: 3, squareClockSkewMs: SQUARE_BEHIND_MS, webhookRetryDelaysMs: [10] },
    receiveWebhooks: true,
  });
  sync = {
    ...(await import("~/catalog/catalog-sync.server")),
    ...(await import("~/catalog/catalog-sync-page.server")),
    ...(await import("~/catalog/catalog-sync-inventory.server")),
  };
  square = { ...(await import("~/payments/square.server")), ...(await import("~/catalog/square-catalog.server")) };
  await harness.database.sql`update locations set square_location_id = ${harness.simulator.locationId}`;
});

afterAll(async () => {
  await harness?.stop();
});

const db = () => harness.database.sql;
const sim = () => harness.simulator;

async function setSource(source: "square" | "local") {
  await db()`
    insert into settings (key, value) values ('catalog.source', ${db().json(source)})
    on conflict (key) do update set value = excluded.value`;
}

async function storedLatestTime(): Promise<string | null> {
  const [row] = await db()<{ latestTime: string }[]>`select latest_time as "latestTime" from catalog_sync_state`;
  return row?.latestTime ?? null;
}

async function product(squareItemId: string) {
  const [row] = await db()<
    { id: number; name: string; slug: string; isActive: boolean; imageUrl: string | null; category: string; squareVersion: number }[]
  >`
    select p.id, p.name, p.slug, p.is_active as "isActive", p.image_url as "imageUrl", c.name as category,
           p.square_version as "squareVersion"
      from products p join categories c on c.id = p.category_id where p.square_item_id = ${squareItemId}`;
  return row;
}

async function variant(squareVariationId: string) {
  const [row] = await db()<{ id: number; name: string; priceCents: number; soldOut: boolean; quantity: number | null }[]>`
    select v.id, v.name, v.price_cents as "priceCents", v.sold_out as "soldOut", il.quantity
      from variants v left join inventory_levels il on il.variant_id = v.id
     where v.square_variation_id = ${squareVariationId}`;
  return row;
}

/** What a page may change, to compare before and after. */
async function menuSnapshot() {
  return {
    categories: await db()`select * from categories order by id`,
    products: await db()`select * from products order by id`,
    variants: await db()`select * from variants order by id`,
    lists: await db()`select * from modifier_lists order by id`,
    modifiers: await db()`select * from modifiers order by id`,
    links: await db()`select * from product_modifier_lists order by product_id, modifier_list_id`,
    images: await db()`select * from catalog_images order by square_image_id`,
    stock: await db()`select * from inventory_levels order by variant_id, location_id`,
  };
}

async function incremental() {
  return sync.runCatalogSync({ mode: "incremental", trigger: "admin" });
}

describe("while the menu's source is Larder", () => {
  it("a sync does nothing, and a catalog webhook is ignored", async () => {
    const before = await menuSnapshot();
    expect(await sync.runCatalogSync({ mode: "full", trigger: "admin" })).toEqual({ status: "skipped" });
    sim().catalog.upsert({ type: "CATEGORY", id: "CAT_DRINKS", category_data: { name: "Drinks & juices" } });
    await sim().waitForWebhooks();
    await harness.drainJobs();
    expect(await menuSnapshot()).toEqual(before);
    expect(await db()`select * from catalog_sync_runs`).toHaveLength(0);
    const [event] = await db()<{ state: string; lastError: string }[]>`
      select state, last_error as "lastError" from webhook_events where type = 'catalog.version.updated'`;
    expect(event).toEqual({ state: "ignored", lastError: "the menu's source is not Square" });
  });
});

describe("with Square as the menu's source", () => {
  beforeAll(async () => {
    await setSource("square");
  });

  it("a first sync is a full one that builds the whole menu from paged lists, and stores Square's latest_time", async () => {
    const result = await sync.runCatalogSync({ mode: "incremental", trigger: "cron" });
    expect(result).toMatchObject({ status: "succeeded", kind: "full" });
    const [run] = await db()`select * from catalog_sync_runs where id = ${result.runId!}`;
    expect(run).toMatchObject({ kind: "full", trigger: "cron", status: "succeeded", error: null, begin_time: null });
    // 4 passes (categories, images, modifier lists, items) in pages of 3.
    expect(run.pages).toBeGreaterThan(6);
    expect(run.inventory_counts_applied).toBe(5);

    // Square's value, exactly as it wrote it; an hour behind our clock here.
    const latest = sim().catalog.latestTime();
    expect(await storedLatestTime()).toBe(latest);
    expect(run.latest_time).toBe(latest);
    expect(Date.now() - Date.parse(latest)).toBeGreaterThan(3_000_000);

    const menu = await db()<{ category: string; product: string; slug: string }[]>`
      select c.name as category, p.name as product, p.slug
        from products p join categories c on c.id = p.category_id
       where p.is_active order by c.name, p.sort_order`;
    expect(menu).toEqual([
      { category: "Drinks & juices", product: "Mint lemonade", slug: "mint-lemonade" },
      { category: "Drinks & juices", product: "Iced yerba mate", slug: "iced-yerba-mate" },
      { category: "Empanadas", product: "Beef empanada", slug: "beef-empanada" },
      { category: "Empanadas", product: "Chicken empanada", slug: "chicken-empanada" },
      { category: "Empanadas", product: "Humita empanada", slug: "humita-empanada" },
      { category: "Empanadas", product: "Spinach & cheese empanada", slug: "spinach-cheese-empanada" },
      { category: "Empanadas", product: "Dulce de leche empanada", slug: "dulce-de-leche-empanada" },
      // "chimichurri" was the demo menu's slug: a new one is found.
      { category: "Sides & sauces", product: "Chimichurri", slug: "chimichurri-2" },
      { category: "Sides & sauces", product: "Ensalada criolla", slug: "ensalada-criolla" },
    ]);
    // The demo menu Larder had (no Square ids) is off the menu, not deleted; the deleted seasonal item never came.
    const [{ demo }] = await db()<{ demo: number }[]>`select count(*)::int as demo from products where square_item_id is null and is_active`;
    expect(demo).toBe(0);
    expect(await db()`select id from products where slug = 'beef-criolla'`).toHaveLength(1);
    expect(await product("ITEM_PUMPKIN")).toBeUndefined();

    expect(await product("ITEM_BEEF")).toMatchObject({ imageUrl: `${sim().url}/catalog-images/IMG_BEEF.svg`, category: "Empanadas" });
    expect(await product("ITEM_SPINACH")).toMatchObject({ imageUrl: null });
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ name: "Single", priceCents: 450, soldOut: false, quantity: 40 });
    expect(await variant("VAR_BEEF_HALF_DOZEN")).toMatchObject({ priceCents: 2400, quantity: 12 });
    expect(await variant("VAR_DULCE_SINGLE")).toMatchObject({ quantity: 0 });
    // Not tracked: no stock row. Sold out at this location: sold out.
    expect(await variant("VAR_HUMITA_SINGLE")).toMatchObject({ quantity: null, soldOut: false });
    expect(await variant("VAR_MATE_REGULAR")).toMatchObject({ soldOut: true, quantity: null });

    const lists = await db()`
      select ml.name, ml.min_selected, ml.max_selected, pml.min_selected as item_min, pml.max_selected as item_max,
             array(select m.name || ' ' || m.price_cents from modifiers m where m.modifier_list_id = ml.id and m.is_active order by m.sort_order) as modifiers
        from product_modifier_lists pml
        join modifier_lists ml on ml.id = pml.modifier_list_id
        join products p on p.id = pml.product_id
       where p.square_item_id = 'ITEM_BEEF' order by pml.sort_order`;
    expect(lists).toEqual([
      { name: "Baked or fried", min_selected: 1, max_selected: 1, item_min: null, item_max: null, modifiers: ["Baked 0", "Fried 50"] },
      {
        name: "Dipping sauces",
        min_selected: 0,
        max_selected: 2,
        item_min: null,
        item_max: 3,
        modifiers: ["Chimichurri 75", "Salsa criolla 75", "Ají picante 50"],
      },
    ]);
    // The modifier Square had deleted never came.
    expect(await db()`select id from modifiers where square_modifier_id = 'MOD_GARLIC_MAYO'`).toHaveLength(0);
  });

  it("applying the same page twice, or an older page after a newer one, changes nothing", async () => {
    const oldItems = (await square.listCatalogPage("ITEM")).objects;
    expect(oldItems.length).toBe(3);
    const before = await menuSnapshot();
    expect(await sync.applyCatalogPage(oldItems)).toEqual({ received: 3 + 6, applied: 0 });
    expect(await menuSnapshot()).toEqual(before);

    sim().catalog.upsert({ type: "ITEM", id: "ITEM_BEEF", item_data: { name: "Beef empanada (new recipe)" } });
    sim().catalog.upsert({ type: "ITEM_VARIATION", id: "VAR_BEEF_SINGLE", item_variation_data: { price_money: { amount: 475, currency: "USD" } } });
    await incremental();
    expect(await product("ITEM_BEEF")).toMatchObject({ name: "Beef empanada (new recipe)", slug: "beef-empanada" });
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ priceCents: 475 });

    const after = await menuSnapshot();
    // The page from before the change is older: ignored, object by object.
    expect(await sync.applyCatalogPage(oldItems)).toEqual({ received: 9, applied: 0 });
    expect(await menuSnapshot()).toEqual(after);
    // And so is an older version of one object arriving on its own.
    const oldBeef = oldItems.find((object) => object.id === "ITEM_BEEF")!;
    expect(await sync.applyCatalogPage([oldBeef])).toMatchObject({ applied: 0 });
    expect(await product("ITEM_BEEF")).toMatchObject({ name: "Beef empanada (new recipe)" });
  });

  it("an incremental sync asks Square for changes after its own latest_time, not after our clock", async () => {
    const stored = await storedLatestTime();
    sim().reset(); // only clears the request log here
    // Changed now by Square's clock, which is an hour behind ours: a begin_time taken from our clock
    // (at the last sync, minutes ago) would be after this change, and would miss it.
    sim().catalog.upsert({ type: "ITEM", id: "ITEM_SALAD", item_data: { name: "Ensalada criolla grande" } });
    const changedAt = sim().catalog.latestTime();
    expect(Date.parse(changedAt)).toBeLessThan(Date.now() - 3_000_000);

    const result = await incremental();
    expect(result).toMatchObject({ status: "succeeded", kind: "incremental" });
    const searches = sim().catalog.searches();
    expect(searches.length).toBeGreaterThanOrEqual(6);
    expect(new Set(searches.map((search) => search.begin_time))).toEqual(new Set([stored]));
    expect(searches.every((search) => search.include_deleted_objects)).toBe(true);
    expect(await product("ITEM_SALAD")).toMatchObject({ name: "Ensalada criolla grande" });
    expect(await storedLatestTime()).toBe(changedAt);
    const [run] = await db()`select * from catalog_sync_runs where id = ${result.runId!}`;
    expect(run).toMatchObject({ kind: "incremental", begin_time: stored, latest_time: changedAt, status: "succeeded" });
  });

  it("deletions take products off the menu and make variations unorderable, without deleting rows", async () => {
    const [{ variants: variantsBefore }] = await db()<{ variants: number }[]>`select count(*)::int as variants from variants`;
    sim().catalog.delete("ITEM_CHICKEN", "VAR_BEEF_HALF_DOZEN", "MOD_AJI", "ML_ICE", "IMG_HUMITA");
    await incremental();

    expect(await product("ITEM_CHICKEN")).toMatchObject({ isActive: false });
    expect(await variant("VAR_CHICKEN_SINGLE")).toMatchObject({ soldOut: true, quantity: null });
    expect(await variant("VAR_BEEF_HALF_DOZEN")).toMatchObject({ soldOut: true, quantity: null });
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ soldOut: false });
    expect(await product("ITEM_HUMITA")).toMatchObject({ isActive: true, imageUrl: null });
    const [aji] = await db()`select is_active from modifiers where square_modifier_id = 'MOD_AJI'`;
    expect(aji.is_active).toBe(false);
    const [ice] = await db()`select id, is_active from modifier_lists where square_modifier_list_id = 'ML_ICE'`;
    expect(ice.is_active).toBe(false);
    expect(await db()`select * from product_modifier_lists where modifier_list_id = ${ice.id}`).toHaveLength(0);
    const [{ variants: variantsAfter }] = await db()<{ variants: number }[]>`select count(*)::int as variants from variants`;
    expect(variantsAfter).toBe(variantsBefore);
  });

  it("a full sync takes off the menu what Square stopped listing, and brings back what it lists again", async () => {
    sim().catalog.reset();
    // Deleted at Square, and no incremental sync sees the deletion: the full listing's absence does.
    sim().catalog.delete("ITEM_SALAD", "MOD_BAKED");
    const result = await sync.runCatalogSync({ mode: "full", trigger: "admin" });
    expect(result).toMatchObject({ kind: "full" });
    expect(await product("ITEM_SALAD")).toMatchObject({ isActive: false });
    expect(await variant("VAR_SALAD_REGULAR")).toMatchObject({ soldOut: true });
    const [baked] = await db()`select is_active from modifiers where square_modifier_id = 'MOD_BAKED'`;
    expect(baked.is_active).toBe(false);
    expect(await product("ITEM_CHICKEN")).toMatchObject({ isActive: true, name: "Chicken empanada" });
    expect(await variant("VAR_BEEF_HALF_DOZEN")).toMatchObject({ soldOut: false, quantity: 12 });
    expect(await product("ITEM_HUMITA")).toMatchObject({ imageUrl: `${sim().url}/catalog-images/IMG_HUMITA.svg` });
    const [run] = await db()`select products_deactivated from catalog_sync_runs where id = ${result.runId!}`;
    expect(run.products_deactivated).toBe(1);
    sim().catalog.reset();
    await sync.runCatalogSync({ mode: "full", trigger: "admin" });
    expect(await product("ITEM_SALAD")).toMatchObject({ isActive: true });
  });

  it("renamed and swapped variation names keep names unique per product", async () => {
    sim().catalog.upsert({
      type: "ITEM",
      id: "ITEM_BEEF",
      item_data: {
        variations: [
          { id: "VAR_BEEF_SINGLE", item_variation_data: { name: "Half dozen", price_money: { amount: 450, currency: "USD" } } },
          { id: "VAR_BEEF_HALF_DOZEN", item_variation_data: { name: "Single", price_money: { amount: 2400, currency: "USD" } } },
          { id: "VAR_BEEF_DOZEN", item_variation_data: { name: "Dozen", price_money: { amount: 4500, currency: "USD" }, track_inventory: true } },
        ],
      },
    });
    await incremental();
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ name: "Half dozen" });
    expect(await variant("VAR_BEEF_HALF_DOZEN")).toMatchObject({ name: "Single" });
    // New and tracked, with no count yet at Square: nothing in stock.
    expect(await variant("VAR_BEEF_DOZEN")).toMatchObject({ name: "Dozen", priceCents: 4500, quantity: 0, soldOut: false });
  });
});

describe("stock", () => {
  async function pendingOrder(squareVariationId: string, quantity: number): Promise<number> {
    const [{ id: variantId }] = await db()<{ id: number }[]>`select id from variants where square_variation_id = ${squareVariationId}`;
    const [order] = await db()<{ id: number }[]>`
      insert into orders (checkout_key, location_id, customer_name, customer_email, customer_phone, pickup_at, currency,
                          subtotal_cents, total_cents)
      select gen_random_uuid(), id, 'Ana', 'ana@example.com', '555 010 2030', now() + interval '1 hour', 'USD', 450 * ${quantity}, 450 * ${quantity}
        from locations limit 1
      returning id`;
    await db()`
      insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, quantity)
      values (${order.id}, ${variantId}, 'Beef empanada', 'Single', 450, ${quantity})`;
    return order.id;
  }

  it("is Square's count less what unpaid orders hold, from the webhook through the job; older counts are ignored", async () => {
    const orderId = await pendingOrder("VAR_BEEF_SINGLE", 3);
    // A paid order no longer holds anything: Square has counted its sale.
    const paidId = await pendingOrder("VAR_BEEF_SINGLE", 5);
    await db()`update orders set state = 'paid', paid_at = now() where id = ${paidId}`;

    sim().inventory.set({ catalog_object_id: "VAR_BEEF_SINGLE", quantity: 10 });
    await sim().waitForWebhooks();
    await harness.drainJobs();
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ quantity: 7 });
    const [event] = await db()<{ state: string }[]>`
      select state from webhook_events where type = 'inventory.count.updated' order by id desc limit 1`;
    expect(event.state).toBe("processed");

    // A count Square made before the one applied, arriving late: ignored.
    const [level] = await db()<{ at: Date }[]>`
      select il.square_calculated_at as at from inventory_levels il join variants v on v.id = il.variant_id
       where v.square_variation_id = 'VAR_BEEF_SINGLE'`;
    const stale = { catalogObjectId: "VAR_BEEF_SINGLE", locationId: sim().locationId, state: "IN_STOCK" as const, quantity: "99",
      calculatedAt: new Date(level.at.getTime() - 1000).toISOString() };
    expect(await sync.applyInventoryCounts([stale])).toBe(0);
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ quantity: 7 });

    // Fewer at Square than unpaid orders hold: none left to sell, not a negative number.
    sim().inventory.set({ catalog_object_id: "VAR_BEEF_SINGLE", quantity: 2 });
    await sim().waitForWebhooks();
    await harness.drainJobs();
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ quantity: 0 });
    await db()`update orders set state = 'cancelled' where id = ${orderId}`;
  });

  it("follows a sale paid at Square: the payment's stock update comes back by webhook", async () => {
    sim().inventory.set({ catalog_object_id: "VAR_BEEF_SINGLE", quantity: 20 });
    const { order } = await (await square.squareClient()).orders.create({
      idempotencyKey: crypto.randomUUID(),
      order: { locationId: sim().locationId, lineItems: [{ catalogObjectId: "VAR_BEEF_SINGLE", quantity: "4" }] },
    });
    await (await square.squareClient()).payments.create({
      idempotencyKey: crypto.randomUUID(),
      sourceId: "cnon:card-nonce-ok",
      amountMoney: { amount: order!.totalMoney!.amount!, currency: "USD" },
      orderId: order!.id!,
    });
    await sim().waitForWebhooks();
    await harness.drainJobs();
    expect(sim().inventory.get("VAR_BEEF_SINGLE")?.quantity).toBe("16");
    expect(await variant("VAR_BEEF_SINGLE")).toMatchObject({ quantity: 16 });
  });
});

describe("webhooks and the cron", () => {
  it("catalog.version.updated queues one incremental sync, even when Square sends events twice and out of order", async () => {
    await harness.drainJobs();
    const [{ runs: runsBefore }] = await db()<{ runs: number }[]>`select count(*)::int as runs from catalog_sync_runs`;
    sim().webhookFaults.set({ duplicate_rate: 1, reorder: true, seed: 7 });
    sim().catalog.upsert({ type: "ITEM", id: "ITEM_MATE", item_data: { name: "Iced mate" } });
    sim().catalog.upsert({ type: "CATEGORY", id: "CAT_SIDES", category_data: { name: "Sides" } });
    await sim().waitForWebhooks();
    sim().webhookFaults.clear();
    const stored = await db()`select id from webhook_events where type = 'catalog.version.updated' and state = 'received'`;
    expect(stored).toHaveLength(2);
    const [{ queued }] = await db()<{ queued: number }[]>`
      select count(*)::int as queued from graphile_worker.jobs where task_identifier = 'process_square_webhook'`;
    expect(queued).toBeGreaterThanOrEqual(2);

    await harness.drainJobs();
    expect(await product("ITEM_MATE")).toMatchObject({ name: "Iced mate" });
    const runs = await db()<{ trigger: string; kind: string; status: string }[]>`
      select trigger, kind, status from catalog_sync_runs order by id offset ${runsBefore}`;
    // Both events asked for a sync while the first one waited: they share its job.
    expect(runs).toEqual([{ trigger: "webhook", kind: "incremental", status: "succeeded" }]);
    const [sides] = await db()`select name from categories where square_category_id = 'CAT_SIDES'`;
    expect(sides.name).toBe("Sides");
  });

  it("the hourly cron runs an incremental sync on the catalog_sync queue", () => {
    const crontab = readFileSync(path.join(import.meta.dirname, "../../../workers/crontab"), "utf8");
    const item = parseCrontab(crontab).find((entry) => entry.task === "sync_catalog");
    expect(item).toMatchObject({
      payload: { mode: "incremental", trigger: "cron" },
      options: { jobKey: "sync_catalog:incremental", queueName: "catalog_sync", maxAttempts: 5 },
    });
    expect(item?.match).toBeTypeOf("function");
  });

  it("a sync that Square fails is recorded with its error, keeps the stored latest_time, and is retried by the worker", async () => {
    await harness.drainJobs();
    const stored = await storedLatestTime();
    // Every attempt square.server makes (3) fails: Square is down for this job's first run.
    sim().faults.add({ operation: "catalog.search", status: 503, count: 3 });
    await sync.requestCatalogSync("incremental", "admin");
    await harness.drainJobs();
    const [failed] = await db()`select * from catalog_sync_runs order by id desc limit 1`;
    expect(failed).toMatchObject({ status: "failed", kind: "incremental", trigger: "admin", error: "Square catalog.search kept failing" });
    expect(failed.finished_at).toBeInstanceOf(Date);
    expect(await storedLatestTime()).toBe(stored);
    // graphile-worker records the failure on the job just after the run returns.
    let job: { id: number; attempts: number; lastError: string | null } | undefined;
    for (let tries = 0; tries < 50 && !job?.lastError; tries++) {
      [job] = await db()<{ id: number; attempts: number; lastError: string | null }[]>`
        select id, attempts, last_error as "lastError" from graphile_worker.jobs where task_identifier = 'sync_catalog'`;
      if (!job?.lastError) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(job).toMatchObject({ attempts: 1, lastError: expect.stringContaining("kept failing") });

    // Its retry (brought forward from its backoff) succeeds.
    sim().catalog.upsert({ type: "ITEM", id: "ITEM_SALAD", item_data: { name: "Ensalada criolla" } });
    await sim().waitForWebhooks();
    await db()`select graphile_worker.reschedule_jobs(array[${job!.id}::bigint], run_at => now())`;
    await harness.drainJobs();
    const [retried] = await db()`select * from catalog_sync_runs where id > ${failed.id} order by id limit 1`;
    expect(retried).toMatchObject({ status: "succeeded", begin_time: stored });
    expect(await product("ITEM_SALAD")).toMatchObject({ name: "Ensalada criolla" });
  });
});
