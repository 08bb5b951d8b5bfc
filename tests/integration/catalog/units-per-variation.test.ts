// Units per variation in the menu editor: saved with the variation (audit-logged), refused out of
// 1–1,000 on its field with nothing written, kept when a form without the field is saved, and 1 for
// a new variation unless given.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { variantId, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let audit: import("~/ops/audit.server").AuditContext;
let forms: typeof import("~/catalog/menu-admin-forms.server");
let variations: typeof import("~/catalog/menu-admin-variations.server");
let parseForm: typeof import("~/lib/forms").parseForm;
let appSql: typeof import("~/lib/db.server").sql;
let location: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  Object.assign(process.env, { DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  forms = await import("~/catalog/menu-admin-forms.server");
  variations = await import("~/catalog/menu-admin-variations.server");
  parseForm = (await import("~/lib/forms")).parseForm;
  appSql = (await import("~/lib/db.server")).sql;
  const [admin] = await sql<{ id: number; email: string }[]>`
    insert into admin_users (email, password_hash, role) values ('owner@example.com', 'scrypt$x', 'owner') returning id, email`;
  audit = { admin: { ...admin, name: "", role: "owner" }, requestId: "req-units", ip: "10.0.0.1" };
  [{ id: location }] = await sql<{ id: number }[]>`select id from locations where slug = 'main-street'`;
});

afterAll(async () => {
  await appSql?.end();
  await database?.drop();
});

const body = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

async function unitsOf(id: number): Promise<number> {
  const [{ units }] = await sql<{ units: number }[]>`select units_per_variation as units from variants where id = ${id}`;
  return units;
}

describe("units per variation", () => {
  it("comes from the demo shop's packs: a half dozen is 6, a dozen 12, a single 1", async () => {
    expect(await unitsOf(await variantId(sql, "beef-criolla", "Half dozen"))).toBe(6);
    expect(await unitsOf(await variantId(sql, "beef-criolla", "Dozen"))).toBe(12);
    expect(await unitsOf(await variantId(sql, "beef-criolla", "Single"))).toBe(1);
  });

  it("is read from the variation form, saved with its audit entry, and kept by a form without it", async () => {
    const id = await variantId(sql, "humita", "Single");
    const parsed = parseForm(body({ name: "Single", price: "4.00", unitsPerVariation: "20", [`stock-${location}`]: "" }), forms.variantSchema([location]));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.data.unitsPerVariation).toBe(20);
    await variations.updateVariant(id, parsed.data, audit);
    expect(await unitsOf(id)).toBe(20);
    const [entry] = await sql<{ before: any; after: any }[]>`
      select before, after from audit_log where action = 'menu.variant.update' and subject_id = ${String(id)} order by id desc limit 1`;
    expect([entry.before.units_per_variation, entry.after.units_per_variation]).toEqual([1, 20]);

    const without = parseForm(body({ name: "Single", price: "4.25", [`stock-${location}`]: "" }), forms.variantSchema([location]));
    if (!without.ok) throw new Error(JSON.stringify(without.errors));
    await variations.updateVariant(id, without.data, audit);
    expect(await unitsOf(id)).toBe(20);
  });

  it("refuses 0, 1,001 and words on the field, writing nothing", async () => {
    for (const value of ["0", "1001", "a dozen"]) {
      const parsed = parseForm(body({ name: "Single", price: "4.00", unitsPerVariation: value, [`stock-${location}`]: "" }), forms.variantSchema([location]));
      expect(parsed).toMatchObject({ ok: false, errors: { unitsPerVariation: "Enter how many units one of this is, from 1 to 1,000 (a dozen: 12)." } });
    }
    const id = await variantId(sql, "humita", "Dozen");
    const refused = await variations.updateVariant(id, { name: "Dozen", priceCents: 4300, sortOrder: 2, soldOut: false, lowStockThreshold: null, unitsPerVariation: 0, stock: [] }, audit)
      .then(() => null, (error: unknown) => error as { code: string; column_name: string });
    expect(refused).toMatchObject({ code: "LR422", column_name: "unitsPerVariation" });
    expect(await unitsOf(id)).toBe(12);
  });

  it("starts at 1 for a new variation unless given", async () => {
    const productId = (await sql<{ id: number }[]>`select id from products where slug = 'humita'`)[0].id;
    const plain = await variations.addVariant(productId, { name: "Mini", priceCents: 200, sortOrder: 5, soldOut: false, lowStockThreshold: null, stock: [] }, audit);
    const tray = await variations.addVariant(productId, { name: "Tray", priceCents: 8000, sortOrder: 6, soldOut: false, lowStockThreshold: null, unitsPerVariation: 24, stock: [] }, audit);
    expect([await unitsOf(plain), await unitsOf(tray)]).toEqual([1, 24]);
  });
});
