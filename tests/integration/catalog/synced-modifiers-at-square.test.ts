// Modifiers synced from Square's catalog go back to Square by their catalog id on the order Larder
// makes there (the mirror of a Larder order), at the price the customer was charged; Larder's own
// modifiers go by name. Through the real SDK against the simulator, paid by card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardToken, startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness();
  const { sql } = harness.database;
  await sql`update locations set square_location_id = ${harness.simulator.locationId}`;
  await sql`
    insert into settings (key, value) values ('catalog.source', ${sql.json("square")})
    on conflict (key) do update set value = excluded.value`;
  const sync = await import("~/catalog/catalog-sync.server");
  await sync.runCatalogSync({ mode: "full", trigger: "admin" });
});

afterAll(async () => {
  await harness?.stop();
});

async function placeWithModifiers(email: string, squareVariationId: string, squareModifierIds: string[], ownModifier?: number) {
  const { sql } = harness.database;
  const [{ id: cartId }] = await sql<{ id: string }[]>`insert into carts default values returning id`;
  const [{ id: variantId }] = await sql<{ id: number }[]>`select id from variants where square_variation_id = ${squareVariationId}`;
  const synced = await sql<{ id: number }[]>`select id from modifiers where square_modifier_id = any(${squareModifierIds}) order by id`;
  const modifierIds = [...synced.map(({ id }) => id), ...(ownModifier ? [ownModifier] : [])];
  await sql`select cart_add_item(${cartId}, ${variantId}, 2, ${modifierIds}::bigint[])`;
  const [{ slot }] = await sql<{ slot: Date }[]>`select pickup_slots(1) as slot limit 1`;
  const [order] = await sql<{ order_id: number }[]>`
    select order_id from place_order(${cartId}, gen_random_uuid(), 1, 'Ana', ${email}, '555 010 2030', ${slot})`;
  return order.order_id;
}

describe("an order with modifiers synced from Square", () => {
  it("is mirrored with each synced modifier's catalog id and its charged price", async () => {
    const orderId = await placeWithModifiers("synced-mirror@example.com", "VAR_BEEF_SINGLE", ["MOD_FRIED", "MOD_CHIMICHURRI"]);
    const { mirroredOrder } = await import("~/payments/square-order-mirror.server");
    const mirrored = await mirroredOrder(orderId);
    expect(mirrored.lineItems?.[0]).toMatchObject({ catalogObjectId: "VAR_BEEF_SINGLE", quantity: "2" });
    const modifiers = mirrored.lineItems?.[0].modifiers ?? [];
    expect(modifiers.map((modifier) => modifier.catalogObjectId).sort()).toEqual(["MOD_CHIMICHURRI", "MOD_FRIED"]);
    expect(modifiers.every((modifier) => modifier.name === undefined)).toBe(true);
    expect(modifiers.map((modifier) => Number(modifier.basePriceMoney?.amount)).sort()).toEqual([50, 75]);
  });

  it("is paid by card: Square's order carries the catalog ids, its names from the catalog, and totals Larder's", async () => {
    const orderId = await placeWithModifiers("synced-card@example.com", "VAR_BEEF_SINGLE", ["MOD_FRIED", "MOD_AJI"]);
    const outcome = await harness.modules.payments.startPayment(orderId, { sourceId: await cardToken(harness.simulator, "4111111111111111") });
    expect(outcome).toEqual({ kind: "paid" });
    const { sql } = harness.database;
    const [attempt] = await sql<{ squareOrderId: string }[]>`
      select square_order_id as "squareOrderId" from payment_attempts where order_id = ${orderId} and square_order_id is not null`;
    const { order } = await (await harness.modules.square.squareClient()).orders.get({ orderId: attempt.squareOrderId });
    const modifiers = order?.lineItems?.[0].modifiers ?? [];
    expect(modifiers.map((modifier) => [modifier.catalogObjectId, modifier.name]).sort()).toEqual([["MOD_AJI", "Ají picante"], ["MOD_FRIED", "Fried"]]);
    const [{ total_cents }] = await sql<{ total_cents: number }[]>`select total_cents from orders where id = ${orderId}`;
    expect(Number(order?.totalMoney?.amount)).toBe(total_cents);
  });

  it("sends a modifier Larder added itself by name, beside the synced ones", async () => {
    const { sql } = harness.database;
    const [{ listId }] = await sql<{ listId: number }[]>`
      select modifier_list_id as "listId" from modifiers where square_modifier_id = 'MOD_CHIMICHURRI'`;
    const [{ id: own }] = await sql<{ id: number }[]>`
      insert into modifiers (modifier_list_id, name, price_cents) values (${listId}, 'House salsa', 25) returning id`;
    const orderId = await placeWithModifiers("synced-own@example.com", "VAR_BEEF_SINGLE", ["MOD_BAKED"], own);
    const { mirroredOrder } = await import("~/payments/square-order-mirror.server");
    const modifiers = (await mirroredOrder(orderId)).lineItems?.[0].modifiers ?? [];
    expect(modifiers).toContainEqual({ name: "Dipping sauces: House salsa", basePriceMoney: { amount: 25n, currency: "USD" } });
    expect(modifiers).toContainEqual({ catalogObjectId: "MOD_BAKED", basePriceMoney: { amount: 0n, currency: "USD" } });
  });

  it("is refused by Square when a modifier is no longer in its catalog (deleted), rather than priced by name", async () => {
    const create = (await harness.modules.square.squareClient()).orders.create({
      idempotencyKey: `deleted-modifier-${Date.now()}`,
      order: {
        locationId: harness.simulator.locationId,
        lineItems: [{ catalogObjectId: "VAR_BEEF_SINGLE", quantity: "1", modifiers: [{ catalogObjectId: "MOD_GARLIC_MAYO" }] }],
      },
    });
    await expect(create).rejects.toMatchObject({ errors: [expect.objectContaining({ code: "NOT_FOUND", field: "order.line_items[0].modifiers[0].catalog_object_id" })] });
  });
});
