// Holding stock without paying: place_order refuses a customer's online order while they hold
// holds.unpaid_orders unpaid ones (by email, address or browser session), before anything is
// taken, even when their checkouts race on separate connections; staff orders are not capped; and
// an unpaid order's hold ends 15 minutes after it was placed when paid by card, 30 through a link.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { useDefaultLimits } from "../../support/generous-limits";
import {
  cartWith, expectSqlError, latestSlot, locationId, outcomeOf, placeOrder, racingPool, rowCounts,
  seededVariants, setStock, stockOf, tally, type OrderInput, type Sql,
} from "../../support/sql-helpers";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>>;
let staffId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
  [{ id: staffId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('staff@example.com', 'Staff', 'x', 'staff') returning id`;
  await sql`update locations set pickup_slot_capacity = 1000`;
  await setStock(sql, v.horchata, 1000);
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await useDefaultLimits(sql);
  await sql`update orders set state = 'cancelled' where state = 'pending_payment'`;
});

const sessionKey = () => createHash("sha256").update(randomUUID()).digest("hex");
const email = () => `bot.${randomUUID()}@example.com`;

async function order(input: Partial<OrderInput>) {
  const cartId = await cartWith(sql, [[v.horchata, 1]]);
  return placeOrder(sql, { cartId, location, ...input });
}

describe("the cap on open unpaid orders", () => {
  it("refuses a third unpaid order by the same email, with nothing taken and when to try again", async () => {
    const same = email();
    await order({ email: same });
    await order({ email: same.toUpperCase() });
    const slot = await latestSlot(sql, location, "pickup");
    const cartId = await cartWith(sql, [[v.horchata, 1]]);
    const stockBefore = await stockOf(sql, v.horchata);
    const [{ reserved: reservedBefore }] = await sql<{ reserved: number }[]>`
      select coalesce(sum(reserved), 0)::int as reserved from slot_reservations where slot_at = ${slot}`;
    const counts = await rowCounts(sql, ["orders", "order_items", "customers", "promo_redemptions"]);
    const error = await expectSqlError(placeOrder(sql, { cartId, location, email: same, slotAt: slot }), "LR429");
    expect(error.message).toMatch(/^You already have 2 unpaid orders waiting for payment\. Pay for them first, or try again in (29|30) minutes/);
    expect(Number(error.detail)).toBeGreaterThan(28 * 60);
    expect(await rowCounts(sql, ["orders", "order_items", "customers", "promo_redemptions"])).toEqual(counts);
    expect(await stockOf(sql, v.horchata)).toBe(stockBefore);
    const [{ reserved }] = await sql<{ reserved: number }[]>`
      select coalesce(sum(reserved), 0)::int as reserved from slot_reservations where slot_at = ${slot}`;
    expect(reserved).toBe(reservedBefore);
  });

  it("counts by address and by browser session whatever email is typed", async () => {
    await order({ email: email(), clientIp: "198.51.100.7" });
    await order({ email: email(), clientIp: "198.51.100.7" });
    await expectSqlError(order({ email: email(), clientIp: "198.51.100.7" }), "LR429");
    expect(await outcomeOf(order({ email: email(), clientIp: "198.51.100.8" }))).toBe("placed");

    const session = sessionKey();
    await order({ email: email(), clientIp: "192.0.2.1", sessionKey: session });
    await order({ email: email(), clientIp: "192.0.2.2", sessionKey: session });
    await expectSqlError(order({ email: email(), clientIp: "192.0.2.3", sessionKey: session }), "LR429");
  });

  it("frees a place once an order is paid or released, and follows the setting", async () => {
    const same = email();
    const first = await order({ email: same });
    await order({ email: same });
    await expectSqlError(order({ email: same }), "LR429");
    await sql`update orders set state = 'cancelled' where id = ${first.order_id}`;
    expect(await outcomeOf(order({ email: same }))).toBe("placed");
    await sql`insert into settings (key, value) values ('holds.unpaid_orders', '3')`;
    expect(await outcomeOf(order({ email: same }))).toBe("placed");
    await expectSqlError(order({ email: same }), "LR429");
  });

  it("does not cap staff taking phone and walk-in orders", async () => {
    const customer = email();
    for (let i = 0; i < 4; i++) {
      expect(await outcomeOf(order({ email: customer, source: "phone", placedBy: staffId, clientIp: "10.0.0.5" }))).toBe("placed");
    }
    // Nor are they counted against the customer's own online orders.
    expect(await outcomeOf(order({ email: customer }))).toBe("placed");
    const [{ unremembered }] = await sql<{ unremembered: number }[]>`
      select count(*)::int as unremembered from orders where source = 'phone' and client_ip is null and session_key is null`;
    expect(unremembered).toBeGreaterThanOrEqual(4);
  });

  it("holds under racing checkouts: of 8 concurrent orders by one address, exactly 2 are placed", async () => {
    const racers = racingPool(database.url, 10);
    try {
      const carts = await Promise.all(Array.from({ length: 8 }, () => cartWith(sql, [[v.horchata, 1]])));
      const slot = await latestSlot(sql, location, "pickup");
      const outcomes = await Promise.all(carts.map((cartId) =>
        outcomeOf(placeOrder(racers, { cartId, location, email: email(), clientIp: "203.0.113.50", slotAt: slot }))));
      expect(tally(outcomes)).toEqual({ placed: 2, LR429: 6 });
      const [{ open }] = await sql<{ open: number }[]>`
        select count(*)::int as open from orders where client_ip = '203.0.113.50' and state = 'pending_payment'`;
      expect(open).toBe(2);
    } finally {
      await racers.end();
    }
  });
});

describe("how long an unpaid order holds its stock", () => {
  async function pastHold() {
    return sql<{ order_id: number; hold_minutes: number }[]>`select * from unpaid_orders_past_hold(100)`;
  }
  async function backdate(orderId: number, minutes: number) {
    await sql`update orders set created_at = now() - make_interval(mins => ${minutes}) where id = ${orderId}`;
  }

  it("ends 15 minutes after a card order was placed, 30 for a payment link or no payment yet, as set", async () => {
    const card = await order({});
    await sql`select start_card_attempt(${card.order_id}, ${`cnon:${randomUUID()}`})`;
    const link = await order({});
    await sql`select start_payment_link_attempt(${link.order_id})`;
    const none = await order({});
    for (const placed of [card, link, none]) await backdate(placed.order_id, 16);
    expect(await pastHold()).toEqual([{ order_id: card.order_id, hold_minutes: 15 }]);
    for (const placed of [card, link, none]) await backdate(placed.order_id, 31);
    expect((await pastHold()).map((row) => [row.order_id, row.hold_minutes]).sort()).toEqual(
      [[card.order_id, 15], [link.order_id, 30], [none.order_id, 30]].sort());

    await sql`insert into settings (key, value) values ('holds.payment_link_minutes', '45'), ('holds.card_minutes', '40')`;
    expect(await pastHold()).toEqual([]);
  });

  it("tells a refused customer when their first order's hold ends", async () => {
    const same = email();
    const first = await order({ email: same });
    await sql`select start_card_attempt(${first.order_id}, ${`cnon:${randomUUID()}`})`;
    await backdate(first.order_id, 10);
    await order({ email: same });
    const error = await expectSqlError(order({ email: same }), "LR429");
    expect(error.message).toContain("try again in 5 minutes, when the first is released");
    expect(Number(error.detail)).toBeGreaterThan(4 * 60);
    expect(Number(error.detail)).toBeLessThanOrEqual(5 * 60);
  });
});
