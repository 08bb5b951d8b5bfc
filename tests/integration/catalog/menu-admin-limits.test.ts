// Daily limits in the menu editor (app/catalog/menu-admin-limits.server.ts) on a real database:
// setting, changing and removing one writes its audit entry in the same transaction, staff cannot,
// owners can while the menu comes from Square, and a limit below what is sold is refused on its
// field with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { cartWith, latestPickupSlot, locationId, placeOrder, rowCounts, seededVariants, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let owner: import("~/ops/audit.server").AuditContext;
let staff: import("~/ops/audit.server").AuditContext;
let limits: typeof import("~/catalog/menu-admin-limits.server") & {
  isShopError: typeof import("~/lib/db.server").isShopError;
  appSql: typeof import("~/lib/db.server").sql;
  setCatalogSource: typeof import("~/catalog/catalog-source.server").setCatalogSource;
};
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  Object.assign(process.env, { DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  limits = {
    ...(await import("~/catalog/menu-admin-limits.server")),
    isShopError: (await import("~/lib/db.server")).isShopError,
    appSql: (await import("~/lib/db.server")).sql,
    setCatalogSource: (await import("~/catalog/catalog-source.server")).setCatalogSource,
  };
  const admins = await sql<{ id: number; email: string; role: "owner" | "staff" }[]>`
    insert into admin_users (email, password_hash, role)
    values ('owner@example.com', 'scrypt$x', 'owner'), ('staff@example.com', 'scrypt$x', 'staff')
    returning id, email, role`;
  owner = { admin: { ...admins[0], name: "" }, requestId: "req-owner", ip: "10.0.0.1" };
  staff = { admin: { ...admins[1], name: "" }, requestId: "req-staff", ip: "10.0.0.2" };
  v = await seededVariants(sql);
});

afterAll(async () => {
  await limits?.appSql.end();
  await database?.drop();
});

const audits = (variantId: number) => sql<{ action: string; before: unknown; after: unknown; request_id: string }[]>`
  select action, before, after, request_id from audit_log where subject_type = 'variant' and subject_id = ${String(variantId)} order by id`;

describe("daily limits in the menu editor", () => {
  it("sets, changes and removes a limit, each with its audit entry; staff are refused", async () => {
    await limits.setDailyLimit({ variantId: v.chorizoSingle }, { perDay: 40, perSlot: null }, owner);
    await limits.setDailyLimit({ variantId: v.chorizoSingle }, { perDay: 40, perSlot: null }, owner);
    await limits.setDailyLimit({ variantId: v.chorizoSingle }, { perDay: 30, perSlot: 6 }, owner);
    const [{ id: product }] = await sql<{ id: number }[]>`select product_id as id from variants where id = ${v.chorizoSingle}`;
    expect(await limits.getProductDailyLimits(product)).toEqual({
      product: null, variants: { [String(v.chorizoSingle)]: { perDay: 30, perSlot: 6 } },
    });
    await limits.setDailyLimit({ variantId: v.chorizoSingle }, { perDay: null, perSlot: null }, owner);
    expect(await audits(v.chorizoSingle)).toEqual([
      { action: "menu.daily_limit", before: null, after: { per_day: 40, per_slot: null }, request_id: "req-owner" },
      { action: "menu.daily_limit", before: { per_day: 40, per_slot: null }, after: { per_day: 30, per_slot: 6 }, request_id: "req-owner" },
      { action: "menu.daily_limit", before: { per_day: 30, per_slot: 6 }, after: null, request_id: "req-owner" },
    ]);

    const before = await rowCounts(sql, ["daily_limits", "audit_log"]);
    await expect(limits.setDailyLimit({ variantId: v.chorizoSingle }, { perDay: 5, perSlot: null }, staff)).rejects.toThrow(/Only an owner/);
    expect(await rowCounts(sql, ["daily_limits", "audit_log"])).toEqual(before);
  });

  it("refuses a limit below what is sold on its field, writing nothing", async () => {
    const location = await locationId(sql);
    const slotAt = await latestPickupSlot(sql, location);
    await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 3]]), location, slotAt });
    const before = await rowCounts(sql, ["daily_limits", "daily_limit_uses", "audit_log"]);
    const error = await limits.setDailyLimit({ variantId: v.horchata }, { perDay: 2, perSlot: null }, owner).catch((e: unknown) => e);
    expect(limits.isShopError(error)).toMatchObject({ status: 409, field: "perDay", message: expect.stringMatching(/^Already 3 sold for .+: the limit cannot be below 3\.$/) });
    expect(await rowCounts(sql, ["daily_limits", "daily_limit_uses", "audit_log"])).toEqual(before);
  });

  it("stays editable while the menu comes from Square: the limit is the shop's own", async () => {
    expect(await limits.setCatalogSource("square", owner)).toBe(true);
    try {
      await limits.setDailyLimit({ variantId: v.beefHalfDozen }, { perDay: 12, perSlot: null }, owner);
      const [row] = await sql`select per_day from daily_limits where variant_id = ${v.beefHalfDozen}`;
      expect(row).toEqual({ per_day: 12 });
    } finally {
      await limits.setCatalogSource("local", owner);
    }
  });
});
