// Texts to the customer, in SQL: place_order keeps the consent (and the number in E.164 form) only
// when the box was ticked, refusing a number that cannot take texts only then; advance_order queues
// one text for ready (pickup) and out for delivery (delivery) with its send_sms job, in the step's
// transaction, never without consent or after a STOP, and once even when the step is made again or
// two staff click at once. The customer's note is kept, at most 500 characters.
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
let v: Awaited<ReturnType<typeof seededVariants>>;

const MOBILE = "(217) 555-0142";

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
  [{ id: staffId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('cook@example.com', 'Cook', 'x', 'staff') returning id`;
  await sql`update locations set delivery_enabled = true`;
});

afterAll(async () => {
  await database?.drop();
});

async function paidOrder(options: { fulfillment?: Fulfillment; smsConsent?: boolean; phone?: string } = {}): Promise<number> {
  const fulfillment = options.fulfillment ?? "pickup";
  const cartId = await newCart(sql);
  await addToCart(sql, cartId, v.beefSingle, fulfillment === "delivery" ? 4 : 1);
  const placed = await placeOrder(sql, { cartId, location, fulfillment, smsConsent: options.smsConsent ?? false, phone: options.phone ?? MOBILE });
  await sql`select private.mark_order_paid(${placed.order_id})`;
  return placed.order_id;
}

function step(orderId: number, name: string, seen: string) {
  return sql<{ state: string }[]>`select advance_order(${orderId}, ${name}, ${staffId}, ${seen}, 0) as state`.then((rows) => rows[0].state);
}

async function texts(orderId: number) {
  return sql<{ id: number; template: string; to_number: string; body: string; status: string; order_event_id: number }[]>`
    select id, template, to_number, body, status, order_event_id from sms_outbox where order_id = ${orderId} order by id`;
}

async function smsJobsFor(ids: number[]) {
  return (await queuedJobs(sql, "send_sms")).filter((job) => ids.includes(job.payload.sms_id as number));
}

describe("consent at checkout", () => {
  it("is kept with its time and the number in E.164 form only when the box is ticked", async () => {
    const consented = await paidOrder({ smsConsent: true, phone: " 1 (217) 555-0142 " });
    const silent = await paidOrder({ smsConsent: false });
    const rows = await sql<{ id: number; sms_consent_at: Date | null; sms_phone: string | null; customer_phone: string }[]>`
      select id, sms_consent_at, sms_phone, customer_phone from orders where id in (${consented}, ${silent}) order by id`;
    expect(rows[0].sms_phone).toBe("+12175550142");
    expect(rows[0].sms_consent_at).toBeInstanceOf(Date);
    expect(rows[0].customer_phone).toBe("1 (217) 555-0142");
    expect(rows[1]).toMatchObject({ sms_consent_at: null, sms_phone: null });
  });

  it("refuses, on the phone field, a number that cannot take texts only when the box is ticked, and writes nothing", async () => {
    const cartId = await newCart(sql);
    await addToCart(sql, cartId, v.beefSingle, 1);
    const before = await rowCounts(sql, ["orders", "order_items", "slot_reservations"]);
    // A NANP exchange never starts with 0: a number we could call but Twilio could never text.
    const error = await expectSqlError(placeOrder(sql, { cartId, location, phone: "555 010 2030", smsConsent: true }), "LR422", "phone");
    expect(error.message).toMatch(/cannot send texts to that number.*untick the box/);
    expect(await rowCounts(sql, ["orders", "order_items", "slot_reservations"])).toEqual(before);
    const placed = await placeOrder(sql, { cartId, location, phone: "555 010 2030", smsConsent: false });
    expect(placed.already_placed).toBe(false);
  });

  it("reads numbers as E.164 in the location's country", async () => {
    const cases: [string, string, string | null][] = [
      ["(217) 555-0142", "1", "+12175550142"],
      ["217.555.0142", "1", "+12175550142"],
      ["+1 217 555 0142", "1", "+12175550142"],
      ["+44 7700 900123", "1", "+447700900123"],
      ["0044 7700 900123", "1", "+447700900123"],
      ["07700 900123", "44", "+447700900123"],
      ["555 010 2030", "1", null],
      ["+1 555 010 2030", "1", null],
      ["217 555 014", "1", null],
      ["call me", "1", null],
      ["+0 123 456 789", "1", null],
    ];
    for (const [typed, country, expected] of cases) {
      const [{ e164 }] = await sql<{ e164: string | null }[]>`select private.e164_phone(${typed}, ${country}) as e164`;
      expect([typed, country, e164]).toEqual([typed, country, expected]);
    }
  });
});

describe("texts for the kitchen's steps", () => {
  it("texts a consenting pickup customer once, when the order is ready, in pickup words, with its job", async () => {
    const id = await paidOrder({ smsConsent: true });
    await step(id, "start", "paid");
    expect(await texts(id)).toEqual([]);
    await step(id, "ready", "preparing");
    const [text, ...more] = await texts(id);
    expect(more).toEqual([]);
    expect(text).toMatchObject({ template: "order_ready", to_number: "+12175550142", status: "queued" });
    const [{ number }] = await sql<{ number: number }[]>`select number from orders where id = ${id}`;
    expect(text.body).toContain(`your order #${number} is ready for pickup at`);
    expect(text.body).toMatch(/Reply STOP to opt out\.$/);
    expect(text.body).not.toMatch(/deliver|ship/i);
    const [readyEvent] = await sql<{ id: number }[]>`select id from order_events where order_id = ${id} and to_state = 'ready'`;
    expect(text.order_event_id).toBe(readyEvent.id);
    const jobs = await smsJobsFor([text.id]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ key: `send_sms:${text.id}`, max_attempts: 7 });
    // The email goes its own way, in its own job.
    expect((await sql`select template from email_outbox where order_id = ${id} and template = 'order_ready'`).length).toBe(1);

    await step(id, "collected", "ready");
    expect(await texts(id)).toHaveLength(1);
  });

  it("sends nothing to a customer who did not tick the box, and the emails still go", async () => {
    const id = await paidOrder({ smsConsent: false });
    await step(id, "start", "paid");
    await step(id, "ready", "preparing");
    expect(await texts(id)).toEqual([]);
    expect((await sql`select 1 from email_outbox where order_id = ${id} and template = 'order_ready'`).length).toBe(1);
  });

  it("texts a delivery customer when it leaves, not when it is ready for the driver", async () => {
    const id = await paidOrder({ fulfillment: "delivery", smsConsent: true });
    await step(id, "start", "paid");
    await step(id, "ready", "preparing");
    expect(await texts(id)).toEqual([]);
    await step(id, "out_for_delivery", "ready");
    await step(id, "delivered", "out_for_delivery");
    const sent = await texts(id);
    expect(sent.map((text) => text.template)).toEqual(["order_out_for_delivery"]);
    expect(sent[0].body).toContain("is out for delivery and on its way to you");
    expect(sent[0].body).not.toMatch(/pickup|ship/i);
  });

  it("queues no second text when the step is made again or the helper runs twice for the same event", async () => {
    const id = await paidOrder({ smsConsent: true });
    await step(id, "start", "paid");
    await step(id, "ready", "preparing");
    const [text] = await texts(id);
    const jobsBefore = (await queuedJobs(sql, "send_sms")).length;
    await expectSqlError(step(id, "ready", "preparing"), "LR409");
    await sql`select private.text_customer(${id}, 'order_ready', ${text.order_event_id})`;
    expect(await texts(id)).toHaveLength(1);
    expect((await queuedJobs(sql, "send_sms")).length).toBe(jobsBefore);
  });

  it("two staff clicking Ready at once make one text", async () => {
    const id = await paidOrder({ smsConsent: true });
    await step(id, "start", "paid");
    const jobsBefore = (await queuedJobs(sql, "send_sms")).length;
    const outcomes = await raceBehindLock(
      sql,
      (blocker) => blocker`select 1 from orders where id = ${id} for update`,
      "advance_order",
      [0, 1].map(() => (connection) => connection`select advance_order(${id}, 'ready', ${staffId}, 'preparing', 0) as state`),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await texts(id)).toHaveLength(1);
    expect((await queuedJobs(sql, "send_sms")).length).toBe(jobsBefore + 1);
  });

  it("sends nothing to a number that told Twilio STOP after its consent; a later checkout with the box ticked is new consent", async () => {
    const phone = "(217) 555-0199";
    const before = await paidOrder({ smsConsent: true, phone });
    await sql`insert into sms_opt_outs (phone, source) values ('+12175550199', 'twilio_21610')`;
    await step(before, "start", "paid");
    await step(before, "ready", "preparing");
    expect(await texts(before)).toEqual([]);

    const after = await paidOrder({ smsConsent: true, phone });
    await step(after, "start", "paid");
    await step(after, "ready", "preparing");
    expect(await texts(after)).toHaveLength(1);
  });
});

describe("the customer's note", () => {
  async function orderWithNote(customerNote: string | null) {
    const cartId = await newCart(sql);
    await addToCart(sql, cartId, v.beefSingle, 1);
    return placeOrder(sql, { cartId, location, customerNote });
  }

  it("is kept trimmed; a blank one is none", async () => {
    const noted = await orderWithNote("  No onions, severe sesame allergy.\nRing twice.  ");
    const blank = await orderWithNote("   ");
    const rows = await sql<{ customer_note: string | null }[]>`
      select customer_note from orders where id in (${noted.order_id}, ${blank.order_id}) order by id`;
    expect(rows.map((row) => row.customer_note)).toEqual(["No onions, severe sesame allergy.\nRing twice.", null]);
    const full = await orderWithNote("x".repeat(500));
    expect(full.already_placed).toBe(false);
  });

  it("over 500 characters is refused on its field, nothing written; the table refuses it too", async () => {
    const cartId = await newCart(sql);
    await addToCart(sql, cartId, v.beefSingle, 1);
    const before = await rowCounts(sql, ["orders", "order_items"]);
    const error = await expectSqlError(placeOrder(sql, { cartId, location, customerNote: "x".repeat(501) }), "LR422", "customerNote");
    expect(error.message).toBe("Keep the note to 500 characters or fewer (it has 501).");
    expect(await rowCounts(sql, ["orders", "order_items"])).toEqual(before);
    const [{ id }] = await sql<{ id: number }[]>`select id from orders order by id desc limit 1`;
    const constraint = await expectSqlError(sql`update orders set customer_note = ${"y".repeat(501)} where id = ${id}`, "23514");
    expect(constraint.constraint_name).toBe("orders_customer_note_check");
  });
});
