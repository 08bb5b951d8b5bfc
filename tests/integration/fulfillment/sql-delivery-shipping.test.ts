// Local delivery (zones by postal code, fee, minimum, windows with capacity) and shipping (only
// shippable items, a shipping day from shipping_days) through place_order, plus orders scheduled
// days ahead. The seeded location opens Monday to Saturday 08:00–20:00 and Sunday 09:00–15:00.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  cartWith,
  expectSqlError,
  lastShippingDay,
  latestSlot,
  locationId,
  outcomeOf,
  placeOrder,
  racingPool,
  rowCounts,
  seededVariants,
  setStock,
  stockOf,
  tally,
  TEST_ADDRESS,
  variantId,
  type AddressInput,
  type OrderInput,
  type Sql,
  withoutDemoPricing,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>> & { jar: number; chimichurri: number };
let downtown: number;

const LOCATION_DEFAULTS = {
  delivery_enabled: true,
  delivery_window_minutes: 60,
  delivery_lead_minutes: 60,
  delivery_days_ahead: 2,
  delivery_window_capacity: 4,
  shipping_enabled: true,
  shipping_flat_cents: 800,
  shipping_days_ahead: 7,
  pickup_days_ahead: 2,
  pickup_slot_capacity: 8,
};

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  await withoutDemoPricing(sql);
  location = await locationId(sql);
  // The instants below are written for a Pacific shop (the demo shop itself is in Chicago now).
  await sql`update locations set timezone = 'America/Los_Angeles' where id = ${location}`;
  v = {
    ...(await seededVariants(sql)),
    jar: await variantId(sql, "dulce-de-leche-jar", "12 oz"),
    chimichurri: await variantId(sql, "chimichurri", "8 oz"),
  };
  [{ id: downtown }] = await sql<{ id: number }[]>`
    insert into delivery_zones (location_id, name, fee_cents, minimum_cents) values (${location}, 'Downtown', 499, 2000) returning id`;
  const [{ id: retired }] = await sql<{ id: number }[]>`
    insert into delivery_zones (location_id, name, fee_cents, is_active) values (${location}, 'Old route', 0, false) returning id`;
  await sql`
    insert into delivery_zone_postal_codes (zone_id, location_id, postal_code) values
      (${downtown}, ${location}, '62701'), (${downtown}, ${location}, '62702'), (${downtown}, ${location}, 'SW1A 1AA'),
      (${retired}, ${location}, '62799')`;
  // Another location delivers to 60601; the shop's does not.
  const [{ id: other }] = await sql<{ id: number }[]>`
    insert into locations (name, slug, delivery_enabled) values ('Elsewhere', 'elsewhere', true) returning id`;
  const [{ id: otherZone }] = await sql<{ id: number }[]>`
    insert into delivery_zones (location_id, name) values (${other}, 'Their zone') returning id`;
  await sql`insert into delivery_zone_postal_codes (zone_id, location_id, postal_code) values (${otherZone}, ${other}, '60601')`;
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await sql`update locations set ${sql(LOCATION_DEFAULTS)} where id = ${location}`;
  await sql`delete from slot_reservations`;
  await sql`delete from location_closures`;
});

// Beef Criolla half dozen: $25.50, over Downtown's $20.00 minimum.
const deliveryCart = () => cartWith(sql, [[v.beefHalfDozen, 1]]);

function deliver(input: Omit<OrderInput, "location" | "fulfillment">, db: Sql = sql) {
  return placeOrder(db, { location, fulfillment: "delivery", ...input });
}

function ship(input: Omit<OrderInput, "location" | "fulfillment">, db: Sql = sql) {
  return placeOrder(db, { location, fulfillment: "shipping", ...input });
}

async function reservations() {
  return sql<{ kind: string; slot_at: Date; reserved: number; capacity: number }[]>`
    select kind, slot_at, reserved, capacity from slot_reservations where reserved > 0 order by kind, slot_at`;
}

const WRITTEN = ["orders", "order_items", "order_events"];

/** Asserts the attempt fails with code/column and changes no order rows, stock or reservations. */
async function expectRefusedUntouched(attempt: () => Promise<unknown>, code: string, column: string | undefined, message?: string) {
  await setStock(sql, v.jar, 40);
  const before = { rows: await rowCounts(sql, WRITTEN), reservations: await reservations() };
  const error = await expectSqlError(attempt(), code, column);
  if (message !== undefined) expect(error.message).toBe(message);
  expect({ rows: await rowCounts(sql, WRITTEN), reservations: await reservations() }).toEqual(before);
  expect(await stockOf(sql, v.jar)).toBe(40);
  return error;
}

describe("postal codes", () => {
  it.each([
    ["62701", "62701"],
    ["  62701 ", "62701"],
    ["sw1a 1aa", "SW1A 1AA"],
    [" sw1a \t  1aa\n", "SW1A 1AA"],
    ["k1a-0b1", "K1A-0B1"],
    ["", null],
    ["   ", null],
    [null, null],
  ])("normalises %j to %j", async (input, expected) => {
    const [{ code }] = await sql`select private.normalize_postal_code(${input}) as code`;
    expect(code).toBe(expected);
  });

  it("finds the zone of a code typed in any case and spacing", async () => {
    const [zone] = await sql`select (private.delivery_zone_for(${location}, ' sw1a   1aa ')).name as name`;
    expect(zone.name).toBe("Downtown");
  });

  it("stores a zone's codes as addresses are read: inner spaces kept, repeats dropped, a bad one refused by name", async () => {
    const [zone] = await sql<{ id: number }[]>`
      insert into delivery_zones (location_id, name, fee_cents, minimum_cents) values (${location}, 'Capital', 500, 0)
      returning id`;
    const storedCodes = async () =>
      (await sql<{ postal_code: string }[]>`
        select postal_code from delivery_zone_postal_codes where zone_id = ${zone.id} order by postal_code`).map((row) => row.postal_code);
    const [{ codes }] = await sql`
      select set_delivery_zone_postal_codes(${zone.id}, ${["k1a 0b1", " K1A \t 0B1", "k1p-1j9"]}::text[]) as codes`;
    expect(codes).toEqual(["K1A 0B1", "K1P-1J9"]);
    expect(await storedCodes()).toEqual(["K1A 0B1", "K1P-1J9"]);
    const [found] = await sql`select (private.delivery_zone_for(${location}, 'k1a   0b1')).name as name`;
    expect(found.name).toBe("Capital");

    const bad = await expectSqlError(sql`select set_delivery_zone_postal_codes(${zone.id}, ${["K1A 0B1", "6!"]}::text[])`, "LR422", "postalCodes");
    expect(bad.message).toBe('"6!" is not a postal code (3 to 10 letters, digits, spaces or dashes).');
    const none = await expectSqlError(sql`select set_delivery_zone_postal_codes(${zone.id}, ${[" ", ""]}::text[])`, "LR422", "postalCodes");
    expect(none.message).toBe("List at least one postal code.");
    expect(await storedCodes()).toEqual(["K1A 0B1", "K1P-1J9"]);
    await sql`delete from delivery_zones where id = ${zone.id}`;
  });

  it.each([
    ["a code in no zone", "90210", "Sorry, we don't deliver to 90210. Choose pickup, or check the postal code."],
    ["a code in an inactive zone", "62799", "Sorry, we don't deliver to 62799. Choose pickup, or check the postal code."],
    ["a code another location delivers to", "60601", "Sorry, we don't deliver to 60601. Choose pickup, or check the postal code."],
    ["no code", "  ", "Enter the postal code to deliver to."],
  ])("delivery_zone_for refuses %s (LR422 on addressPostalCode)", async (_label, code, message) => {
    const error = await expectSqlError(sql`select private.delivery_zone_for(${location}, ${code})`, "LR422", "addressPostalCode");
    expect(error.message).toBe(message);
  });
});

describe("delivery orders", () => {
  it("store the window, zone, fee and address, and take a place in the delivery window", async () => {
    const slot = await latestSlot(sql, location, "delivery");
    const placed = await deliver({
      cartId: await deliveryCart(), slotAt: slot,
      address: { ...TEST_ADDRESS, line1: "  5 Oak Lane ", line2: "  ", postalCode: " 62702 " },
    });
    const [order] = await sql`
      select fulfillment, pickup_at, delivery_at, ship_on, delivery_zone_id, address_line1, address_line2, address_city,
             address_region, address_postal_code, subtotal_cents, delivery_fee_cents, shipping_cents, total_cents
        from orders where id = ${placed.order_id}`;
    expect(order).toEqual({
      fulfillment: "delivery", pickup_at: null, delivery_at: slot, ship_on: null, delivery_zone_id: downtown,
      address_line1: "5 Oak Lane", address_line2: null, address_city: "Springfield", address_region: "IL",
      address_postal_code: "62702", subtotal_cents: 2550, delivery_fee_cents: 499, shipping_cents: 0, total_cents: 3049,
    });
    expect(await reservations()).toEqual([{ kind: "delivery", slot_at: slot, reserved: 1, capacity: 4 }]);
    const [event] = await sql`select message from order_events where order_id = ${placed.order_id}`;
    expect(event.message).toBe("Order placed for delivery");
  });

  it("accept exactly the zone's minimum and refuse less, saying both amounts (LR422 on fulfillment)", async () => {
    await deliver({ cartId: await cartWith(sql, [[v.horchata, 5]]) });
    await expectRefusedUntouched(
      async () => deliver({ cartId: await cartWith(sql, [[v.horchata, 4]]) }),
      "LR422",
      "fulfillment",
      "Delivery to Downtown needs an order of at least $20.00 before fees (yours is $16.00).",
    );
  });

  it("refuse an address outside every zone (LR422 on addressPostalCode) and take nothing", async () => {
    const cartId = await cartWith(sql, [[v.beefHalfDozen, 1], [v.jar, 2]]);
    await expectRefusedUntouched(
      () => deliver({ cartId, address: { ...TEST_ADDRESS, postalCode: "90210" } }),
      "LR422",
      "addressPostalCode",
    );
    await expectRefusedUntouched(
      () => deliver({ cartId, address: { ...TEST_ADDRESS, postalCode: "62799" } }),
      "LR422",
      "addressPostalCode",
    );
    const [cart] = await sql`select checked_out_at from carts where id = ${cartId}`;
    expect(cart.checked_out_at).toBeNull();
  });

  it.each<[string, AddressInput | null, string]>([
    ["no address at all", null, "addressLine1"],
    ["no street", { ...TEST_ADDRESS, line1: "  " }, "addressLine1"],
    ["a street over 200 characters", { ...TEST_ADDRESS, line1: "x".repeat(201) }, "addressLine1"],
    ["a second line over 200 characters", { ...TEST_ADDRESS, line2: "x".repeat(201) }, "addressLine2"],
    ["no postal code", { ...TEST_ADDRESS, postalCode: null }, "addressPostalCode"],
    ["a postal code that is not one", { ...TEST_ADDRESS, postalCode: "62701!" }, "addressPostalCode"],
  ])("refuse %s (LR422 on that field) and take nothing", async (_label, address, column) => {
    const cartId = await cartWith(sql, [[v.beefHalfDozen, 1], [v.jar, 1]]);
    await expectRefusedUntouched(() => deliver({ cartId, address }), "LR422", column);
  });

  it("match a postal code pasted with tabs or a line break around it", async () => {
    const placed = await deliver({ cartId: await deliveryCart(), address: { ...TEST_ADDRESS, postalCode: "\t62702\n" } });
    const [order] = await sql`select address_postal_code, delivery_zone_id from orders where id = ${placed.order_id}`;
    expect(order).toEqual({ address_postal_code: "62702", delivery_zone_id: downtown });
  });

  it("need no city or region", async () => {
    const placed = await deliver({ cartId: await deliveryCart(), address: { line1: "1 Short St", postalCode: "62701" } });
    expect(placed.already_placed).toBe(false);
  });

  it("are refused while delivery is switched off (LR409 on fulfillment), and no windows are offered", async () => {
    const slot = await latestSlot(sql, location, "delivery");
    await sql`update locations set delivery_enabled = false where id = ${location}`;
    const [{ count }] = await sql`select count(*)::int as count from fulfillment_slots(${location}, 'delivery')`;
    expect(count).toBe(0);
    const cartId = await deliveryCart();
    await expectRefusedUntouched(() => deliver({ cartId, slotAt: slot }), "LR409", "fulfillment",
      "We are not delivering at the moment. Choose pickup.");
  });

  it("refuse a time off the delivery grid, though it is a pickup slot (LR409 on deliveryAt)", async () => {
    const [{ slot }] = await sql<{ slot: Date }[]>`
      select max(s) as slot from fulfillment_slots(${location}, 'pickup') s where extract(minute from s) = 15`;
    const cartId = await deliveryCart();
    await expectRefusedUntouched(() => deliver({ cartId, slotAt: slot }), "LR409", "deliveryAt",
      "Choose one of the delivery times shown.");
    await expectRefusedUntouched(() => deliver({ cartId, slotAt: null }), "LR409", "deliveryAt");
  });

  it("keep delivery windows and pickup slots apart: a full window leaves the pickup slot at that time open", async () => {
    await sql`update locations set delivery_window_capacity = 1 where id = ${location}`;
    const slot = await latestSlot(sql, location, "delivery");
    await deliver({ cartId: await deliveryCart(), slotAt: slot });
    const offered = async (kind: string) =>
      (await sql<{ s: Date }[]>`select s from fulfillment_slots(${location}, ${kind}) s`).map((row) => row.s.getTime());
    expect(await offered("delivery")).not.toContain(slot.getTime());
    expect(await offered("pickup")).toContain(slot.getTime());
    await expectRefusedUntouched(async () => deliver({ cartId: await deliveryCart(), slotAt: slot }), "LR409", "deliveryAt",
      "That delivery window just filled up. Please choose another.");
    await placeOrder(sql, { cartId: await deliveryCart(), location, pickupAt: slot });
  });

  it("give the window back when the unpaid order expires", async () => {
    await sql`update locations set delivery_window_capacity = 1 where id = ${location}`;
    const slot = await latestSlot(sql, location, "delivery");
    const placed = await deliver({ cartId: await deliveryCart(), slotAt: slot });
    await sql`select expire_unpaid_order(${placed.order_id}, 'test')`;
    expect(await reservations()).toEqual([]);
    await deliver({ cartId: await deliveryCart(), slotAt: slot });
  });

  it("gives 30 buyers racing for a window of capacity 3 exactly 3 orders", async () => {
    await sql`update locations set delivery_window_capacity = 3 where id = ${location}`;
    const slot = await latestSlot(sql, location, "delivery");
    const carts = await Promise.all(Array.from({ length: 30 }, () => deliveryCart()));
    const racers = racingPool(database.url);
    let outcomes: string[];
    try {
      outcomes = await Promise.all(carts.map((cartId) => outcomeOf(deliver({ cartId, slotAt: slot }, racers))));
    } finally {
      await racers.end();
    }
    expect(tally(outcomes)).toEqual({ placed: 3, "LR409:deliveryAt": 27 });
    expect(await reservations()).toEqual([{ kind: "delivery", slot_at: slot, reserved: 3, capacity: 3 }]);
    const [{ orders }] = await sql`
      select count(*)::int as orders from orders where delivery_at = ${slot} and cart_id in ${sql(carts)}`;
    expect(orders).toBe(3);
  });
});

describe("delivery windows", () => {
  async function windows(now: string) {
    const rows = await sql<{ utc: string; local: string }[]>`
      select to_char(s at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as utc,
             to_char(s at time zone 'America/Los_Angeles', 'Dy YYYY-MM-DD HH24:MI') as local
        from fulfillment_slots(${location}, 'delivery', ${now}::timestamptz) s`;
    return rows;
  }

  it("follow the local opening hours across the spring-forward change, on the window grid", async () => {
    // 01:00 PST on Sunday 8 March 2026; the clocks go forward at 02:00.
    const list = await windows("2026-03-08 09:00:00+00");
    expect(list.filter((w) => w.local.startsWith("Sun")).map((w) => w.local.slice(-5)))
      .toEqual(["09:00", "10:00", "11:00", "12:00", "13:00", "14:00"]);
    expect(list.filter((w) => w.local.startsWith("Mon")).map((w) => w.local.slice(-5)))
      .toEqual(["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00"]);
    expect(list[0].utc).toBe("2026-03-08T16:00Z"); // 09:00 PDT
    expect(list.find((w) => w.local.startsWith("Mon"))?.utc).toBe("2026-03-09T15:00Z");
    expect(new Set(list.map((w) => w.local.slice(4, 14)))).toEqual(new Set(["2026-03-08", "2026-03-09", "2026-03-10"]));
  });

  it("follow the local opening hours across the fall-back change", async () => {
    await sql`update locations set delivery_days_ahead = 0 where id = ${location}`;
    const list = await windows("2026-11-01 07:00:00+00"); // midnight PDT, Sunday 1 November 2026
    expect(list.map((w) => w.local.slice(-5))).toEqual(["09:00", "10:00", "11:00", "12:00", "13:00", "14:00"]);
    expect(list[0].utc).toBe("2026-11-01T17:00Z"); // 09:00 PST
  });

  it("use the window length as the grid and the delivery lead time, not the pickup ones", async () => {
    await sql`update locations set delivery_window_minutes = 90, delivery_lead_minutes = 120, delivery_days_ahead = 0 where id = ${location}`;
    const list = await windows("2026-06-15 16:00:00+00"); // Monday 09:00 PDT
    expect(list.map((w) => w.local.slice(-5))).toEqual(["11:00", "12:30", "14:00", "15:30", "17:00", "18:30"]);
  });

  it("skip closed days", async () => {
    await sql`insert into location_closures (location_id, closed_on, reason) values (${location}, '2026-06-16', 'Inventory')`;
    const list = await windows("2026-06-15 12:00:00+00");
    expect([...new Set(list.map((w) => w.local.slice(4, 14)))]).toEqual(["2026-06-15", "2026-06-17"]);
  });
});

describe("shipping orders", () => {
  it("ship only shippable items: the day, the flat rate and the full address, with no slot taken", async () => {
    await setStock(sql, v.jar, 40);
    const day = await lastShippingDay(sql, location);
    const placed = await ship({ cartId: await cartWith(sql, [[v.jar, 2], [v.chimichurri, 1]]), shipOn: day });
    const [order] = await sql`
      select fulfillment, pickup_at, delivery_at, ship_on::text as ship_on, delivery_zone_id, address_line1, address_city,
             address_region, address_postal_code, subtotal_cents, delivery_fee_cents, shipping_cents, total_cents
        from orders where id = ${placed.order_id}`;
    expect(order).toEqual({
      fulfillment: "shipping", pickup_at: null, delivery_at: null, ship_on: day, delivery_zone_id: null,
      address_line1: "18 Elm Street", address_city: "Springfield", address_region: "IL", address_postal_code: "62701",
      subtotal_cents: 2700, delivery_fee_cents: 0, shipping_cents: 800, total_cents: 3500,
    });
    expect(await reservations()).toEqual([]);
    expect(await stockOf(sql, v.jar)).toBe(38);
  });

  it("gives a shipped order's stock back when it expires unpaid", async () => {
    await setStock(sql, v.jar, 40);
    const placed = await ship({ cartId: await cartWith(sql, [[v.jar, 3]]) });
    expect(await stockOf(sql, v.jar)).toBe(37);
    const [{ expired }] = await sql`select expire_unpaid_order(${placed.order_id}, 'test') as expired`;
    expect(expired).toBe(true);
    expect(await stockOf(sql, v.jar)).toBe(40);
    expect(await reservations()).toEqual([]);
  });

  it("refuses a cart with an item that cannot be shipped, naming it (LR422 on fulfillment)", async () => {
    const cartId = await cartWith(sql, [[v.jar, 1], [v.beefSingle, 2]]);
    await expectRefusedUntouched(() => ship({ cartId }), "LR422", "fulfillment",
      "Beef Criolla cannot be shipped. Choose pickup or delivery, or remove it from your cart.");
  });

  it("ships to any postal code: zones are for delivery", async () => {
    const placed = await ship({ cartId: await cartWith(sql, [[v.chimichurri, 1]]), address: { ...TEST_ADDRESS, postalCode: "90210" } });
    expect(placed.already_placed).toBe(false);
  });

  it.each<[string, AddressInput, string]>([
    ["no city", { ...TEST_ADDRESS, city: " " }, "addressCity"],
    ["no region", { ...TEST_ADDRESS, region: null }, "addressRegion"],
    ["no street", { ...TEST_ADDRESS, line1: null }, "addressLine1"],
    ["no postal code", { ...TEST_ADDRESS, postalCode: "" }, "addressPostalCode"],
  ])("refuses an address with %s (LR422 on that field)", async (_label, address, column) => {
    const cartId = await cartWith(sql, [[v.jar, 1]]);
    await expectRefusedUntouched(() => ship({ cartId, address }), "LR422", column);
  });

  async function today(): Promise<string> {
    const [{ day }] = await sql<{ day: string }[]>`
      select (now() at time zone timezone)::date::text as day from locations where id = ${location}`;
    return day;
  }

  async function plusDays(day: string, days: number): Promise<string> {
    const [{ later }] = await sql<{ later: string }[]>`select (${day}::date + ${days}::int)::text as later`;
    return later;
  }

  it("takes a day from tomorrow up to shipping_days_ahead, and refuses today and beyond (LR422 on shipOn)", async () => {
    await sql`update locations set shipping_days_ahead = 3 where id = ${location}`;
    const start = await today();
    const [{ days }] = await sql<{ days: string[] }[]>`
      select array_agg(d::text order by d) as days from shipping_days(${location}) d`;
    expect(days).toEqual([await plusDays(start, 1), await plusDays(start, 2), await plusDays(start, 3)]);
    const cartId = await cartWith(sql, [[v.jar, 1]]);
    for (const shipOn of [start, await plusDays(start, 4), await plusDays(start, -1)]) {
      await expectRefusedUntouched(() => ship({ cartId, shipOn }), "LR422", "shipOn", "Choose one of the shipping days shown.");
    }
    await expectRefusedUntouched(() => ship({ cartId, shipOn: null }), "LR422", "shipOn");
    await ship({ cartId, shipOn: await plusDays(start, 3) });
  });

  it("refuses a closed day", async () => {
    const day = await lastShippingDay(sql, location);
    await sql`insert into location_closures (location_id, closed_on, reason) values (${location}, ${day}, 'Holiday')`;
    const cartId = await cartWith(sql, [[v.jar, 1]]);
    await expectRefusedUntouched(() => ship({ cartId, shipOn: day }), "LR422", "shipOn");
  });

  it("are refused while shipping is switched off (LR409 on fulfillment)", async () => {
    const day = await lastShippingDay(sql, location);
    await sql`update locations set shipping_enabled = false where id = ${location}`;
    const cartId = await cartWith(sql, [[v.jar, 1]]);
    await expectRefusedUntouched(() => ship({ cartId, shipOn: day }), "LR409", "fulfillment",
      "We are not shipping orders at the moment. Choose pickup.");
  });

  it("shipping_days reads the calendar in the location's time zone, skipping closed days and days without hours", async () => {
    await sql`update locations set shipping_days_ahead = 4 where id = ${location}`;
    // 22:00 on Saturday 13 June in Los Angeles (05:00 UTC on the 14th).
    const days = async () =>
      (await sql<{ d: string }[]>`select d::text as d from shipping_days(${location}, '2026-06-14 05:00:00+00') d`).map((row) => row.d);
    expect(await days()).toEqual(["2026-06-14", "2026-06-15", "2026-06-16", "2026-06-17"]);
    await sql`insert into location_closures (location_id, closed_on, reason) values (${location}, '2026-06-16', 'Holiday')`;
    await sql`delete from location_hours where location_id = ${location} and weekday = 0`;
    try {
      expect(await days()).toEqual(["2026-06-15", "2026-06-17"]);
    } finally {
      await sql`insert into location_hours (location_id, weekday, opens_at, closes_at) values (${location}, 0, '09:00', '15:00')`;
    }
  });
});

describe("fulfillment", () => {
  it("refuses a kind that does not exist (LR422 on fulfillment)", async () => {
    const cartId = await deliveryCart();
    await expectRefusedUntouched(
      () => sql`select * from place_order(${cartId}, gen_random_uuid(), ${location}, 'Ana', 'ana@example.com',
                                          '555 010 2030', null, 'drone')`,
      "LR422",
      "fulfillment",
    );
  });
});

describe("orders scheduled days ahead", () => {
  async function lastLocalDay(kind: "pickup" | "delivery") {
    const slot = await latestSlot(sql, location, kind);
    const [{ day, today }] = await sql<{ day: string; today: string }[]>`
      select (${slot}::timestamptz at time zone timezone)::date::text as day,
             (now() at time zone timezone)::date::text as today
        from locations where id = ${location}`;
    return { slot, day, today };
  }

  it("take a pickup slot pickup_days_ahead days away and refuse the same time a day later (LR409 on pickupAt)", async () => {
    await sql`update locations set pickup_days_ahead = 3 where id = ${location}`;
    const { slot, day, today } = await lastLocalDay("pickup");
    const [{ ahead }] = await sql`select ${day}::date - ${today}::date as ahead`;
    expect(ahead).toBe(3);
    const later = new Date(slot.getTime() + 86_400_000);
    await expectRefusedUntouched(async () => placeOrder(sql, { cartId: await deliveryCart(), location, pickupAt: later }), "LR409", "pickupAt");
    const placed = await placeOrder(sql, { cartId: await deliveryCart(), location, pickupAt: slot });
    const [order] = await sql`select pickup_at from orders where id = ${placed.order_id}`;
    expect(order.pickup_at).toEqual(slot);
  });

  it("take a delivery window delivery_days_ahead days away and refuse one beyond (LR409 on deliveryAt)", async () => {
    await sql`update locations set delivery_days_ahead = 4 where id = ${location}`;
    const { slot, day, today } = await lastLocalDay("delivery");
    const [{ ahead }] = await sql`select ${day}::date - ${today}::date as ahead`;
    expect(ahead).toBe(4);
    await sql`update locations set delivery_days_ahead = 3 where id = ${location}`;
    await expectRefusedUntouched(async () => deliver({ cartId: await deliveryCart(), slotAt: slot }), "LR409", "deliveryAt");
    await sql`update locations set delivery_days_ahead = 4 where id = ${location}`;
    await deliver({ cartId: await deliveryCart(), slotAt: slot });
  });
});
