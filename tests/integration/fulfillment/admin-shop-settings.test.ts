// The server side of the admin's fulfillment and pricing pages on a real database: location
// settings, weekly hours and closures, delivery zones with their postal codes, and promo codes.
// Every change leaves an audit row; every refusal leaves the shop as it was and no audit row.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { expectSqlError, locationId as mainStreetId, rowCounts } from "../../support/sql-helpers";

let database: TestDatabase;
let audit: import("~/ops/audit.server").AuditContext;
let location: number;

// The app's modules read the environment when first imported, so they are loaded after it is set.
let app: typeof import("~/fulfillment/locations.server") &
  typeof import("~/fulfillment/delivery-zones.server") &
  typeof import("~/ordering/promo-codes.server") & { sql: typeof import("~/lib/db.server").sql };

beforeAll(async () => {
  database = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  app = {
    ...(await import("~/fulfillment/locations.server")),
    ...(await import("~/fulfillment/delivery-zones.server")),
    ...(await import("~/ordering/promo-codes.server")),
    ...(await import("~/lib/db.server")),
  };
  await seedDemoShop(database.sql);
  location = await mainStreetId(database.sql);
  const [admin] = await database.sql<{ id: number; email: string }[]>`
    insert into admin_users (email, password_hash) values ('owner@example.com', 'scrypt$x') returning id, email`;
  audit = { admin: { ...admin, name: "", role: "owner" }, requestId: "req-settings", ip: "127.0.0.1" };
});

afterAll(async () => {
  await app?.sql.end();
  await database?.drop();
});

async function auditRows(action: string) {
  return database.sql<{ actor: string; subject_type: string; subject_id: string; before: any; after: any; request_id: string; ip: string }[]>`
    select actor, subject_type, subject_id, before, after, request_id, host(ip) as ip
      from audit_log where action = ${action} order by id`;
}

async function auditCount() {
  const [{ count }] = await database.sql<{ count: number }[]>`select count(*)::int as count from audit_log`;
  return count;
}

describe("location settings", () => {
  it("reads a location's settings with its hours and upcoming closures", async () => {
    const settings = await app.getLocationSettings(location);
    expect(settings).toMatchObject({
      id: location,
      name: "Masa & Co. Empanadas",
      timezone: "America/Chicago",
      currency: "USD",
      pickup: { slotMinutes: 15, leadMinutes: 20, daysAhead: 2, slotCapacity: 8 },
      delivery: { enabled: true, windowMinutes: 60, leadMinutes: 60, daysAhead: 2, windowCapacity: 4 },
      shipping: { enabled: true, flatCents: 950, daysAhead: 7 },
      tax: { name: "Sales tax", rateBps: 825, inclusive: false },
      tips: { enabled: true, percentages: [10, 15, 20] },
      closures: [],
    });
    expect(settings?.hours).toHaveLength(7);
    expect(settings?.hours[0]).toEqual({ weekday: 0, opensAt: "09:00", closesAt: "15:00" });
    expect(await app.getLocationSettings(999_999)).toBeNull();
  });

  it("changes the tax and records who did it, with before and after", async () => {
    expect(await app.updateTaxSettings(location, { name: "State sales tax", rateBps: 725, inclusive: true }, audit)).toBe(true);
    const settings = await app.getLocationSettings(location);
    expect(settings?.tax).toEqual({ name: "State sales tax", rateBps: 725, inclusive: true });
    const [row] = await auditRows("location.update_tax");
    expect(row).toEqual({
      actor: "owner@example.com",
      subject_type: "location",
      subject_id: String(location),
      before: { tax_name: "Sales tax", tax_rate_bps: 825, tax_inclusive: false },
      after: { tax_name: "State sales tax", tax_rate_bps: 725, tax_inclusive: true },
      request_id: "req-settings",
      ip: "127.0.0.1",
    });
  });

  it("changes pickup, delivery, shipping and tips, one audit row each", async () => {
    await app.updatePickupSettings(location, { slotMinutes: 20, leadMinutes: 30, daysAhead: 5, slotCapacity: 12 }, audit);
    await app.updateDeliverySettings(location, { enabled: true, windowMinutes: 45, leadMinutes: 90, daysAhead: 3, windowCapacity: 6 }, audit);
    await app.updateShippingSettings(location, { enabled: true, flatCents: 950, daysAhead: 10 }, audit);
    await app.updateTipSettings(location, { enabled: false, percentages: [12, 18] }, audit);
    const settings = await app.getLocationSettings(location);
    expect(settings).toMatchObject({
      pickup: { slotMinutes: 20, leadMinutes: 30, daysAhead: 5, slotCapacity: 12 },
      delivery: { enabled: true, windowMinutes: 45, leadMinutes: 90, daysAhead: 3, windowCapacity: 6 },
      shipping: { enabled: true, flatCents: 950, daysAhead: 10 },
      tips: { enabled: false, percentages: [12, 18] },
    });
    expect((await auditRows("location.update_pickup"))[0].after).toEqual({
      pickup_slot_minutes: 20, pickup_lead_minutes: 30, pickup_days_ahead: 5, pickup_slot_capacity: 12,
    });
    expect((await auditRows("location.update_tips"))[0]).toMatchObject({
      before: { tips_enabled: true, tip_percentages: [10, 15, 20] },
      after: { tips_enabled: false, tip_percentages: [12, 18] },
    });
    expect(await auditRows("location.update_delivery")).toHaveLength(1);
    expect(await auditRows("location.update_shipping")).toHaveLength(1);
  });

  it("refuses values outside the database's limits and changes nothing", async () => {
    const before = await app.getLocationSettings(location);
    const audited = await auditCount();
    await expectSqlError(app.updatePickupSettings(location, { slotMinutes: 2, leadMinutes: 30, daysAhead: 5, slotCapacity: 12 }, audit), "23514");
    await expectSqlError(app.updateTipSettings(location, { enabled: true, percentages: [10, 150] }, audit), "23514");
    await expectSqlError(app.updateTaxSettings(location, { name: "Tax", rateBps: 9000, inclusive: false }, audit), "23514");
    expect(await app.getLocationSettings(location)).toEqual(before);
    expect(await auditCount()).toBe(audited);
  });

  it("switches the kitchen to accepting by hand, and back, audited; refuses an alert outside 1 to 240 minutes", async () => {
    await app.updateKitchenSettings(location, { autoAccept: false, acceptAlertMinutes: 5 }, audit);
    expect((await app.getLocationSettings(location))?.kitchen).toEqual({ autoAccept: false, acceptAlertMinutes: 5 });
    expect((await auditRows("location.update_kitchen"))[0]).toMatchObject({
      before: { auto_accept: true, accept_alert_minutes: 10 },
      after: { auto_accept: false, accept_alert_minutes: 5 },
    });
    await expectSqlError(app.updateKitchenSettings(location, { autoAccept: true, acceptAlertMinutes: 0 }, audit), "23514");
    await app.updateKitchenSettings(location, { autoAccept: true, acceptAlertMinutes: 10 }, audit);
    expect((await app.getLocationSettings(location))?.kitchen).toEqual({ autoAccept: true, acceptAlertMinutes: 10 });
  });

  it("answers false for a location that does not exist", async () => {
    expect(await app.updateTaxSettings(999_999, { name: "Tax", rateBps: 100, inclusive: false }, audit)).toBe(false);
    expect(await app.replaceOpeningHours(999_999, [], audit)).toBe(false);
  });
});

describe("weekly hours", () => {
  it("replaces the week: several ranges a day, days without ranges closed", async () => {
    const hours = [
      { weekday: 1, opensAt: "13:00", closesAt: "20:00" },
      { weekday: 1, opensAt: "08:00", closesAt: "12:00" },
      { weekday: 2, opensAt: "08:00", closesAt: "24:00" },
      { weekday: 6, opensAt: "10:00", closesAt: "14:00" },
    ];
    expect(await app.replaceOpeningHours(location, hours, audit)).toBe(true);
    const settings = await app.getLocationSettings(location);
    expect(settings?.hours).toEqual([
      { weekday: 1, opensAt: "08:00", closesAt: "12:00" },
      { weekday: 1, opensAt: "13:00", closesAt: "20:00" },
      { weekday: 2, opensAt: "08:00", closesAt: "24:00" },
      { weekday: 6, opensAt: "10:00", closesAt: "14:00" },
    ]);
    const [row] = await auditRows("location.update_hours");
    expect(row.before).toHaveLength(7);
    expect(row.after).toEqual([
      { weekday: 1, opens_at: "08:00", closes_at: "12:00" },
      { weekday: 1, opens_at: "13:00", closes_at: "20:00" },
      { weekday: 2, opens_at: "08:00", closes_at: "24:00" },
      { weekday: 6, opens_at: "10:00", closes_at: "14:00" },
    ]);
  });

  it("refuses overlapping ranges on the day's field, keeping the hours as they were", async () => {
    const before = (await app.getLocationSettings(location))?.hours;
    const audited = await auditCount();
    const error = await expectSqlError(
      app.replaceOpeningHours(location, [
        { weekday: 3, opensAt: "08:00", closesAt: "12:00" },
        { weekday: 3, opensAt: "11:30", closesAt: "15:00" },
      ], audit),
      "LR422",
      "hours3",
    );
    expect(error.message).toBe("Wednesday hours 08:00–12:00 and 11:30–15:00 overlap.");
    expect((await app.getLocationSettings(location))?.hours).toEqual(before);
    expect(await auditCount()).toBe(audited);
  });

  it("lets ranges touch end to start", async () => {
    await app.replaceOpeningHours(location, [
      { weekday: 4, opensAt: "08:00", closesAt: "12:00" },
      { weekday: 4, opensAt: "12:00", closesAt: "16:00" },
    ], audit);
    expect((await app.getLocationSettings(location))?.hours).toHaveLength(2);
  });
});

describe("closures", () => {
  async function localDate(daysFromToday: number): Promise<string> {
    const [{ day }] = await database.sql<{ day: string }[]>`
      select to_char((now() at time zone timezone)::date + ${daysFromToday}::int, 'YYYY-MM-DD') as day
        from locations where id = ${location}`;
    return day;
  }

  it("adds a closed day with its reason, lists it, and removes it", async () => {
    const christmas = await localDate(10);
    await app.addClosure(location, { closedOn: christmas, reason: "  Staff holiday " }, audit);
    expect((await app.getLocationSettings(location))?.closures).toEqual([{ closedOn: christmas, reason: "Staff holiday" }]);
    expect((await auditRows("location.add_closure"))[0].after).toEqual({ closed_on: christmas, reason: "Staff holiday" });

    expect(await app.removeClosure(location, christmas, audit)).toBe(true);
    expect((await app.getLocationSettings(location))?.closures).toEqual([]);
    expect((await auditRows("location.remove_closure"))[0].before).toEqual({ closed_on: christmas, reason: "Staff holiday" });
    expect(await app.removeClosure(location, christmas, audit)).toBe(false);
  });

  it("refuses a day in the past and a day already closed, on the date field", async () => {
    const audited = await auditCount();
    const yesterday = await localDate(-1);
    const error = await expectSqlError(app.addClosure(location, { closedOn: yesterday, reason: "" }, audit), "LR422", "closedOn");
    expect(error.message).toBe("Pick today or a later date.");

    const day = await localDate(3);
    await app.addClosure(location, { closedOn: day, reason: "Inventory" }, audit);
    const duplicate = await expectSqlError(app.addClosure(location, { closedOn: day, reason: "Again" }, audit), "LR409", "closedOn");
    expect(duplicate.message).toMatch(/^The location is already closed on \w+day, \w+ \d+, \d{4}\.$/);
    const [closure] = await database.sql`select reason from location_closures where location_id = ${location} and closed_on = ${day}`;
    expect(closure.reason).toBe("Inventory");
    expect(await auditCount()).toBe(audited + 1);
    await app.removeClosure(location, day, audit);
  });
});

describe("delivery zones", () => {
  beforeEach(async () => {
    await database.sql`delete from delivery_zones`;
  });

  const downtown = { name: "Downtown", feeCents: 399, minimumCents: 1500, isActive: true, postalCodes: ["62701", "62702"] };

  it("creates a zone with its postal codes and audits it", async () => {
    const id = await app.createDeliveryZone(location, downtown, audit);
    expect(await app.getDeliveryZone(id)).toEqual({
      id, locationId: location, locationName: "Masa & Co. Empanadas", currency: "USD", name: "Downtown",
      feeCents: 399, minimumCents: 1500, isActive: true, postalCodes: ["62701", "62702"],
    });
    const rows = await auditRows("delivery_zone.create");
    expect(rows.at(-1)).toMatchObject({
      subject_type: "delivery_zone",
      subject_id: String(id),
      after: { location_id: location, name: "Downtown", fee_cents: 399, minimum_cents: 1500, is_active: true, postal_codes: ["62701", "62702"] },
    });
  });

  it("refuses a postal code another zone already has, naming that zone, and creates nothing", async () => {
    await app.createDeliveryZone(location, downtown, audit);
    const counts = await rowCounts(database.sql, ["delivery_zones", "delivery_zone_postal_codes", "audit_log"]);
    const error = await expectSqlError(
      app.createDeliveryZone(location, { ...downtown, name: "Westside", postalCodes: ["62704", "62702"] }, audit),
      "LR409",
      "postalCodes",
    );
    expect(error.message).toBe('Postal code 62702 is already in the zone "Downtown".');
    const both = await expectSqlError(
      app.createDeliveryZone(location, { ...downtown, name: "Westside", postalCodes: ["62702", "62701"] }, audit),
      "LR409",
      "postalCodes",
    );
    expect(both.message).toBe('Postal codes 62701, 62702 are already in the zone "Downtown".');
    expect(await rowCounts(database.sql, ["delivery_zones", "delivery_zone_postal_codes", "audit_log"])).toEqual(counts);
  });

  it("edits a zone, replacing its codes, so a freed code can move to another zone", async () => {
    const first = await app.createDeliveryZone(location, downtown, audit);
    const second = await app.createDeliveryZone(location, { ...downtown, name: "Westside", postalCodes: ["62704"] }, audit);
    expect(await app.updateDeliveryZone(first, { ...downtown, feeCents: 450, isActive: false, postalCodes: ["62701"] }, audit)).toBe(true);
    expect(await app.updateDeliveryZone(second, { ...downtown, name: "Westside", postalCodes: ["62704", "62702"] }, audit)).toBe(true);
    expect(await app.getDeliveryZone(first)).toMatchObject({ feeCents: 450, isActive: false, postalCodes: ["62701"] });
    expect(await app.getDeliveryZone(second)).toMatchObject({ postalCodes: ["62702", "62704"] });
    const [update] = (await auditRows("delivery_zone.update")).slice(-2);
    expect(update).toMatchObject({
      subject_id: String(first),
      before: { fee_cents: 399, is_active: true, postal_codes: ["62701", "62702"] },
      after: { fee_cents: 450, is_active: false, postal_codes: ["62701"] },
    });
    expect((await app.listDeliveryZones(location)).map((zone) => zone.name)).toEqual(["Downtown", "Westside"]);
  });

  it("refuses a clash on edit and keeps the zone as it was", async () => {
    const first = await app.createDeliveryZone(location, downtown, audit);
    const second = await app.createDeliveryZone(location, { ...downtown, name: "Westside", postalCodes: ["62704"] }, audit);
    const audited = await auditCount();
    await expectSqlError(
      app.updateDeliveryZone(second, { ...downtown, name: "West side", feeCents: 1, postalCodes: ["62704", "62701"] }, audit),
      "LR409",
      "postalCodes",
    );
    expect(await app.getDeliveryZone(second)).toMatchObject({ name: "Westside", feeCents: 399, postalCodes: ["62704"] });
    expect(await app.getDeliveryZone(first)).toMatchObject({ postalCodes: ["62701", "62702"] });
    expect(await auditCount()).toBe(audited);
  });

  it("refuses a second zone with the same name at the location", async () => {
    await app.createDeliveryZone(location, downtown, audit);
    const error = await expectSqlError(
      app.createDeliveryZone(location, { ...downtown, name: " downtown ", postalCodes: ["62799"] }, audit),
      "LR409",
      "name",
    );
    expect(error.message).toBe('There is already a delivery zone named "downtown".');
  });

  it("answers false when editing a zone that does not exist", async () => {
    expect(await app.updateDeliveryZone(999_999, downtown, audit)).toBe(false);
  });
});

describe("promo codes", () => {
  beforeEach(async () => {
    await database.sql`delete from promo_redemptions`;
    await database.sql`delete from orders`;
    await database.sql`update promo_codes set uses = 0`;
    await database.sql`delete from promo_codes`;
  });

  const welcome = {
    code: "welcome10 ",
    description: "10 % off your first order",
    kind: "percent" as const,
    percentBps: 1000,
    amountCents: null,
    minimumSubtotalCents: 2000,
    startsAt: "2030-01-15T09:00",
    endsAt: null,
    maxUses: null,
    maxUsesPerCustomer: 1,
    isActive: true,
  };

  it("creates a code upper-cased, its window read on the location's clock", async () => {
    const id = await app.createPromoCode(welcome, audit);
    expect(await app.getPromoCode(id)).toEqual({
      id, code: "WELCOME10", description: "10 % off your first order", kind: "percent", percentBps: 1000,
      amountCents: null, currency: "USD", minimumSubtotalCents: 2000, startsAt: "2030-01-15T09:00", endsAt: null,
      maxUses: null, maxUsesPerCustomer: 1, isActive: true, uses: 0, redemptions: 0, status: "scheduled",
    });
    const [stored] = await database.sql<{ starts_at: Date }[]>`select starts_at from promo_codes where id = ${id}`;
    // 09:00 in Springfield, Illinois in January (CST, UTC−6).
    expect(stored.starts_at.toISOString()).toBe("2030-01-15T15:00:00.000Z");
    const [row] = await auditRows("promo_code.create");
    expect(row).toMatchObject({ subject_type: "promo_code", subject_id: String(id), after: { code: "WELCOME10", percent_bps: 1000 } });
    expect(await app.promoTimeZone()).toBe("America/Chicago");
  });

  it("edits a code into a fixed amount, dropping the percentage, and audits before and after", async () => {
    const id = await app.createPromoCode(welcome, audit);
    const changed = { ...welcome, code: "FIVEOFF", kind: "fixed" as const, amountCents: 500, startsAt: null, endsAt: "2030-07-01T00:00", maxUses: 100 };
    expect(await app.updatePromoCode(id, changed, audit)).toBe(true);
    expect(await app.getPromoCode(id)).toMatchObject({
      code: "FIVEOFF", kind: "fixed", percentBps: null, amountCents: 500, startsAt: null, endsAt: "2030-07-01T00:00", maxUses: 100, status: "live",
    });
    const [row] = await auditRows("promo_code.update");
    expect(row.before).toMatchObject({ code: "WELCOME10", kind: "percent", percent_bps: 1000 });
    expect(row.after).toMatchObject({ code: "FIVEOFF", kind: "fixed", amount_cents: 500, percent_bps: null });
    expect(await app.updatePromoCode(999_999, changed, audit)).toBe(false);
  });

  it("refuses a code that exists already, on the code field", async () => {
    await app.createPromoCode(welcome, audit);
    const audited = await auditCount();
    const error = await expectSqlError(app.createPromoCode({ ...welcome, code: "Welcome10" }, audit), "LR409", "code");
    expect(error.message).toBe("There is already a promo code WELCOME10.");
    expect(await rowCounts(database.sql, ["promo_codes"])).toEqual({ promo_codes: 1 });
    expect(await auditCount()).toBe(audited);
  });

  it("refuses a total limit below the uses so far", async () => {
    const id = await app.createPromoCode(welcome, audit);
    await database.sql`update promo_codes set uses = 3 where id = ${id}`;
    const error = await expectSqlError(app.updatePromoCode(id, { ...welcome, maxUses: 2 }, audit), "LR422", "maxUses");
    expect(error.message).toBe("WELCOME10 has been used 3 times already: the limit cannot be lower.");
    expect(await app.updatePromoCode(id, { ...welcome, maxUses: 3 }, audit)).toBe(true);
    expect(await app.getPromoCode(id)).toMatchObject({ maxUses: 3, status: "scheduled" });
  });

  it("deactivates and reactivates a code", async () => {
    const id = await app.createPromoCode({ ...welcome, startsAt: null }, audit);
    expect(await app.setPromoCodeActive(id, false, audit)).toBe(true);
    expect(await app.getPromoCode(id)).toMatchObject({ isActive: false, status: "inactive" });
    expect(await app.setPromoCodeActive(id, true, audit)).toBe(true);
    expect(await app.getPromoCode(id)).toMatchObject({ isActive: true, status: "live" });
    expect((await auditRows("promo_code.deactivate"))[0]).toMatchObject({
      before: { code: "WELCOME10", is_active: true }, after: { code: "WELCOME10", is_active: false },
    });
    expect(await auditRows("promo_code.activate")).toHaveLength(1);
  });

  it("deletes an unused code, and never one an order redeemed", async () => {
    const unused = await app.createPromoCode({ ...welcome, code: "UNUSED" }, audit);
    expect(await app.deletePromoCode(unused, audit)).toBe(true);
    expect(await app.getPromoCode(unused)).toBeNull();
    expect((await auditRows("promo_code.delete")).at(-1)).toMatchObject({ subject_id: String(unused), before: { code: "UNUSED" } });

    const used = await app.createPromoCode(welcome, audit);
    const [order] = await database.sql<{ id: number }[]>`
      insert into orders (checkout_key, location_id, customer_name, customer_email, customer_phone, pickup_at,
                          currency, subtotal_cents, discount_cents, total_cents, promo_code_id, promo_code)
      values (${randomUUID()}, ${location}, 'Ana', 'ana@example.com', '555', now() + interval '1 day',
              'USD', 3000, 300, 2700, ${used}, 'WELCOME10')
      returning id`;
    await database.sql`insert into promo_redemptions (promo_code_id, order_id, customer_email) values (${used}, ${order.id}, 'ana@example.com')`;
    expect(await app.getPromoCode(used)).toMatchObject({ redemptions: 1 });
    const audited = await auditCount();
    const error = await expectSqlError(app.deletePromoCode(used, audit), "LR409");
    expect(error.message).toBe("WELCOME10 has been used on 1 order: deactivate it instead of deleting it.");
    expect(await app.getPromoCode(used)).not.toBeNull();
    expect(await auditCount()).toBe(audited);
  });

  it("never deletes a code that pending orders hold", async () => {
    const id = await app.createPromoCode(welcome, audit);
    await database.sql`update promo_codes set uses = 2 where id = ${id}`;
    const error = await expectSqlError(app.deletePromoCode(id, audit), "LR409");
    expect(error.message).toBe("WELCOME10 has been used on 2 orders: deactivate it instead of deleting it.");
  });

  it("lists codes with uses, redemptions and what a customer would find", async () => {
    await app.createPromoCode({ ...welcome, code: "LIVE", startsAt: null }, audit);
    await app.createPromoCode({ ...welcome, code: "OVER", startsAt: "2020-01-01T00:00", endsAt: "2020-02-01T00:00" }, audit);
    const full = await app.createPromoCode({ ...welcome, code: "FULL", startsAt: null, maxUses: 1 }, audit);
    await database.sql`update promo_codes set uses = 1 where id = ${full}`;
    await app.createPromoCode({ ...welcome, code: "OFF", startsAt: null, isActive: false }, audit);
    const list = await app.listPromoCodes();
    expect(list.map((code) => [code.code, code.status, code.uses, code.redemptions])).toEqual([
      ["FULL", "used up", 1, 0],
      ["LIVE", "live", 0, 0],
      ["OVER", "ended", 0, 0],
      ["OFF", "inactive", 0, 0],
    ]);
  });
});
