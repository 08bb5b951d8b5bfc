// Pausing online orders and busy mode: slots are offered from a pause's end (none until resumed),
// checkout refuses a paused kind with a clear message and holds nothing, a timed pause is resumed by
// its job (never a newer pause by an older job), and busy mode pushes the first offered time back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { addToCart, expectSqlError, locationId, newCart, placeOrder, queuedJobs, rowCounts, seededVariants, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
  // Every day open 00:00–23:45 in 15-minute slots, so there are always slots soon after now.
  await sql`delete from location_hours where location_id = ${location}`;
  await sql`insert into location_hours (location_id, weekday, opens_at, closes_at) select ${location}, d, '00:00', '23:45' from generate_series(0, 6) d`;
  await sql`update locations set pickup_slot_minutes = 15, pickup_lead_minutes = 0, delivery_enabled = true, delivery_lead_minutes = 0, pickup_days_ahead = 1 where id = ${location}`;
});

beforeEach(async () => {
  await sql`update locations set pickup_paused_until = null, delivery_paused_until = null, busy_extra_minutes = 0, busy_until = null where id = ${location}`;
});

afterAll(async () => {
  await database?.drop();
});

async function slots(kind: "pickup" | "delivery"): Promise<Date[]> {
  return (await sql<{ slot: Date }[]>`select s as slot from fulfillment_slots(${location}, ${kind}) s`).map((row) => row.slot);
}

async function cart() {
  const cartId = await newCart(sql);
  await addToCart(sql, cartId, v.beefSingle, 4);
  return cartId;
}

const minutesFromNow = async (minutes: number) => {
  const [{ at }] = await sql<{ at: Date }[]>`select now() + make_interval(mins => ${minutes}) as at`;
  return at;
};

describe("pausing pickup", () => {
  it("offers pickup only from the pause's end, leaves delivery open, and refuses an earlier time saying why", async () => {
    const before = await slots("pickup");
    const deliveryBefore = await slots("delivery");
    const early = before[0];
    const [{ until }] = await sql<{ until: Date }[]>`select pause_ordering(${location}, array['pickup'], 30) as until`;
    expect(until.getTime() - (await minutesFromNow(30)).getTime()).toBeLessThan(5_000);
    const open = await slots("pickup");
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((slot) => slot >= until)).toBe(true);
    // Delivery is untouched, whatever the time of day the test runs at.
    expect(deliveryBefore.length).toBeGreaterThan(0);
    expect(await slots("delivery")).toEqual(deliveryBefore);

    const counts = await rowCounts(sql, ["orders", "slot_reservations"]);
    const error = await expectSqlError(placeOrder(sql, { cartId: await cart(), location, pickupAt: early }), "LR409", "pickupAt");
    expect(error.message).toMatch(/^Pickup is paused until \d{1,2}:\d{2} [AP]M\. Please choose a later time\.$/);
    expect(await rowCounts(sql, ["orders", "slot_reservations"])).toEqual(counts);
    // A time after the pause is taken as usual.
    expect((await placeOrder(sql, { cartId: await cart(), location, pickupAt: open[0] })).already_placed).toBe(false);
  });

  it("until resumed: no pickup time at all, checkout refuses pickup, and resuming opens it again", async () => {
    const [{ until }] = await sql<{ until: string }[]>`select pause_ordering(${location}, array['pickup', 'delivery'], null)::text as until`;
    expect(until).toBe("infinity");
    expect(await slots("pickup")).toEqual([]);
    expect(await slots("delivery")).toEqual([]);
    const error = await expectSqlError(placeOrder(sql, { cartId: await cart(), location, pickupAt: await minutesFromNow(60) }), "LR409", "pickupAt");
    expect(error.message).toBe("Pickup is paused for now. Please choose another way to get your order, or try again later.");
    const [{ resumed }] = await sql`select resume_ordering(${location}, array['pickup']) as resumed`;
    expect(resumed).toEqual(["pickup"]);
    expect((await slots("pickup")).length).toBeGreaterThan(0);
    expect(await slots("delivery")).toEqual([]);
  });

  it("queues one resume job for the pause's end; an older job never ends a newer pause", async () => {
    const [{ first }] = await sql<{ first: string }[]>`select pause_ordering(${location}, array['pickup'], 15)::text as first`;
    const [{ second }] = await sql<{ second: string }[]>`select pause_ordering(${location}, array['pickup'], 60)::text as second`;
    const jobs = (await queuedJobs(sql, "resume_ordering")).filter((job) => job.key === `resume_ordering:${location}:pickup`);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].payload).toMatchObject({ location_id: location, kind: "pickup" });
    expect(new Date(String(jobs[0].payload.until)).getTime()).toBe(new Date(second).getTime());

    const [{ resumed: stale }] = await sql`select resume_ordering(${location}, array['pickup'], ${first}::timestamptz) as resumed`;
    expect(stale).toEqual([]);
    const [{ resumed }] = await sql`select resume_ordering(${location}, array['pickup'], ${second}::timestamptz) as resumed`;
    expect(resumed).toEqual(["pickup"]);
    const [audit] = await sql`select actor, action, after from audit_log where action = 'location.resume_ordering' order by id desc limit 1`;
    expect(audit).toMatchObject({ actor: "worker", after: { resumed: ["pickup"] } });
  });

  it.each([
    ["a pause of 45 minutes", () => sql`select pause_ordering(${location}, array['pickup'], 45)`, "minutes"],
    ["an unknown kind", () => sql`select pause_ordering(${location}, array['shipping'], 15)`, "kinds"],
    ["no kind", () => sql`select pause_ordering(${location}, array[]::text[], 15)`, "kinds"],
    ["busy by 25 minutes", () => sql`select set_busy(${location}, 25, 60)`, "extraMinutes"],
    ["busy for 45 minutes", () => sql`select set_busy(${location}, 20, 45)`, "minutes"],
  ])("refuses %s (LR422), changing nothing", async (_label, attempt, column) => {
    await expectSqlError(attempt(), "LR422", column);
    const [row] = await sql`select pickup_paused_until, busy_until from locations where id = ${location}`;
    expect(row).toEqual({ pickup_paused_until: null, busy_until: null });
  });
});

describe("busy mode", () => {
  it("adds its minutes to the lead time until it ends, then ends by itself", async () => {
    const first = (await slots("pickup"))[0];
    await sql`select set_busy(${location}, 30, 60)`;
    const busy = (await slots("pickup"))[0];
    expect(busy >= (await minutesFromNow(30))).toBe(true);
    expect(busy > first).toBe(true);
    // Past its end (as if an hour went by), the lead time is the usual one again.
    const [{ later }] = await sql<{ later: Date }[]>`select min(s) as later from fulfillment_slots(${location}, 'pickup', now() + interval '61 minutes') s`;
    expect(later.getTime() - (await minutesFromNow(61)).getTime()).toBeLessThan(15 * 60_000);
    await sql`select set_busy(${location}, 0, null)`;
    expect((await slots("pickup"))[0]).toEqual(first);
  });
});
