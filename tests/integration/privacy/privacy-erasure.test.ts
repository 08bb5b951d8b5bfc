// Privacy: an owner exports everything Larder holds about a customer, then erases them; afterwards
// their name, email, phone and street appear in no text or JSON column of any table except where the
// README's privacy section says they must (the number of an SMS opt-out), while their orders keep
// numbers, items and amounts. Erasing again changes nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { cartWith, expectSqlError, locationId, placeOrder, seededVariants, type Sql } from "../../support/sql-helpers";

const NAME = "Zebulon Quillfeather";
const EMAIL = "zebulon.quillfeather@example.com";
const PHONE = "(217) 555-0142";
const E164 = "+12175550142";
const STREET = "77 Wisteria Lane";

let harness: AppHarness;
let sql: Sql;
let ownerId: number;
let staffId: number;

beforeAll(async () => {
  harness = await startAppHarness();
  sql = harness.database.sql;
  [{ id: ownerId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('owner@shop.test', 'Olive Owner', 'x', 'owner') returning id`;
  [{ id: staffId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('staff@shop.test', 'Sam Staff', 'x', 'staff') returning id`;
});

afterAll(async () => {
  await harness?.stop();
});

/** Every text, JSON and text-array column of every table (the app's and the job queue's) holding `needle`. */
async function whereFound(needle: string): Promise<string[]> {
  const columns = await sql<{ schema: string; table: string; column: string }[]>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema in ('public', 'private', 'graphile_worker')
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.udt_name in ('_text', '_varchar'))
     order by 1, 2, 3`;
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const { schema, table, column } of columns) {
    const [{ hits }] = await sql<{ hits: number }[]>`
      select count(*)::int as hits from ${sql(schema)}.${sql(table)} where strpos(lower(${sql(column)}::text), lower(${needle})) > 0`;
    if (hits > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function identityEverywhere() {
  return {
    name: await whereFound(NAME),
    email: await whereFound(EMAIL),
    phoneTyped: await whereFound("555-0142"),
    phoneDigits: await whereFound("2175550142"),
    street: await whereFound(STREET),
  };
}

async function databaseText(): Promise<string> {
  const rows = await sql<{ dump: string }[]>`
    select (select string_agg(to_jsonb(o)::text, ',' order by id) from orders o) || '|' ||
           (select coalesce(string_agg(to_jsonb(e)::text, ',' order by id), '') from email_outbox e) || '|' ||
           (select coalesce(string_agg(to_jsonb(s)::text, ',' order by id), '') from sms_outbox s) || '|' ||
           (select coalesce(string_agg(to_jsonb(w)::text, ',' order by id), '') from webhook_events w) as dump`;
  return rows[0].dump;
}

async function cancelOrder(orderId: number, reason: string) {
  await sql`select cancel_unpaid_order(${orderId}, ${reason})`;
}

describe("privacy export and erasure", () => {
  let deliveryId: number;
  let cancelledId: number;
  let otherId: number;
  let cartId: string;

  it("finds a customer by email or phone, and exports everything Larder holds about them", async () => {
    const location = await locationId(sql);
    const v = await seededVariants(sql);
    cartId = await cartWith(sql, [[v.beefHalfDozen, 3]]);
    const placed = await placeOrder(sql, {
      cartId, location, name: NAME, email: EMAIL, phone: PHONE, fulfillment: "delivery",
      address: { line1: STREET, line2: "Attic", city: "Springfield", region: "IL", postalCode: "62701" },
      customerNote: `Ring twice and ask for ${NAME}`, smsConsent: true,
    });
    deliveryId = placed.order_id;
    await sql`update orders set square_order_id = 'SQ-ORDER-ZQ' where id = ${deliveryId}`;
    await sql`select private.mark_order_paid(${deliveryId})`;
    const [{ accepted }] = await sql<{ accepted: boolean }[]>`select accepted_at is not null as accepted from orders where id = ${deliveryId}`;
    if (!accepted) await sql`select advance_order(${deliveryId}, 'accept', ${staffId}, 'paid')`;
    await sql`select advance_order(${deliveryId}, 'start', ${staffId}, null)`;
    await sql`select advance_order(${deliveryId}, 'out_for_delivery', ${staffId}, null)`;
    await sql`select advance_order(${deliveryId}, 'delivered', ${staffId}, null)`;
    await harness.drainJobs();

    cancelledId = (await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, name: NAME, email: EMAIL.toUpperCase(), phone: PHONE })).order_id;
    await cancelOrder(cancelledId, `${NAME} called: cancel it`);
    otherId = (await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 2]]), location, name: "Olga Other", email: "olga@example.com", phone: "(217) 555-0199" })).order_id;

    await sql`insert into sessions (id, data, expires_at) values (${randomUUID()}, ${sql.json({ cartId })}, now() + interval '1 day')`;
    await sql`insert into sms_opt_outs (phone, source) values (${E164}, 'twilio_21610')`;
    await sql`
      insert into webhook_events (provider, event_id, type, payload, state) values
        ('square', 'evt-zq-1', 'payment.updated', ${sql.json({ data: { id: "PAY-ZQ", object: { payment: { order_id: "SQ-ORDER-ZQ", buyer_email_address: EMAIL, shipping_address: { address_line_1: STREET } } } } })}, 'processed'),
        ('square', 'evt-zq-2', 'payment.updated', ${sql.json({ data: { id: "PAY-ZQ2", object: { payment: { buyer_email_address: EMAIL, note: `for ${NAME}` } } } })}, 'failed'),
        ('square', 'evt-other', 'payment.updated', ${sql.json({ data: { id: "PAY-O", object: { payment: { buyer_email_address: "olga@example.com" } } } })}, 'processed')`;

    const byEmail = await sql`select * from customer_privacy_search(${EMAIL.toUpperCase()})`;
    expect(byEmail).toEqual([expect.objectContaining({ email: EMAIL, name: NAME, orders: 2 })]);
    const byPhone = await sql`select * from customer_privacy_search('+1 217 555 0142')`;
    expect(byPhone).toEqual([expect.objectContaining({ email: EMAIL, orders: 2 })]);
    await expectSqlError(sql`select * from customer_privacy_search('zeb')`, "LR422", "q");

    const [{ data }] = await sql<{ data: Record<string, any> }[]>`
      select customer_privacy_export(${EMAIL}, null, ${ownerId}, 'req-export', '10.0.0.1') as data`;
    expect(data.customers).toEqual([expect.objectContaining({ email: EMAIL, name: NAME })]);
    expect(data.orders.map((o: any) => o.name)).toEqual([NAME, NAME]);
    const delivery = data.orders[0];
    expect(delivery).toMatchObject({ email: EMAIL, phone: PHONE, note: `Ring twice and ask for ${NAME}`, address: { line1: STREET, postal_code: "62701" } });
    expect(delivery.items).toEqual([expect.objectContaining({ variant: "Half dozen", quantity: 3 })]);
    expect(data.emails.length).toBeGreaterThanOrEqual(2);
    expect(data.emails.some((e: any) => e.to === EMAIL && e.text_body)).toBe(true);
    expect(data.texts).toEqual([expect.objectContaining({ to: E164, template: "order_out_for_delivery" })]);
    expect(data.consents).toEqual([expect.objectContaining({ kind: "text_messages", phone: E164 })]);
    expect(data.sms_opt_outs).toEqual([expect.objectContaining({ phone: E164 })]);
    expect(data.sessions).toHaveLength(1);
    expect(data.square_webhook_events.map((w: any) => w.event_id)).toEqual(["evt-zq-1", "evt-zq-2"]);
    expect(data.held_by_square.square_order_ids).toEqual(["SQ-ORDER-ZQ"]);
    expect(data.held_by_square.note).toMatch(/Square/);

    const audit = await sql`select actor, action, subject_type, after, request_id from audit_log where action = 'privacy.export'`;
    expect(audit).toEqual([expect.objectContaining({ actor: "owner@shop.test", subject_type: "customer", request_id: "req-export" })]);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
    await expectSqlError(sql`select customer_privacy_export(${EMAIL}, null, ${staffId}, 'r', null)`, "LR409");
    await expectSqlError(sql`select customer_privacy_export('', '12', ${ownerId}, 'r', null)`, "LR422", "email");
  });

  it("refuses an erasure that is not confirmed, or that would leave an open order without a customer", async () => {
    const before = await databaseText();
    await expectSqlError(sql`select erase_customer(${EMAIL}, null, 'someone@else.com', ${ownerId}, 'r', null)`, "LR422", "confirm");
    await expectSqlError(sql`select erase_customer(${EMAIL}, null, ${EMAIL}, ${staffId}, 'r', null)`, "LR409");
    const location = await locationId(sql);
    const v = await seededVariants(sql);
    const open = (await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, name: NAME, email: EMAIL, phone: PHONE })).order_id;
    const refused = await expectSqlError(sql`select erase_customer(${EMAIL}, null, ${EMAIL}, ${ownerId}, 'r', null)`, "LR409");
    expect(refused.message).toMatch(/still pending payment/);
    await cancelOrder(open, "Test order");
    await sql`delete from order_events where order_id = ${open}`;
    await sql`delete from order_items where order_id = ${open}`;
    await sql`delete from email_outbox where order_id = ${open}`;
    await sql`delete from orders where id = ${open}`;
    expect(await databaseText()).toBe(before);
  });

  it("erases them: nothing of their identity is left but the opt-out, and the books still add up", async () => {
    const present = await identityEverywhere();
    expect(present.name).toEqual(expect.arrayContaining(["orders.customer_name", "customers.name", "email_outbox.text_body", "order_events.message", "webhook_events.payload"]));
    expect(present.email).toEqual(expect.arrayContaining(["orders.customer_email", "email_outbox.to_address", "webhook_events.payload"]));
    const [money] = await sql`select number, total_cents, subtotal_cents, tax_cents, paid_at, state from orders where id = ${deliveryId}`;

    const [{ erasure }] = await sql<{ erasure: Record<string, unknown> }[]>`
      select erase_customer(${EMAIL}, null, ${EMAIL.toUpperCase()}, ${ownerId}, 'req-erase', '10.0.0.1') as erasure`;
    expect(erasure).toMatchObject({ customers: 1, sessions: 1, carts: 2, webhook_events: 2, texts: 1 });

    expect(await identityEverywhere()).toEqual({ name: [], email: [], phoneTyped: [], phoneDigits: ["sms_opt_outs.phone"], street: [] });
    const [after] = await sql`select number, total_cents, subtotal_cents, tax_cents, paid_at, state from orders where id = ${deliveryId}`;
    expect(after).toEqual(money);
    const [erased] = await sql`select customer_name, customer_email, address_postal_code, erased_at from orders where id = ${deliveryId}`;
    expect(erased).toMatchObject({ customer_name: "Erased customer", customer_email: null, address_postal_code: "62701" });
    expect(erased.erased_at).toBeInstanceOf(Date);
    const [{ items }] = await sql`select count(*)::int as items from order_items where order_id = ${deliveryId}`;
    expect(items).toBe(1);
    const emails = await sql`select template, status, to_address, text_body from email_outbox where order_id = ${deliveryId}`;
    expect(emails.length).toBeGreaterThanOrEqual(2);
    expect(emails.every((e) => e.to_address === null && e.text_body === null)).toBe(true);
    const [replay] = await sql`select record_webhook_event('square', 'evt-zq-1', 'payment.updated', '{}', 'r') as fresh`;
    expect(replay.fresh).toBe(false);

    // The other customer is untouched.
    const [other] = await sql`select customer_name, customer_email from orders where id = ${otherId}`;
    expect(other).toEqual({ customer_name: "Olga Other", customer_email: "olga@example.com" });
    expect(await whereFound("olga@example.com")).toEqual(expect.arrayContaining(["orders.customer_email", "customers.email", "webhook_events.payload"]));

    const audit = await sql`select actor, subject_type, after, request_id, host(ip) as ip from audit_log where action = 'privacy.erase'`;
    expect(audit).toEqual([expect.objectContaining({ actor: "owner@shop.test", request_id: "req-erase", ip: "10.0.0.1" })]);
    expect(audit[0].after.order_numbers).toHaveLength(2);
  });

  it("erasing again finds nothing and changes nothing; a STOP is still honoured", async () => {
    const before = await databaseText();
    const [{ erasure }] = await sql<{ erasure: Record<string, unknown> }[]>`
      select erase_customer(${EMAIL}, null, ${EMAIL}, ${ownerId}, 'req-again', null) as erasure`;
    expect(erasure).toMatchObject({ order_numbers: [], customers: 0, emails: 0, texts: 0, sessions: 0, carts: 0, webhook_events: 0 });
    expect(await databaseText()).toBe(before);
    const [{ opted }] = await sql`select count(*)::int as opted from sms_opt_outs where phone = ${E164}`;
    expect(opted).toBe(1);
    const [{ data }] = await sql<{ data: Record<string, any> }[]>`select customer_privacy_summary(${EMAIL}, null) as data`;
    expect(data).toMatchObject({ customers: 0, orders: [], emails: 0, texts: 0 });
  });
});
