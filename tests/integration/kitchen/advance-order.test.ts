// advance_order: the kitchen's steps for an order — accept (with a later time), delay, start, ready
// and the hand-over for each kind of fulfilment — checked in SQL, each naming who made it, each
// emailing the customer where it concerns them, once, even when two staff click at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  addToCart,
  expectSqlError,
  locationId,
  newCart,
  placeOrder,
  queuedJobs,
  raceBehindLock,
  rowCounts,
  seededVariants,
  type Fulfillment,
  type Sql,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let staffId: number;
let ownerId: number;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
  [{ id: staffId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('cook@example.com', 'Cook', 'x', 'staff') returning id`;
  [{ id: ownerId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('boss@example.com', 'Boss', 'x', 'owner') returning id`;
  await sql`update locations set shipping_enabled = true, delivery_enabled = true`;
});

afterAll(async () => {
  await database?.drop();
});

/** A paid order of the given kind (the demo shop accepts orders by itself unless told otherwise). */
async function paidOrder(fulfillment: Fulfillment = "pickup", variant = v.beefSingle): Promise<number> {
  const cartId = await newCart(sql);
  // Delivery has a minimum order in the demo shop; shipping takes only shippable products.
  await addToCart(sql, cartId, fulfillment === "shipping" ? await jar() : variant, fulfillment === "delivery" ? 4 : 1);
  const placed = await placeOrder(sql, { cartId, location, fulfillment });
  await sql`select private.mark_order_paid(${placed.order_id})`;
  return placed.order_id;
}

async function jar() {
  const [row] = await sql<{ id: number }[]>`
    select v.id from variants v join products p on p.id = v.product_id where p.shippable and not v.sold_out order by v.id limit 1`;
  return row.id;
}

function step(orderId: number, name: string, seen: string | null, delay = 0, admin: number | null = staffId, db: Sql = sql) {
  return db<{ state: string }[]>`select advance_order(${orderId}, ${name}, ${admin}, ${seen}, ${delay}) as state`.then((rows) => rows[0].state);
}

async function order(orderId: number) {
  const [row] = await sql<{ state: string; accepted_at: Date | null; accepted_by: number | null; delay_minutes: number }[]>`
    select state, accepted_at, accepted_by, delay_minutes from orders where id = ${orderId}`;
  return row;
}

async function events(orderId: number) {
  return sql<{ type: string; to_state: string | null; admin_user_id: number | null }[]>`
    select type, to_state, admin_user_id from order_events where order_id = ${orderId} and type <> 'placed' order by id`;
}

async function emails(orderId: number) {
  return (await sql<{ template: string }[]>`select template from email_outbox where order_id = ${orderId} order by id`).map((row) => row.template);
}

describe("accepting", () => {
  it("accepts a paid order by itself when the location auto-accepts (the default)", async () => {
    const id = await paidOrder();
    const row = await order(id);
    expect(row.accepted_at).not.toBeNull();
    expect(row.accepted_by).toBeNull();
    expect((await events(id)).map((event) => event.type)).toEqual(["state_changed", "accepted"]);
  });

  it("leaves a paid order new when the location accepts by hand, until staff accept it, pushing its time", async () => {
    await sql`update locations set auto_accept = false where id = ${location}`;
    try {
      const id = await paidOrder();
      expect((await order(id)).accepted_at).toBeNull();
      await expectSqlError(step(id, "start", "paid"), "LR409");
      expect(await step(id, "accept", "paid", 10)).toBe("paid");
      const row = await order(id);
      expect(row).toMatchObject({ accepted_by: staffId, delay_minutes: 10 });
      expect((await events(id)).at(-1)).toEqual({ type: "accepted", to_state: null, admin_user_id: staffId });
      // The customer is told the new time, once.
      expect(await emails(id)).toEqual(["order_confirmation", "order_delayed"]);
      await expectSqlError(step(id, "accept", "paid"), "LR409");
      expect(await emails(id)).toEqual(["order_confirmation", "order_delayed"]);
    } finally {
      await sql`update locations set auto_accept = true where id = ${location}`;
    }
  });

  it("accepts at the promised time without emailing anyone", async () => {
    await sql`update locations set auto_accept = false where id = ${location}`;
    try {
      const id = await paidOrder();
      await step(id, "accept", "paid", 0, ownerId);
      expect(await emails(id)).toEqual(["order_confirmation"]);
    } finally {
      await sql`update locations set auto_accept = true where id = ${location}`;
    }
  });
});

describe("the steps of each kind of order", () => {
  it("pickup: start, ready (the customer is emailed), collected", async () => {
    const id = await paidOrder("pickup");
    expect(await step(id, "start", "paid")).toBe("preparing");
    expect(await step(id, "ready", "preparing", 0, ownerId)).toBe("ready");
    expect(await step(id, "collected", "ready")).toBe("completed");
    expect((await events(id)).slice(2)).toEqual([
      { type: "state_changed", to_state: "preparing", admin_user_id: staffId },
      { type: "state_changed", to_state: "ready", admin_user_id: ownerId },
      { type: "state_changed", to_state: "completed", admin_user_id: staffId },
    ]);
    expect(await emails(id)).toEqual(["order_confirmation", "order_ready"]);
  });

  it("delivery: ready for the driver (no email), out for delivery and delivered (emailed)", async () => {
    const id = await paidOrder("delivery");
    await step(id, "start", "paid");
    await step(id, "ready", "preparing");
    await expectSqlError(step(id, "collected", "ready"), "LR409");
    await step(id, "out_for_delivery", "ready");
    await step(id, "delivered", "out_for_delivery");
    expect((await order(id)).state).toBe("completed");
    expect(await emails(id)).toEqual(["order_confirmation", "order_out_for_delivery", "order_delivered"]);
  });

  it("shipping: packed, then shipped (emailed); a ship day has no time to delay", async () => {
    const id = await paidOrder("shipping");
    await expectSqlError(step(id, "delay", "paid", 15), "LR409");
    await step(id, "start", "paid");
    await step(id, "ready", "preparing");
    await expectSqlError(step(id, "out_for_delivery", "ready"), "LR409");
    await step(id, "shipped", "ready");
    expect(await emails(id)).toEqual(["order_confirmation", "order_shipped"]);
  });

  it("delays an order already started, telling the customer each time", async () => {
    const id = await paidOrder();
    await step(id, "start", "paid");
    await step(id, "delay", "preparing", 15);
    await step(id, "delay", "preparing", 5);
    expect((await order(id)).delay_minutes).toBe(20);
    expect(await emails(id)).toEqual(["order_confirmation", "order_delayed", "order_delayed"]);
  });
});

describe("refused steps change nothing", () => {
  const WRITTEN = ["orders", "order_events", "email_outbox"];

  async function refusedUntouched(attempt: () => Promise<unknown>, code: string, column?: string) {
    const before = await rowCounts(sql, WRITTEN);
    const error = await expectSqlError(attempt(), code, column);
    expect(await rowCounts(sql, WRITTEN)).toEqual(before);
    return error;
  }

  it("a stale board: the state the page showed is not the order's any more", async () => {
    const id = await paidOrder();
    await step(id, "start", "paid");
    const error = await refusedUntouched(() => step(id, "start", "paid"), "LR409");
    expect(error.message).toMatch(/^Order #\d+ is already preparing: nothing changed\.$/);
    await refusedUntouched(() => step(id, "collected", "preparing"), "LR409");
  });

  it.each([
    ["an unknown step", "bake", 0, "step"],
    ["a delay of 7 minutes", "delay", 7, "delayMinutes"],
    ["a negative delay", "delay", -10, "delayMinutes"],
    ["a huge delay", "delay", 100000, "delayMinutes"],
    ["a delay of nothing", "delay", 0, "delayMinutes"],
    ["a delay on a step that takes none", "ready", 10, "delayMinutes"],
  ])("%s (LR422)", async (_label, name, delay, column) => {
    const id = await paidOrder();
    await refusedUntouched(() => step(id, name, "paid", delay), "LR422", column);
  });

  it("a delay past twelve hours in all", async () => {
    const id = await paidOrder();
    await sql`update orders set delay_minutes = 700 where id = ${id}`;
    await refusedUntouched(() => step(id, "delay", "paid", 30), "LR422", "delayMinutes");
  });

  it("an unpaid, cancelled or finished order", async () => {
    const cartId = await newCart(sql);
    await addToCart(sql, cartId, v.beefSingle, 1);
    const unpaid = await placeOrder(sql, { cartId, location });
    await refusedUntouched(() => step(unpaid.order_id, "accept", "pending_payment"), "LR409");
    await refusedUntouched(() => step(unpaid.order_id, "start", "pending_payment"), "LR409");
    await expectSqlError(step(999999999, "start", null), "LR404");
  });
});

describe("two staff clicking at once", () => {
  it("makes one step, one event and one email; the other is told", async () => {
    const id = await paidOrder();
    await step(id, "start", "paid");
    const jobsBefore = (await queuedJobs(sql, "send_email")).length;
    const outcomes = await raceBehindLock(
      sql,
      (blocker) => blocker`select 1 from orders where id = ${id} for update`,
      "advance_order",
      [0, 1].map(() => (connection) => connection`select advance_order(${id}, 'ready', ${staffId}, 'preparing', 0) as state`),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.code).toBe("LR409");
    expect((await events(id)).filter((event) => event.to_state === "ready")).toHaveLength(1);
    expect(await emails(id)).toEqual(["order_confirmation", "order_ready"]);
    expect((await queuedJobs(sql, "send_email")).length).toBe(jobsBefore + 1);
  });
});
