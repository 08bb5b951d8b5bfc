// Daily item limits: place_order reserves against them in its transaction (per day and per slot,
// per variation and per product), a refusal names the item and the day and takes nothing, expiry,
// cancellation and staff corrections give back or move what an order held, a limit cannot be set
// below what is sold, the checkout offers only the times a cart fits, and racing buyers on real
// connections sell exactly the limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  cartWith,
  expectSqlError,
  locationId,
  outcomeOf,
  placeOrder,
  racingPool,
  rowCounts,
  seededVariants,
  setStock,
  stockOf,
  tally,
  type Sql,
  variantId,
  withoutDemoPricing,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>>;
let beefProduct: number;
let staffId: number;
/** The last two fulfilment days offered for pickup, in order, each with two of its (latest) slots. */
let dayA: { day: string; label: string; slots: [Date, Date] };
let dayB: { day: string; label: string; slots: [Date, Date] };

const FULL_TABLES = ["orders", "order_items", "slot_reservations", "daily_limit_uses", "promo_redemptions"];

async function pickupDays() {
  const rows = await sql<{ day: string; label: string; slots: Date[] }[]>`
    select d::text as day, to_char(d, 'FMDay, Mon FMDD') as label, array_agg(s order by s desc) as slots
      from (select s, private.fulfillment_day(${location}, s, null) as d from fulfillment_slots(${location}, 'pickup') s) x
     group by d order by d desc limit 2`;
  return rows.reverse().map((row) => ({ day: row.day, label: row.label, slots: [row.slots[0], row.slots[1]] as [Date, Date] }));
}

async function setLimit(target: { productId?: number; variantId?: number }, perDay: number | null, perSlot: number | null = null) {
  const [row] = await sql<{ before: unknown; after: unknown }[]>`
    select * from set_daily_limit(${target.productId ?? null}::bigint, ${target.variantId ?? null}::bigint, ${perDay}::int, ${perSlot}::int)`;
  return row;
}

async function usedOn(target: { productId?: number; variantId?: number }, day: string, slotAt: Date | null = null) {
  const [row] = await sql<{ used: number }[]>`
    select u.used from daily_limit_uses u join daily_limits dl on dl.id = u.limit_id
     where (dl.product_id = ${target.productId ?? null} or dl.variant_id = ${target.variantId ?? null})
       and u.location_id = ${location} and u.day = ${day}::date and u.slot_at is not distinct from ${slotAt}::timestamptz`;
  return row?.used ?? 0;
}

async function order(lines: [variant: number, quantity: number][], slotAt: Date) {
  const cartId = await cartWith(sql, lines);
  return { cartId, placed: await placeOrder(sql, { cartId, location, slotAt }) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  await withoutDemoPricing(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
  await sql`update locations set pickup_slot_capacity = 1000, pickup_days_ahead = 3 where id = ${location}`;
  [{ id: beefProduct }] = await sql<{ id: number }[]>`select id from products where slug = 'beef-criolla'`;
  [{ id: staffId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('limits@example.com', 'Till', 'x', 'staff') returning id`;
  [dayA, dayB] = await pickupDays();
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await sql`delete from daily_limits`;
  await sql`update orders set state = 'cancelled' where state <> 'cancelled'`;
  await setStock(sql, v.beefHalfDozen, null);
  await setStock(sql, v.beefSingle, null);
});

describe("a variation's limit per day", () => {
  it("sells up to the limit, then refuses naming the item and the day, with nothing taken", async () => {
    await setLimit({ variantId: v.beefHalfDozen }, 5);
    await setStock(sql, v.beefHalfDozen, 50);
    await order([[v.beefHalfDozen, 3]], dayA.slots[0]);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(3);

    const cartId = await cartWith(sql, [[v.beefHalfDozen, 3]]);
    const before = await rowCounts(sql, FULL_TABLES);
    const error = await expectSqlError(placeOrder(sql, { cartId, location, slotAt: dayA.slots[1] }), "LR409", "pickupAt");
    expect(error.message).toBe(`Only 2 Beef Criolla (Half dozen) left for ${dayA.label}. Change the quantity or choose another day.`);
    expect(await rowCounts(sql, FULL_TABLES)).toEqual(before);
    expect(await sql`select 1 from slot_reservations where slot_at = ${dayA.slots[1]}`).toHaveLength(0);
    expect(await stockOf(sql, v.beefHalfDozen)).toBe(47);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(3);
    const [{ open }] = await sql<{ open: boolean }[]>`select checked_out_at is null as open from carts where id = ${cartId}`;
    expect(open).toBe(true);

    // Another day has its own five; the exact remainder still fits the first day.
    await order([[v.beefHalfDozen, 3]], dayB.slots[0]);
    await order([[v.beefHalfDozen, 2]], dayA.slots[1]);
    const soldOut = await expectSqlError(order([[v.beefHalfDozen, 1]], dayA.slots[0]), "LR409", "pickupAt");
    expect(soldOut.message).toBe(`Beef Criolla (Half dozen) is sold out for ${dayA.label}. Choose another day.`);
    // Other variations of the product are not limited by it.
    await order([[v.beefSingle, 4]], dayA.slots[0]);
  });
});

describe("a product's limit", () => {
  it("sums its variations, and holds beside a variation's own limit", async () => {
    await setLimit({ productId: beefProduct }, 6);
    await setLimit({ variantId: v.beefHalfDozen }, 2);
    await order([[v.beefSingle, 3], [v.beefHalfDozen, 2]], dayA.slots[0]);
    expect(await usedOn({ productId: beefProduct }, dayA.day)).toBe(5);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(2);

    const product = await expectSqlError(order([[v.beefSingle, 2]], dayA.slots[0]), "LR409", "pickupAt");
    expect(product.message).toBe(`Only 1 Beef Criolla left for ${dayA.label}. Change the quantity or choose another day.`);
    const variation = await expectSqlError(order([[v.beefHalfDozen, 1]], dayA.slots[0]), "LR409", "pickupAt");
    expect(variation.message).toBe(`Beef Criolla (Half dozen) is sold out for ${dayA.label}. Choose another day.`);
    expect(await usedOn({ productId: beefProduct }, dayA.day)).toBe(5);
    await order([[v.beefSingle, 1], [v.horchata, 5]], dayA.slots[0]);
    expect(await usedOn({ productId: beefProduct }, dayA.day)).toBe(6);
  });
});

describe("a limit per slot", () => {
  it("caps one pickup time and leaves the day's other times open", async () => {
    await setLimit({ variantId: v.beefHalfDozen }, 10, 2);
    await order([[v.beefHalfDozen, 2]], dayA.slots[0]);
    const full = await expectSqlError(order([[v.beefHalfDozen, 1]], dayA.slots[0]), "LR409", "pickupAt");
    const [{ time }] = await sql<{ time: string }[]>`
      select to_char(${dayA.slots[0]}::timestamptz at time zone timezone, 'FMHH12:MI am') as time from locations where id = ${location}`;
    expect(full.message).toBe(`Beef Criolla (Half dozen) is sold out for ${time} on ${dayA.label}. Choose another time.`);
    await order([[v.beefHalfDozen, 2]], dayA.slots[1]);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(4);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day, dayA.slots[0])).toBe(2);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day, dayA.slots[1])).toBe(2);
  });
});

describe("what an order gives back", () => {
  it("expiry and cancellation give the day and the slot back", async () => {
    await setLimit({ variantId: v.beefHalfDozen }, 5, 5);
    const first = await order([[v.beefHalfDozen, 3]], dayA.slots[0]);
    const second = await order([[v.beefHalfDozen, 2]], dayA.slots[0]);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(5);

    await sql`select expire_unpaid_order(${first.placed.order_id}, 'Not paid in time.')`;
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(2);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day, dayA.slots[0])).toBe(2);
    await sql`select cancel_unpaid_order(${second.placed.order_id}, 'Customer called to cancel.')`;
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(0);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day, dayA.slots[0])).toBe(0);
    // An expired order expiring again gives nothing back twice.
    await sql`select expire_unpaid_order(${first.placed.order_id}, 'Again.')`;
    await order([[v.beefHalfDozen, 4]], dayA.slots[0]);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(4);
  });

  it("staff correcting an unpaid order move its use from the old items to the new", async () => {
    await setLimit({ variantId: v.beefHalfDozen }, 5);
    const { placed } = await order([[v.beefHalfDozen, 3]], dayA.slots[0]);
    await order([[v.beefHalfDozen, 1]], dayA.slots[0]);

    const revise = async (lines: [number, number][]) => {
      const [{ cart }] = await sql<{ cart: string }[]>`select order_revision_cart(${placed.order_id}) as cart`;
      await sql`delete from cart_items where cart_id = ${cart}`;
      for (const [variant, quantity] of lines) await sql`select cart_add_item(${cart}, ${variant}, ${quantity})`;
      return sql`select revise_unpaid_order(${placed.order_id}, ${cart}, ${staffId})`;
    };
    await revise([[v.beefHalfDozen, 4]]);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(5);
    const refused = await expectSqlError(revise([[v.beefHalfDozen, 5]]), "LR409");
    // What this order may hold: the 4 it has and nothing more.
    expect(refused.message).toBe(`Only 4 Beef Criolla (Half dozen) left for ${dayA.label}. Change the quantity or choose another day.`);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(5);
    await revise([[v.beefSingle, 2]]);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(1);
  });
});

describe("changing a limit", () => {
  it("counts what was sold before it existed, refuses a limit below what is sold, and never cancels orders", async () => {
    await order([[v.beefHalfDozen, 4]], dayA.slots[0]);
    await order([[v.beefHalfDozen, 3]], dayA.slots[1]);
    await order([[v.beefHalfDozen, 2]], dayB.slots[0]);

    const refused = await expectSqlError(setLimit({ variantId: v.beefHalfDozen }, 6), "LR409", "perDay");
    expect(refused.message).toBe(`Already 7 sold for ${dayA.label}: the limit cannot be below 7.`);
    expect(await sql`select 1 from daily_limits`).toHaveLength(0);

    const set = await setLimit({ variantId: v.beefHalfDozen }, 7);
    expect(set).toEqual({ before: null, after: { per_day: 7, per_slot: null } });
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(7);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayB.day)).toBe(2);
    await expectSqlError(order([[v.beefHalfDozen, 1]], dayA.slots[0]), "LR409", "pickupAt");

    const perSlot = await expectSqlError(setLimit({ variantId: v.beefHalfDozen }, 10, 3), "LR409", "perSlot");
    expect(perSlot.message).toMatch(new RegExp(`^Already 4 sold for .+ on ${dayA.label}: the limit per time cannot be below 4\\.$`));
    await setLimit({ variantId: v.beefHalfDozen }, 10, 4);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day, dayA.slots[0])).toBe(4);
    await setLimit({ variantId: v.beefHalfDozen }, 10);
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day, dayA.slots[0])).toBe(0);

    const [{ standing }] = await sql<{ standing: number }[]>`select count(*)::int as standing from orders where state = 'pending_payment'`;
    expect(standing).toBe(3);
    const removed = await setLimit({ variantId: v.beefHalfDozen }, null, null);
    expect(removed).toEqual({ before: { per_day: 10, per_slot: null }, after: null });
    expect(await rowCounts(sql, ["daily_limits", "daily_limit_uses"])).toEqual({ daily_limits: 0, daily_limit_uses: 0 });
    await order([[v.beefHalfDozen, 20]], dayA.slots[0]);
  });

  it("refuses a negative number and an item that does not exist", async () => {
    await expectSqlError(setLimit({ variantId: v.beefHalfDozen }, -1), "LR422", "perDay");
    await expectSqlError(setLimit({ variantId: v.beefHalfDozen }, 3, -2), "LR422", "perSlot");
    await expectSqlError(setLimit({ variantId: 987654321 }, 3), "LR404");
    await expectSqlError(setLimit({}, 3), "LR422");
  });
});

describe("what the storefront offers", () => {
  it("offers only the times and days the cart fits, and says what is left", async () => {
    await setLimit({ variantId: v.beefHalfDozen }, 3);
    await order([[v.beefHalfDozen, 3]], dayA.slots[0]);
    const cartId = await cartWith(sql, [[v.beefHalfDozen, 1]]);
    const offered = await sql<{ s: Date }[]>`select s from cart_slots(${cartId}, ${location}, 'pickup') s`;
    const offeredDays = new Set(
      (await sql<{ d: string }[]>`select distinct private.fulfillment_day(${location}, s, null)::text as d from cart_slots(${cartId}, ${location}, 'pickup') s`)
        .map((row) => row.d),
    );
    expect(offeredDays.has(dayA.day)).toBe(false);
    expect(offeredDays.has(dayB.day)).toBe(true);
    expect(offered.some(({ s }) => s.getTime() === dayB.slots[0].getTime())).toBe(true);

    const other = await cartWith(sql, [[v.beefSingle, 1]]);
    const [{ all }] = await sql<{ all: number }[]>`select count(*)::int as all from fulfillment_slots(${location}, 'pickup')`;
    const [{ fits }] = await sql<{ fits: number }[]>`select count(*)::int as fits from cart_slots(${other}, ${location}, 'pickup')`;
    expect(fits).toBe(all);

    const notes = await sql<{ variant_id: number; day: string; items_left: number; next_day: string | null }[]>`
      select variant_id, day::text, items_left, next_day::text from daily_limit_notes(${location}) where product_id = ${beefProduct}`;
    expect(notes).toEqual([{ variant_id: v.beefHalfDozen, day: dayA.day, items_left: 0, next_day: dayB.day }]);

    await sql`select expire_unpaid_order(id, 'test') from orders where state = 'pending_payment'`;
    await order([[v.beefHalfDozen, 1]], dayA.slots[0]);
    const [note] = await sql`select items_left, next_day from daily_limit_notes(${location}) where variant_id = ${v.beefHalfDozen}`;
    expect(note).toEqual({ items_left: 2, next_day: expect.any(Date) });
  });

  it("shipping days follow the same limits", async () => {
    await sql`update locations set shipping_enabled = true where id = ${location}`;
    const chimichurri = await variantId(sql, "chimichurri", "8 oz");
    try {
      const [{ day }] = await sql<{ day: string }[]>`select max(d)::text as day from shipping_days(${location}) d`;
      await setLimit({ variantId: chimichurri }, 2);
      const cartId = await cartWith(sql, [[chimichurri, 2]]);
      await placeOrder(sql, { cartId, location, fulfillment: "shipping", shipOn: day });
      const next = await cartWith(sql, [[chimichurri, 1]]);
      const days = (await sql<{ d: string }[]>`select d::text from cart_shipping_days(${next}, ${location}) d`).map((row) => row.d);
      expect(days).not.toContain(day);
      expect(days.length).toBeGreaterThan(0);
      await expectSqlError(placeOrder(sql, { cartId: next, location, fulfillment: "shipping", shipOn: day }), "LR409", "shipOn");
    } finally {
      await sql`update locations set shipping_enabled = false where id = ${location}`;
    }
  });
});

describe("racing buyers", () => {
  it("200 buyers on concurrent connections for the last 5 sell exactly 5", async () => {
    await setLimit({ variantId: v.beefHalfDozen }, 5);
    const carts = await Promise.all(Array.from({ length: 200 }, () => cartWith(sql, [[v.beefHalfDozen, 1]])));
    const racers = racingPool(database.url);
    let outcomes: string[];
    try {
      outcomes = await Promise.all(
        carts.map((cartId, i) => outcomeOf(placeOrder(racers, { cartId, location, slotAt: dayA.slots[i % 2] }))),
      );
    } finally {
      await racers.end();
    }
    expect(tally(outcomes)).toEqual({ placed: 5, "LR409:pickupAt": 195 });
    expect(await usedOn({ variantId: v.beefHalfDozen }, dayA.day)).toBe(5);
    const [{ sold }] = await sql<{ sold: number }[]>`
      select coalesce(sum(oi.quantity), 0)::int as sold from order_items oi join orders o on o.id = oi.order_id
       where oi.variant_id = ${v.beefHalfDozen} and o.state <> 'cancelled'`;
    expect(sold).toBe(5);
  });
});
