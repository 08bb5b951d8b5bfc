// Orders staff take by phone or in person: the same place_order as the storefront (slots, capacity,
// stock, prices), paid at pickup (in the kitchen unpaid, owing until a member of staff records cash
// or card) or through a payment link they email; no email needed from a walk-in customer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  addToCart,
  expectSqlError,
  locationId,
  newCart,
  orderEvents,
  orderRow,
  placeOrder,
  queuedJobs,
  raceBehindLock,
  rowCounts,
  seededVariants,
  setStock,
  stockOf,
  type Sql,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let staffId: number;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
  [{ id: staffId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('till@example.com', 'Till', 'x', 'staff') returning id`;
  await sql`update locations set delivery_enabled = true`;
});

afterAll(async () => {
  await database?.drop();
});

async function phoneOrder(options: { payAtPickup?: boolean; email?: string | null; quantity?: number; source?: "phone" | "walk_in" } = {}) {
  const cartId = await newCart(sql);
  await addToCart(sql, cartId, v.beefSingle, options.quantity ?? 2);
  const placed = await placeOrder(sql, {
    cartId, location, source: options.source ?? "phone", placedBy: staffId,
    payAtPickup: options.payAtPickup ?? true, email: options.email,
  });
  return placed.order_id;
}

async function emailsOf(orderId: number) {
  return sql<{ template: string; to_address: string }[]>`select template, to_address from email_outbox where order_id = ${orderId} order by id`;
}

async function step(orderId: number, stepName: string, seen: string) {
  return sql`select advance_order(${orderId}, ${stepName}, ${staffId}, ${seen})`;
}

describe("paid at pickup", () => {
  it("goes to the kitchen accepted and unpaid, names who took it and emails a confirmation that says what is owed", async () => {
    const before = await stockOf(sql, v.beefSingle);
    const orderId = await phoneOrder({ email: "caller@example.com" });
    const order = await orderRow(sql, orderId);
    expect(order).toMatchObject({ state: "pending_payment", source: "phone", placed_by: staffId, pay_at_pickup: true, accepted_by: staffId, paid_at: null });
    expect(order.accepted_at).not.toBeNull();
    expect(await stockOf(sql, v.beefSingle)).toBe(before === null ? null : before - 2);
    const events = await sql<{ type: string; admin_user_id: number | null; message: string }[]>`
      select type, admin_user_id, message from order_events where order_id = ${orderId} order by id`;
    expect(events).toEqual([
      { type: "placed", admin_user_id: staffId, message: "Order taken by phone for pickup" },
      { type: "accepted", admin_user_id: staffId, message: "Accepted when taken; to be paid at pickup." },
    ]);
    expect(await emailsOf(orderId)).toEqual([{ template: "order_confirmation", to_address: "caller@example.com" }]);
  });

  it("is cooked and made ready unpaid, cannot be handed over until the payment is recorded, then can", async () => {
    const orderId = await phoneOrder();
    await step(orderId, "start", "pending_payment");
    await step(orderId, "ready", "preparing");
    expect((await orderRow(sql, orderId)).state).toBe("ready");
    await expectSqlError(step(orderId, "collected", "ready"), "LR409");
    const refused = await sql`select advance_order(${orderId}, 'collected', ${staffId}, 'ready')`.catch((error) => error);
    expect(refused.message).toMatch(/still owes \$\d+\.\d\d: take the payment first/);

    await sql`select record_counter_payment(${orderId}, 'cash', ${staffId})`;
    const paid = await orderRow(sql, orderId);
    expect(paid.state).toBe("ready");
    expect(paid.paid_at).not.toBeNull();
    const [counter] = await sql`select method, amount_cents, recorded_by from counter_payments where order_id = ${orderId}`;
    expect(counter).toEqual({ method: "cash", amount_cents: paid.total_cents, recorded_by: staffId });
    const [event] = await sql`select message, admin_user_id from order_events where order_id = ${orderId} and type = 'paid_at_counter'`;
    expect(event.message).toMatch(/^Paid \$\d+\.\d\d in cash, taken by Till\.$/);
    await step(orderId, "collected", "ready");
    expect((await orderRow(sql, orderId)).state).toBe("completed");
  });

  it("paid before it is started moves on as a paid order, with no second confirmation", async () => {
    const orderId = await phoneOrder({ email: "early@example.com" });
    await sql`select record_counter_payment(${orderId}, 'card_present', ${staffId})`;
    const order = await orderRow(sql, orderId);
    expect(order.state).toBe("paid");
    expect(order.accepted_by).toBe(staffId);
    expect((await orderEvents(sql, orderId)).filter((e) => e.type === "accepted")).toHaveLength(1);
    expect((await emailsOf(orderId)).map((e) => e.template)).toEqual(["order_confirmation"]);
    await step(orderId, "start", "paid");
  });

  it("counts in the day's sales, as a phone order, once paid, and not before", async () => {
    const orderId = await phoneOrder();
    const salesOf = async () => {
      await sql`select rollup_recent_sales(1, 2)`;
      const [row] = await sql<{ orders: number }[]>`
        select coalesce(sum(orders), 0)::int as orders from sales_days where basis = 'ordered' and source = 'phone'`;
      return row.orders;
    };
    const before = await salesOf();
    await sql`select record_counter_payment(${orderId}, 'cash', ${staffId})`;
    expect(await salesOf()).toBe(before + 1);
  });

  it("refuses a second payment, an unknown method and a stranger, changing nothing", async () => {
    const orderId = await phoneOrder();
    await expectSqlError(sql`select record_counter_payment(${orderId}, 'cheque', ${staffId})`, "LR422", "method");
    await expectSqlError(sql`select record_counter_payment(${orderId}, 'cash', ${-1})`, "LR422");
    await sql`select record_counter_payment(${orderId}, 'cash', ${staffId})`;
    const counts = await rowCounts(sql, ["counter_payments", "order_events"]);
    await expectSqlError(sql`select record_counter_payment(${orderId}, 'card_present', ${staffId})`, "LR409");
    expect(await rowCounts(sql, ["counter_payments", "order_events"])).toEqual(counts);
  });

  it("two tills recording the same payment at once: one is recorded, the other is told", async () => {
    const orderId = await phoneOrder();
    const results = await raceBehindLock(
      sql,
      (blocker) => blocker`select 1 from orders where id = ${orderId} for update`,
      "record_counter_payment",
      [0, 1].map(() => (connection) => connection`select record_counter_payment(${orderId}, 'cash', ${staffId})`),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from counter_payments where order_id = ${orderId}`;
    expect(count).toBe(1);
  });

  it("does not expire like an unpaid online order; staff cancel a no-show even once it is ready, and the stock comes back", async () => {
    const before = await stockOf(sql, v.beefSingle);
    const orderId = await phoneOrder({ email: "noshow@example.com" });
    await sql`update orders set created_at = now() - interval '3 hours' where id = ${orderId}`;
    const [{ expired }] = await sql`select expire_unpaid_order(${orderId}, 'Not paid in time', 'expired') as expired`;
    expect(expired).toBe(false);
    await step(orderId, "start", "pending_payment");
    await step(orderId, "ready", "preparing");
    await sql`select cancel_unpaid_order(${orderId}, 'Not collected by closing time')`;
    expect((await orderRow(sql, orderId)).state).toBe("cancelled");
    expect(await stockOf(sql, v.beefSingle)).toBe(before);
    expect((await emailsOf(orderId)).map((e) => e.template)).toEqual(["order_confirmation", "order_ready", "order_cancelled"]);
  });

  it("a paid order cannot be cancelled from the kitchen: it is refunded instead", async () => {
    const orderId = await phoneOrder();
    await step(orderId, "start", "pending_payment");
    await sql`select record_counter_payment(${orderId}, 'cash', ${staffId})`;
    await expectSqlError(sql`select cancel_unpaid_order(${orderId}, 'Changed mind')`, "LR409");
    await expectSqlError(sql`update orders set state = 'cancelled' where id = ${orderId}`, "LR409");
  });
});

describe("who may take which order", () => {
  it("a walk-in customer need not give an email, and is sent none", async () => {
    const orderId = await phoneOrder({ email: null, source: "walk_in" });
    expect((await orderRow(sql, orderId)).customer_email).toBeNull();
    expect((await orderRow(sql, orderId)).customer_id).toBeNull();
    await step(orderId, "start", "pending_payment");
    await step(orderId, "ready", "preparing");
    expect(await emailsOf(orderId)).toEqual([]);
  });

  it("refuses an online order without email, pay at pickup online or for delivery, and a staff order without staff", async () => {
    const cartId = await newCart(sql);
    await addToCart(sql, cartId, v.beefSingle, 4);
    const counts = await rowCounts(sql, ["orders", "order_items", "slot_reservations"]);
    await expectSqlError(placeOrder(sql, { cartId, location, email: null }), "LR422", "email");
    await expectSqlError(placeOrder(sql, { cartId, location, payAtPickup: true }), "LR422", "payment");
    await expectSqlError(placeOrder(sql, { cartId, location, source: "phone", placedBy: staffId, payAtPickup: true, fulfillment: "delivery" }), "LR422", "payment");
    await expectSqlError(placeOrder(sql, { cartId, location, source: "phone", placedBy: null }), "LR422", "source");
    await expectSqlError(placeOrder(sql, { cartId, location, source: "phone", placedBy: staffId, email: null, promoCode: "WELCOME10" }), "LR422", "email");
    expect(await rowCounts(sql, ["orders", "order_items", "slot_reservations"])).toEqual(counts);
    const online = await placeOrder(sql, { cartId, location });
    await expectSqlError(sql`update orders set pay_at_pickup = true where id = ${online.order_id}`, "23514");
  });

  it("a full slot and a sold-out item are refused with the storefront's own words", async () => {
    // The first slot: the other tests book the last one.
    const [{ slot }] = await sql<{ slot: Date }[]>`select min(s) as slot from fulfillment_slots(${location}, 'pickup') s`;
    const [{ capacity }] = await sql`select pickup_slot_capacity as capacity from locations where id = ${location}`;
    await sql`update locations set pickup_slot_capacity = 1 where id = ${location}`;
    try {
      const first = await newCart(sql);
      await addToCart(sql, first, v.beefSingle, 1);
      await placeOrder(sql, { cartId: first, location, slotAt: slot });
      const second = await newCart(sql);
      await addToCart(sql, second, v.beefSingle, 1);
      const full = await placeOrder(sql, { cartId: second, location, slotAt: slot, source: "phone", placedBy: staffId, payAtPickup: true }).catch((e) => e);
      expect(full.message).toBe("That pickup time just filled up. Please choose another.");
    } finally {
      await sql`update locations set pickup_slot_capacity = ${capacity} where id = ${location}`;
    }
    const cartId = await newCart(sql);
    await addToCart(sql, cartId, v.beefSingle, 1);
    await setStock(sql, v.beefSingle, 0);
    try {
      const soldOut = await placeOrder(sql, { cartId, location, source: "phone", placedBy: staffId, payAtPickup: true }).catch((e) => e);
      expect(soldOut.message).toMatch(/^Only 0 of .+ left\. Change the quantity in your cart to continue\.$/);
    } finally {
      await setStock(sql, v.beefSingle, null);
    }
  });
});

describe("payment link", () => {
  it("is emailed with the link, once per send, and paying at the counter instead closes it", async () => {
    const orderId = await phoneOrder({ payAtPickup: false, email: "link@example.com" });
    await expectSqlError(sql`select send_payment_link(${orderId}, ${staffId})`, "LR409");
    const [attempt] = await sql<{ id: string }[]>`select id from start_payment_link_attempt(${orderId})`;
    await sql`select record_payment_link(${attempt.id}, 'link-1', 'https://square.link/u/abc', 'sq-order-1')`;
    await sql`select send_payment_link(${orderId}, ${staffId})`;
    const [email] = await sql`select id, template, to_address, order_event_id from email_outbox where order_id = ${orderId} and template = 'payment_link'`;
    expect(email).toMatchObject({ template: "payment_link", to_address: "link@example.com" });
    const [event] = await sql`select detail ->> 'checkout_url' as url, admin_user_id from order_events where id = ${email.order_event_id}`;
    expect(event).toEqual({ url: "https://square.link/u/abc", admin_user_id: staffId });
    expect((await queuedJobs(sql, "send_email")).map((job) => job.key)).toContain(`send_email:${email.id}`);

    await sql`select record_counter_payment(${orderId}, 'cash', ${staffId})`;
    const [closed] = await sql`select status, error_code from payment_attempts where id = ${attempt.id}`;
    expect(closed).toEqual({ status: "failed", error_code: "PAID_AT_COUNTER" });
    expect((await orderRow(sql, orderId)).state).toBe("paid");
    await expectSqlError(sql`select send_payment_link(${orderId}, ${staffId})`, "LR409");
  });

  it("cannot be sent to a customer without an email", async () => {
    const orderId = await phoneOrder({ payAtPickup: false, email: null });
    await expectSqlError(sql`select send_payment_link(${orderId}, ${staffId})`, "LR422", "email");
  });
});

describe("payment link by text", () => {
  it("texts the link to a customer who agreed to texts and gave no email", async () => {
    const cartId = await newCart(sql);
    await addToCart(sql, cartId, v.beefSingle, 1);
    const { order_id: orderId } = await placeOrder(sql, {
      cartId, location, source: "phone", placedBy: staffId, email: null, phone: "(217) 555-0142", smsConsent: true,
    });
    const [attempt] = await sql<{ id: string }[]>`select id from start_payment_link_attempt(${orderId})`;
    await sql`select record_payment_link(${attempt.id}, 'link-2', 'https://square.link/u/xyz', 'sq-order-2')`;
    await sql`select send_payment_link(${orderId}, ${staffId})`;
    const texts = await sql<{ template: string; to_number: string; body: string }[]>`
      select template, to_number, body from sms_outbox where order_id = ${orderId}`;
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ template: "payment_link", to_number: "+12175550142" });
    expect(texts[0].body).toMatch(/pay \$\d+\.\d\d for order #\d+ here: https:\/\/square\.link\/u\/xyz Reply STOP to opt out\.$/);
    expect(await emailsOf(orderId)).toEqual([]);
    const [event] = await sql`select message from order_events where order_id = ${orderId} and type = 'payment_link_sent'`;
    expect(event.message).toBe("Payment link texted to +12175550142.");
  });
});

describe("correcting an unpaid order's items", () => {
  async function itemsOf(orderId: number) {
    return sql<{ variant_id: number; quantity: number }[]>`select variant_id, quantity from order_items where order_id = ${orderId} order by variant_id`;
  }

  it("replaces the items from a cart, moves the stock, reprices, names who, and closes the old payment link", async () => {
    const orderId = await phoneOrder({ payAtPickup: false, email: "fix@example.com", quantity: 2 });
    const [attempt] = await sql<{ id: string }[]>`select id from start_payment_link_attempt(${orderId})`;
    await sql`select record_payment_link(${attempt.id}, 'link-old', 'https://square.link/u/old', 'sq-order-old')`;
    await setStock(sql, v.beefSingle, 10);
    await setStock(sql, v.beefHalfDozen, 5);
    try {
      const before = await orderRow(sql, orderId);
      const [{ cart }] = await sql<{ cart: string }[]>`select order_revision_cart(${orderId}) as cart`;
      expect(await sql`select variant_id, quantity from cart_items where cart_id = ${cart}`).toEqual([{ variant_id: v.beefSingle, quantity: 2 }]);
      await sql`delete from cart_items where cart_id = ${cart}`;
      await addToCart(sql, cart, v.beefHalfDozen, 1);
      await sql`select revise_unpaid_order(${orderId}, ${cart}, ${staffId})`;

      expect(await itemsOf(orderId)).toEqual([{ variant_id: v.beefHalfDozen, quantity: 1 }]);
      expect(await stockOf(sql, v.beefSingle)).toBe(12);
      expect(await stockOf(sql, v.beefHalfDozen)).toBe(4);
      const after = await orderRow(sql, orderId);
      expect(after.total_cents).toBeGreaterThan(before.total_cents);
      const [{ revision }] = await sql`select revision from orders where id = ${orderId}`;
      expect(revision).toBe(1);
      const [event] = await sql`select message, admin_user_id from order_events where order_id = ${orderId} and type = 'items_changed'`;
      expect(event.admin_user_id).toBe(staffId);
      expect(event.message).toMatch(/^Items changed: the total was \$\d+\.\d\d, now \$\d+\.\d\d\.$/);
      const [old] = await sql`select status, error_code from payment_attempts where id = ${attempt.id}`;
      expect(old).toEqual({ status: "failed", error_code: "ORDER_CHANGED" });
      // The next link is a new attempt, for the new total.
      const [next] = await sql<{ id: string; amount_cents: number }[]>`select id, amount_cents from start_payment_link_attempt(${orderId})`;
      expect(next.id).not.toBe(attempt.id);
      expect(next.amount_cents).toBe(after.total_cents);
    } finally {
      await setStock(sql, v.beefSingle, null);
      await setStock(sql, v.beefHalfDozen, null);
    }
  });

  it("refuses what the stock cannot cover and an empty order, changing nothing", async () => {
    const orderId = await phoneOrder({ quantity: 1 });
    await setStock(sql, v.beefHalfDozen, 0);
    try {
      const [{ cart }] = await sql<{ cart: string }[]>`select order_revision_cart(${orderId}) as cart`;
      await sql`insert into cart_items (cart_id, variant_id, quantity) values (${cart}, ${v.beefHalfDozen}, 1)`;
      const before = { items: await itemsOf(orderId), order: await orderRow(sql, orderId) };
      const refused = await sql`select revise_unpaid_order(${orderId}, ${cart}, ${staffId})`.catch((error) => error);
      expect(refused.code).toBe("LR409");
      expect(refused.message).toMatch(/^Only 0 of /);
      expect(await itemsOf(orderId)).toEqual(before.items);
      expect((await orderRow(sql, orderId)).total_cents).toBe(before.order.total_cents);

      const [{ cart: empty }] = await sql<{ cart: string }[]>`select order_revision_cart(${orderId}) as cart`;
      await sql`delete from cart_items where cart_id = ${empty}`;
      await expectSqlError(sql`select revise_unpaid_order(${orderId}, ${empty}, ${staffId})`, "LR422");
    } finally {
      await setStock(sql, v.beefHalfDozen, null);
    }
  });

  it("a paid order is not changed: it is refunded instead", async () => {
    const orderId = await phoneOrder();
    const [{ cart }] = await sql<{ cart: string }[]>`select order_revision_cart(${orderId}) as cart`;
    await sql`select record_counter_payment(${orderId}, 'cash', ${staffId})`;
    const refused = await sql`select revise_unpaid_order(${orderId}, ${cart}, ${staffId})`.catch((error) => error);
    expect(refused.message).toBe(`Order #${(await orderRow(sql, orderId)).number} is paid: change it by refunding part of it.`);
    await expectSqlError(sql`select order_revision_cart(${orderId})`, "LR409");
  });
});
