// Pickup slot capacity, enforced by the database: a full slot is not offered, racing buyers get
// exactly its capacity in orders, closed days and per-day hours are honoured, and an expired order
// gives its place back.
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bigintAsNumber } from "../../../db/postgres-types";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { cartWith, expectSqlError, locationId, placeOrder, seededVariants, setStock, sqlError, stockOf, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  // The times below are written for a Pacific shop (the demo shop itself is in Chicago now).
  await sql`update locations set timezone = 'America/Los_Angeles' where id = ${location}`;
  v = await seededVariants(sql);
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await sql`update locations set pickup_slot_capacity = 8, pickup_lead_minutes = 20, pickup_days_ahead = 2 where id = ${location}`;
  await sql`delete from location_closures`;
});

async function slots(now?: string): Promise<string[]> {
  const rows = now
    ? await sql<{ slot: Date }[]>`select pickup_slots(${location}, ${now}::timestamptz) as slot`
    : await sql<{ slot: Date }[]>`select pickup_slots(${location}) as slot`;
  return rows.map((row) => row.slot.toISOString());
}

async function reserved(slot: string): Promise<number> {
  const [row] = await sql<{ reserved: number }[]>`
    select reserved from slot_reservations where location_id = ${location} and slot_at = ${slot}`;
  return row?.reserved ?? 0;
}

describe("pickup slot capacity", () => {
  it("stops offering a slot once it is full", async () => {
    await sql`update locations set pickup_slot_capacity = 2 where id = ${location}`;
    const [first, second] = await slots();
    for (let i = 0; i < 2; i++) await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, pickupAt: first });
    expect(await reserved(first)).toBe(2);
    const offered = await slots();
    expect(offered).not.toContain(first);
    expect(offered[0]).toBe(second);
    await expectSqlError(placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, pickupAt: first }), "LR409", "pickupAt");
  });

  it("follows the location's current capacity, for slots already booked too", async () => {
    const slot = (await slots()).at(-2)!;
    for (let i = 0; i < 3; i++) await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, pickupAt: slot });
    // The owner lowers orders per slot below what is booked: the bookings stay, the slot closes.
    await sql`update locations set pickup_slot_capacity = 2 where id = ${location}`;
    expect(await slots()).not.toContain(slot);
    await expectSqlError(placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, pickupAt: slot }), "LR409", "pickupAt");
    expect(await reserved(slot)).toBe(3);
    // Raised again, it has room at once, up to the new capacity.
    await sql`update locations set pickup_slot_capacity = 4 where id = ${location}`;
    expect(await slots()).toContain(slot);
    await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, pickupAt: slot });
    expect(await reserved(slot)).toBe(4);
    expect(await slots()).not.toContain(slot);
  });

  it("gives 200 buyers racing for a slot exactly its capacity in orders", async () => {
    await sql`update locations set pickup_slot_capacity = 5 where id = ${location}`;
    const slot = (await slots()).at(-1)!;
    const carts = await Promise.all(Array.from({ length: 200 }, () => cartWith(sql, [[v.horchata, 1]])));
    const racers = postgres(database.url, { max: 40, onnotice: () => {}, types: bigintAsNumber });
    try {
      const results = await Promise.all(
        carts.map((cartId) => placeOrder(racers, { cartId, location, pickupAt: slot }).then(() => "placed", (error) => sqlError(Promise.reject(error)).then((e) => `${e.code}:${e.column_name}`))),
      );
      expect(results.filter((result) => result === "placed")).toHaveLength(5);
      expect(results.filter((result) => result === "LR409:pickupAt")).toHaveLength(195);
    } finally {
      await racers.end();
    }
    expect(await reserved(slot)).toBe(5);
    const [{ orders }] = await sql<{ orders: number }[]>`select count(*)::int as orders from orders where pickup_at = ${slot}`;
    expect(orders).toBe(5);
  });

  it("keeps the place when the order fails for another reason", async () => {
    const slot = (await slots())[3];
    await setStock(sql, v.chipa, 1);
    const cartId = await cartWith(sql, [[v.chipa, 1]]);
    await setStock(sql, v.chipa, 0);
    await expectSqlError(placeOrder(sql, { cartId, location, pickupAt: slot }), "LR409");
    expect(await reserved(slot)).toBe(0);
    expect(await stockOf(sql, v.chipa)).toBe(0);
  });

  it("gives the place back when an unpaid order expires", async () => {
    await sql`update locations set pickup_slot_capacity = 1 where id = ${location}`;
    const slot = (await slots())[4];
    const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, pickupAt: slot });
    expect(await slots()).not.toContain(slot);
    await sql`select expire_unpaid_order(${placed.order_id}, 'test')`;
    expect(await reserved(slot)).toBe(0);
    expect(await slots()).toContain(slot);
  });

  it("offers nothing on a closed day and keeps each weekday's own hours", async () => {
    // Sunday 8 March 2026 in Los Angeles: the seed opens Sundays 09:00–15:00.
    const sunday = await slots("2026-03-08 08:00:00+00");
    const local = sunday.map((slot) => new Date(slot).toLocaleString("en-US", { timeZone: "America/Los_Angeles", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false }));
    expect(local[0]).toBe("Sun 09:00");
    expect(local.filter((label) => label.startsWith("Sun")).at(-1)).toBe("Sun 14:45");
    expect(local.find((label) => label.startsWith("Mon"))).toBe("Mon 08:00");

    await sql`insert into location_closures (location_id, closed_on, reason) values (${location}, '2026-03-09', 'Family day')`;
    const withClosure = await slots("2026-03-08 08:00:00+00");
    const days = new Set(withClosure.map((slot) => new Date(slot).toLocaleDateString("en-CA", { timeZone: "America/Los_Angeles" })));
    expect([...days]).toEqual(["2026-03-08", "2026-03-10"]);
  });
});
