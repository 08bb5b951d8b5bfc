// A shipping order's carrier and tracking number: given on Shipped (advance_order) or added and
// corrected afterwards (set_order_tracking, audit-logged), checked in SQL so bad input changes
// nothing, and given to the customer in the shipped email with the carrier's tracking link, sent by
// the real worker to a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { addToCart, expectSqlError, newCart, placeOrder, sqlError, type Sql } from "../../support/sql-helpers";
import { readReceivedEmails } from "../../support/smtp-sink";

let harness: AppHarness;
let sql: Sql;
let board: typeof import("~/kitchen/board.server");
let tracking: typeof import("~/kitchen/shipment-tracking.server");
let audit: import("~/ops/audit.server").AuditContext;
let staffId: number;

beforeAll(async () => {
  harness = await startAppHarness();
  sql = harness.database.sql;
  board = await import("~/kitchen/board.server");
  tracking = await import("~/kitchen/shipment-tracking.server");
  const [staff] = await sql<{ id: number; email: string }[]>`
    insert into admin_users (email, name, password_hash, role) values ('packer@example.com', 'Packer', 'x', 'staff') returning id, email`;
  staffId = staff.id;
  audit = { admin: { ...staff, name: "Packer", role: "staff" }, requestId: "tracking-test", ip: null };
  await sql`update locations set shipping_enabled = true`;
});

afterAll(async () => {
  await harness?.stop();
});

/** A paid shipping order, accepted, started and packed: its next step is Shipped. */
async function packedOrder(email: string): Promise<{ id: number; number: number }> {
  const [jar] = await sql<{ id: number }[]>`
    select v.id from variants v join products p on p.id = v.product_id where p.shippable and not v.sold_out order by v.id limit 1`;
  const cartId = await newCart(sql);
  await addToCart(sql, cartId, jar.id, 1);
  const [{ id: location }] = await sql<{ id: number }[]>`select id from locations order by id limit 1`;
  const placed = await placeOrder(sql, { cartId, location, fulfillment: "shipping", email });
  await sql`select private.mark_order_paid(${placed.order_id})`;
  await board.advanceOrder({ orderId: placed.order_id, step: "start", seenState: "paid", delayMinutes: 0 }, staffId);
  await board.advanceOrder({ orderId: placed.order_id, step: "ready", seenState: "preparing", delayMinutes: 0 }, staffId);
  const [{ number }] = await sql<{ number: number }[]>`select number from orders where id = ${placed.order_id}`;
  return { id: placed.order_id, number };
}

function ship(orderId: number, carrier: string | null, trackingNumber: string | null) {
  return board.advanceOrder({ orderId, step: "shipped", seenState: "ready", delayMinutes: 0, shipmentCarrier: carrier, trackingNumber }, staffId);
}

async function stored(orderId: number) {
  const [row] = await sql<{ state: string; shipment_carrier: string | null; tracking_number: string | null }[]>`
    select state, shipment_carrier, tracking_number from orders where id = ${orderId}`;
  return row;
}

/** Everything a refused change must leave as it was. */
async function footprint(orderId: number) {
  const [row] = await sql`
    select (select row_to_json(o) from (select state, shipment_carrier, tracking_number, updated_at from orders where id = ${orderId}) o) as order,
           (select count(*)::int from order_events where order_id = ${orderId}) as events,
           (select count(*)::int from email_outbox where order_id = ${orderId}) as emails,
           (select count(*)::int from audit_log where subject_type = 'order' and subject_id = ${String(orderId)}) as audits`;
  return row;
}

const received = (to: string) => readReceivedEmails(harness.mailDir).filter((email) => email.to.includes(to));

describe("tracking given on Shipped", () => {
  it("is stored as carriers print it, and the shipped email gives the carrier, the number and the carrier's tracking link", async () => {
    const to = "tracked@example.com";
    const order = await packedOrder(to);
    expect((await ship(order.id, "UPS", " 1z 999-aa1 0123 456 784 ")).state).toBe("completed");
    expect(await stored(order.id)).toEqual({ state: "completed", shipment_carrier: "UPS", tracking_number: "1Z999AA10123456784" });
    await harness.drainJobs();

    const [, shipped] = received(to);
    expect(shipped.subject).toBe(`Order #${order.number} has shipped`);
    expect(shipped.text).toContain("It travels with UPS, tracking number 1Z999AA10123456784.");
    expect(shipped.text).toContain("Track your parcel: https://www.ups.com/track?tracknum=1Z999AA10123456784");
    expect(shipped.html).toContain('<a href="https://www.ups.com/track?tracknum=1Z999AA10123456784">Track your parcel with UPS</a>');
  });

  it("gives no link for a carrier Larder does not know, and says nothing of tracking when none was given", async () => {
    const other = await packedOrder("other-carrier@example.com");
    await ship(other.id, "Purolator", "PUR-1234");
    const none = await packedOrder("untracked@example.com");
    await ship(none.id, null, "");
    expect(await stored(none.id)).toEqual({ state: "completed", shipment_carrier: null, tracking_number: null });
    await harness.drainJobs();

    const [, viaOther] = received("other-carrier@example.com");
    expect(viaOther.text).toContain("It travels with Purolator, tracking number PUR1234.");
    expect(viaOther.text).not.toContain("Track your parcel");
    const [, untracked] = received("untracked@example.com");
    expect(untracked.text).toContain("Your order has shipped from");
    expect(untracked.text).not.toMatch(/tracking|travels/i);
  });

  it("refuses a tracking number that is too long, too short or has odd characters, and a long carrier, on its field: nothing changes", async () => {
    const order = await packedOrder("refused@example.com");
    const before = await footprint(order.id);
    await expectSqlError(ship(order.id, "UPS", "1Z<script>"), "LR422", "trackingNumber");
    await expectSqlError(ship(order.id, "UPS", "1Z9999999999'; drop table orders"), "LR422", "trackingNumber");
    await expectSqlError(ship(order.id, "UPS", "A".repeat(41)), "LR422", "trackingNumber");
    await expectSqlError(ship(order.id, "UPS", "12"), "LR422", "trackingNumber");
    await expectSqlError(ship(order.id, "C".repeat(41), "1234"), "LR422", "carrier");
    await expectSqlError(ship(order.id, "UPS\n<b>", "1234"), "LR422", "carrier");
    expect((await sqlError(ship(order.id, "UPS", "A".repeat(41)))).message).toBe("That tracking number is too long: at most 40 letters and digits.");
    await harness.drainJobs();
    expect(await footprint(order.id)).toEqual(before);
    expect(received("refused@example.com")).toHaveLength(1); // the confirmation only
  });

  it("refuses tracking on any other step, and the table refuses it on an order that is not shipped by post", async () => {
    const order = await packedOrder("wrong-step@example.com");
    const before = await footprint(order.id);
    const pickup = await harness.placeOrder("pickup-tracking@example.com");
    await sql`select private.mark_order_paid(${pickup})`;
    const pickupBefore = await footprint(pickup);
    await expectSqlError(sql`select advance_order(${pickup}, 'start', ${staffId}, 'paid', 0, 'UPS', '1Z999AA10123456784')`, "LR422", "trackingNumber");
    await expectSqlError(sql`select advance_order(${order.id}, 'delay', ${staffId}, 'ready', 5, null, '1Z999AA1')`, "LR422", "trackingNumber");
    expect(await footprint(pickup)).toEqual(pickupBefore);
    expect((await sqlError(sql`update orders set tracking_number = '1Z999AA1' where id = ${pickup}`)).constraint_name).toBe("orders_tracking_only_when_shipping");
    expect((await sqlError(sql`update orders set tracking_number = '1z 999' where id = ${order.id}`)).constraint_name).toBe("orders_tracking_number_check");
    expect((await sqlError(sql`update orders set shipment_carrier = ' UPS' where id = ${order.id}`)).constraint_name).toBe("orders_shipment_carrier_check");
    expect(await footprint(order.id)).toEqual(before);
  });
});

describe("tracking added or corrected after shipping", () => {
  it("is saved with an order event and an audit row naming who, and emails the customer the new tracking once", async () => {
    const to = "corrected@example.com";
    const order = await packedOrder(to);
    await ship(order.id, "UPS", null);
    await harness.drainJobs();
    const result = await tracking.setOrderTracking(order.id, { carrier: "Canada Post", trackingNumber: "1234 5678 9012 3456", emailCustomer: true }, audit);
    expect(result).toEqual({ changed: true, after: { carrier: "Canada Post", trackingNumber: "1234567890123456" } });
    expect(await stored(order.id)).toMatchObject({ shipment_carrier: "Canada Post", tracking_number: "1234567890123456" });

    const [entry] = await sql`select actor, action, before, after, request_id from audit_log where subject_type = 'order' and subject_id = ${String(order.id)}`;
    expect(entry).toEqual({
      actor: "packer@example.com",
      action: "order.tracking",
      before: { carrier: "UPS", trackingNumber: null },
      after: { carrier: "Canada Post", trackingNumber: "1234567890123456", emailCustomer: true },
      request_id: "tracking-test",
    });
    const [event] = await sql`select type, message, admin_user_id from order_events where order_id = ${order.id} order by id desc limit 1`;
    expect(event).toEqual({ type: "tracking_updated", message: "Tracking: Canada Post 1234567890123456.", admin_user_id: staffId });

    // The same values again change nothing: no event, no audit row, no email.
    const again = await tracking.setOrderTracking(order.id, { carrier: "Canada Post", trackingNumber: "1234567890123456", emailCustomer: true }, audit);
    expect(again.changed).toBe(false);
    await harness.drainJobs();
    const emails = received(to);
    expect(emails.map((email) => email.subject)).toEqual([
      expect.stringMatching(new RegExp(`^Order #${order.number} confirmed`)),
      `Order #${order.number} has shipped`,
      `Order #${order.number}: tracking for your parcel`,
    ]);
    expect(emails[1].text).toContain("It travels with UPS.");
    expect(emails[2].text).toContain("It travels with Canada Post, tracking number 1234567890123456.");
    expect(emails[2].text).toContain("Track your parcel: https://www.canadapost-postescanada.ca/track-reperage/en#/details/1234567890123456");
    expect(await sql`select count(*)::int as n from audit_log where subject_id = ${String(order.id)}`).toEqual([{ n: 1 }]);
  });

  it("sends nothing when staff untick the email, and removes the tracking when both fields are empty", async () => {
    const to = "quiet-fix@example.com";
    const order = await packedOrder(to);
    await ship(order.id, "FedEx", "1234567890");
    await tracking.setOrderTracking(order.id, { carrier: "FedEx", trackingNumber: "123456789012", emailCustomer: false }, audit);
    await tracking.setOrderTracking(order.id, { carrier: null, trackingNumber: null, emailCustomer: true }, audit);
    expect(await stored(order.id)).toMatchObject({ shipment_carrier: null, tracking_number: null });
    await harness.drainJobs();
    expect(received(to).map((email) => email.subject)).toHaveLength(2); // confirmation, shipped
    const entries = await sql`select before, after from audit_log where subject_id = ${String(order.id)} order by id`;
    expect(entries.map((entry) => entry.after)).toEqual([
      { carrier: "FedEx", trackingNumber: "123456789012", emailCustomer: false },
      { carrier: null, trackingNumber: null, emailCustomer: true },
    ]);
  });

  it("refuses bad input and orders that have not shipped or are not shipped by post, changing nothing", async () => {
    const order = await packedOrder("not-yet@example.com");
    const before = await footprint(order.id);
    await expectSqlError(tracking.setOrderTracking(order.id, { carrier: "UPS", trackingNumber: "1Z999AA1", emailCustomer: true }, audit), "LR409");
    await ship(order.id, "UPS", "1Z999AA1");
    const shipped = await footprint(order.id);
    expect(shipped.events).toBeGreaterThan(before.events);
    await expectSqlError(tracking.setOrderTracking(order.id, { carrier: "UPS", trackingNumber: "1Z-<999>", emailCustomer: true }, audit), "LR422", "trackingNumber");
    await expectSqlError(tracking.setOrderTracking(order.id, { carrier: "UPS", trackingNumber: "9".repeat(41), emailCustomer: true }, audit), "LR422", "trackingNumber");
    expect(await footprint(order.id)).toEqual(shipped);
    const pickup = await harness.placeOrder("pickup-fix@example.com");
    await expectSqlError(tracking.setOrderTracking(pickup, { carrier: "UPS", trackingNumber: "1Z999AA1", emailCustomer: true }, audit), "LR409");
    await expectSqlError(tracking.setOrderTracking(999_999_999, { carrier: "UPS", trackingNumber: "1Z999AA1", emailCustomer: true }, audit), "LR404");
  });
});
