// The daily purge: webhook payloads, email and text bodies past their retention go (rows, event ids
// and history stay), expired sessions go, and so do carts nobody checked out, touched lately, or holds
// in a live session; the periods are owners' settings, audit-logged. The job runs the same purge.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { cartWith, expectSqlError, locationId, placeOrder, seededVariants, type Sql } from "../../support/sql-helpers";

let harness: AppHarness;
let sql: Sql;
let ownerId: number;

beforeAll(async () => {
  harness = await startAppHarness();
  sql = harness.database.sql;
  [{ id: ownerId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('owner@shop.test', 'Olive Owner', 'x', 'owner') returning id`;
});

afterAll(async () => {
  await harness?.stop();
});

async function webhook(eventId: string, state: string, daysAgo: number) {
  await sql`
    insert into webhook_events (provider, event_id, type, payload, state, received_at)
    values ('square', ${eventId}, 'payment.updated', ${sql.json({ data: { id: eventId, object: { buyer_email_address: "buyer@example.com" } } })},
            ${state}, now() - make_interval(days => ${daysAgo}))`;
}

describe("retention purge", () => {
  it("keeps each kind for its period (defaults, then the owner's), then purges it; a second run finds nothing", async () => {
    expect(await sql`select key, days, default_days, is_default from retention_settings()`).toEqual([
      { key: "retention.webhook_payload_days", days: 30, default_days: 30, is_default: true },
      { key: "retention.outbox_body_days", days: 90, default_days: 90, is_default: true },
      { key: "retention.abandoned_cart_days", days: 30, default_days: 30, is_default: true },
    ]);
    const location = await locationId(sql);
    const v = await seededVariants(sql);

    await webhook("old-processed", "processed", 31);
    await webhook("old-ignored", "ignored", 40);
    await webhook("old-dead", "dead", 40);
    await webhook("recent", "processed", 29);

    const ordered = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, email: "old@example.com" });
    await sql`
      insert into email_outbox (template, to_address, order_id, subject, text_body, html_body, status, created_at) values
        ('order_confirmation', 'old@example.com', ${ordered.order_id}, 'Old', 'old body', '<p>old</p>', 'sent', now() - interval '91 days'),
        ('order_ready', 'old@example.com', ${ordered.order_id}, 'Recent', 'recent body', '<p>recent</p>', 'sent', now() - interval '89 days'),
        ('order_delayed', 'old@example.com', ${ordered.order_id}, null, null, null, 'queued', now() - interval '120 days')`;
    await sql`
      insert into sms_outbox (template, to_number, order_id, body, status, transport, sent_at, created_at) values
        ('order_ready', '+12175550100', ${ordered.order_id}, 'old text', 'sent', 'outbox', now(), now() - interval '91 days'),
        ('order_ready', '+12175550100', ${ordered.order_id}, 'queued text', 'queued', null, null, now() - interval '91 days')`;

    const liveSession = randomUUID();
    const abandoned = await cartWith(sql, [[v.horchata, 1]]);
    const heldBySession = await cartWith(sql, [[v.horchata, 1]]);
    const heldByStaff = await cartWith(sql, [[v.horchata, 1]]);
    const recent = await cartWith(sql, [[v.horchata, 1]]);
    const heldByExpired = await cartWith(sql, [[v.horchata, 1]]);
    await sql`update carts set updated_at = now() - interval '31 days' where id in ${sql([abandoned, heldBySession, heldByStaff, heldByExpired])}`;
    await sql`update carts set updated_at = now() - interval '31 days', checked_out_at = now() - interval '31 days' where id = (select cart_id from orders where id = ${ordered.order_id})`;
    await sql`
      insert into sessions (id, data, expires_at) values
        (${liveSession}, ${sql.json({ cartId: heldBySession })}, now() + interval '1 day'),
        (${randomUUID()}, ${sql.json({ staffCartId: heldByStaff })}, now() + interval '1 day'),
        (${randomUUID()}, ${sql.json({ cartId: heldByExpired })}, now() - interval '1 minute')`;

    // The address an order came from is kept a day after it stops waiting for payment.
    const waiting = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, email: "waiting@example.com" });
    const justCancelled = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location, email: "fresh@example.com" });
    await sql`update orders set client_ip = '203.0.113.7', session_key = repeat('a', 64) where id in ${sql([ordered.order_id, waiting.order_id, justCancelled.order_id])}`;
    await sql`update orders set state = 'cancelled' where id in ${sql([ordered.order_id, justCancelled.order_id])}`;
    await sql`update orders set updated_at = now() - interval '2 days' where id in ${sql([ordered.order_id, waiting.order_id])}`;

    const [{ purged }] = await sql`select purge_retained_data() as purged`;
    expect(purged).toEqual({ webhook_payloads: 2, email_bodies: 1, text_bodies: 1, sessions: 1, carts: 2, order_addresses: 1, sign_in_codes: 0 });
    expect(await sql`select id, client_ip is null as cleared, session_key is null as key_cleared from orders where id in ${sql([ordered.order_id, waiting.order_id, justCancelled.order_id])} order by id`).toEqual([
      { id: ordered.order_id, cleared: true, key_cleared: true },
      { id: waiting.order_id, cleared: false, key_cleared: false },
      { id: justCancelled.order_id, cleared: false, key_cleared: false },
    ]);

    expect(await sql`select event_id, payload is null as purged, payload_purged_at is not null as marked from webhook_events order by event_id`).toEqual([
      { event_id: "old-dead", purged: false, marked: false },
      { event_id: "old-ignored", purged: true, marked: true },
      { event_id: "old-processed", purged: true, marked: true },
      { event_id: "recent", purged: false, marked: false },
    ]);
    // A replayed delivery of a purged event is still a duplicate.
    const [{ fresh }] = await sql`select record_webhook_event('square', 'old-processed', 'payment.updated', '{}', 'r') as fresh`;
    expect(fresh).toBe(false);
    expect(await sql`select template, to_address, status, text_body, body_purged_at is not null as purged from email_outbox order by id`).toEqual([
      { template: "order_confirmation", to_address: "old@example.com", status: "sent", text_body: null, purged: true },
      { template: "order_ready", to_address: "old@example.com", status: "sent", text_body: "recent body", purged: false },
      { template: "order_delayed", to_address: "old@example.com", status: "queued", text_body: null, purged: false },
    ]);
    expect(await sql`select to_number, status, body from sms_outbox order by id`).toEqual([
      { to_number: "+12175550100", status: "sent", body: null },
      { to_number: "+12175550100", status: "queued", body: "queued text" },
    ]);
    const carts = await sql<{ id: string }[]>`select id from carts`;
    const left = new Set(carts.map((c) => c.id));
    expect([abandoned, heldByExpired].filter((id) => left.has(id))).toEqual([]);
    expect([heldBySession, heldByStaff, recent].every((id) => left.has(id))).toBe(true);
    const [{ orderCart }] = await sql`select cart_id is not null as "orderCart" from orders where id = ${ordered.order_id}`;
    expect(orderCart).toBe(true);
    expect(await sql`select id from sessions where expires_at < now()`).toEqual([]);

    const [{ again }] = await sql`select purge_retained_data() as again`;
    expect(again).toEqual({ webhook_payloads: 0, email_bodies: 0, text_bodies: 0, sessions: 0, carts: 0, order_addresses: 0, sign_in_codes: 0 });
  });

  it("lets an owner change the periods (audit-logged), refuses nonsense, and purges by the new ones", async () => {
    await expectSqlError(sql`select set_retention_days(0, 90, 30, ${ownerId}, 'r', null)`, "LR422", "webhookPayloadDays");
    await expectSqlError(sql`select set_retention_days(30, 5000, 30, ${ownerId}, 'r', null)`, "LR422", "outboxBodyDays");
    await expectSqlError(sql`select set_retention_days(30, 90, null, ${ownerId}, 'r', null)`, "LR422", "abandonedCartDays");
    await expectSqlError(sql`insert into settings (key, value) values ('retention.webhook_payload_days', '"forever"')`, "23514");
    await expectSqlError(sql`insert into settings (key, value) values ('retention.something_else', '5')`, "23514");
    const [{ id: staffId }] = await sql<{ id: number }[]>`
      insert into admin_users (email, name, password_hash, role) values ('staff@shop.test', 'Sam', 'x', 'staff') returning id`;
    await expectSqlError(sql`select set_retention_days(7, 14, 3, ${staffId}, 'r', null)`, "LR409");

    await sql`select set_retention_days(7, 14, 3, ${ownerId}, 'req-retention', '10.0.0.2')`;
    expect(await sql`select key, days, is_default from retention_settings()`).toEqual([
      { key: "retention.webhook_payload_days", days: 7, is_default: false },
      { key: "retention.outbox_body_days", days: 14, is_default: false },
      { key: "retention.abandoned_cart_days", days: 3, is_default: false },
    ]);
    const [audit] = await sql`select actor, action, before, after, request_id from audit_log where action = 'privacy.retention'`;
    expect(audit).toMatchObject({
      actor: "owner@shop.test", request_id: "req-retention",
      before: { "retention.webhook_payload_days": 30, "retention.outbox_body_days": 90, "retention.abandoned_cart_days": 30 },
      after: { "retention.webhook_payload_days": 7, "retention.outbox_body_days": 14, "retention.abandoned_cart_days": 3 },
    });

    await webhook("eight-days", "processed", 8);
    await sql`select graphile_worker.add_job('purge_retained_data', '{}'::json)`;
    await harness.drainJobs();
    const [row] = await sql`select payload is null as purged from webhook_events where event_id = 'eight-days'`;
    expect(row.purged).toBe(true);
    const [{ ready }] = await sql`select count(*)::int as ready from graphile_worker.jobs where task_identifier = 'purge_retained_data'`;
    expect(ready).toBe(0);
  });
});
