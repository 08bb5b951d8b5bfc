// The admin's menu editor (app/catalog/menu-admin-*.server.ts) on a real database: every change lands with its
// audit entry in one transaction, bad input is refused on the field it concerns with nothing
// written, staff cannot change the menu, and while Square is the catalog's source only low-stock
// thresholds can be changed here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { rowCounts, sqlError, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let owner: import("~/ops/audit.server").AuditContext;
let staff: import("~/ops/audit.server").AuditContext;
let mainStreet: number;
let harbour: number;
let empanadas: number;

// The app's modules read the environment when first imported, so they are loaded after it is set.
let menu: typeof import("~/catalog/catalog-source.server") &
  typeof import("~/catalog/menu-admin-change.server") &
  typeof import("~/catalog/menu-admin-forms.server") &
  typeof import("~/catalog/menu-admin-categories.server") &
  typeof import("~/catalog/menu-admin-products.server") &
  typeof import("~/catalog/menu-admin-variations.server") &
  typeof import("~/catalog/menu-admin-stock.server") &
  typeof import("~/catalog/menu-admin-modifier-lists.server") & {
  parseForm: typeof import("~/lib/forms").parseForm;
  appSql: typeof import("~/lib/db.server").sql;
};

const MENU_TABLES = ["categories", "products", "variants", "inventory_levels", "modifier_lists", "modifiers", "product_modifier_lists", "audit_log"];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  Object.assign(process.env, { DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  menu = {
    ...(await import("~/catalog/catalog-source.server")),
    ...(await import("~/catalog/menu-admin-change.server")),
    ...(await import("~/catalog/menu-admin-forms.server")),
    ...(await import("~/catalog/menu-admin-categories.server")),
    ...(await import("~/catalog/menu-admin-products.server")),
    ...(await import("~/catalog/menu-admin-variations.server")),
    ...(await import("~/catalog/menu-admin-stock.server")),
    ...(await import("~/catalog/menu-admin-modifier-lists.server")),
    parseForm: (await import("~/lib/forms")).parseForm,
    appSql: (await import("~/lib/db.server")).sql,
  };
  const admins = await sql<{ id: number; email: string; role: "owner" | "staff" }[]>`
    insert into admin_users (email, password_hash, role)
    values ('owner@example.com', 'scrypt$x', 'owner'), ('staff@example.com', 'scrypt$x', 'staff')
    returning id, email, role`;
  owner = { admin: { ...admins[0], name: "" }, requestId: "req-owner", ip: "10.0.0.1" };
  staff = { admin: { ...admins[1], name: "" }, requestId: "req-staff", ip: "10.0.0.2" };
  [{ id: mainStreet }] = await sql<{ id: number }[]>`select id from locations where slug = 'main-street'`;
  [{ id: harbour }] = await sql<{ id: number }[]>`
    insert into locations (name, slug) values ('Harbour kiosk', 'harbour') returning id`;
  [{ id: empanadas }] = await sql<{ id: number }[]>`select id from categories where slug = 'savory-empanadas'`;
});

afterAll(async () => {
  await menu?.appSql.end();
  await database?.drop();
});

async function auditFor(subjectType: string, subjectId: number | string) {
  return sql<{ actor: string; action: string; before: any; after: any; request_id: string; ip: string }[]>`
    select actor, action, before, after, request_id, host(ip) as ip from audit_log
     where subject_type = ${subjectType} and subject_id = ${String(subjectId)} order by id`;
}

/** What a refused change rejects with: a MenuRefusal carrying SQLSTATE-like code and form field. */
async function refusal(promise: Promise<unknown>) {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, "expected the change to be refused").toBeInstanceOf(menu.MenuRefusal);
  const { code, column_name, message } = outcome as InstanceType<typeof menu.MenuRefusal>;
  return { code, field: column_name, message };
}

const product = (overrides: Partial<import("~/catalog/menu-admin-forms.server").ProductInput> = {}) => ({
  name: "Pumpkin & Goat Cheese",
  slug: "pumpkin-goat-cheese",
  description: "Roasted pumpkin, goat cheese and sage.",
  categoryId: empanadas,
  imageUrl: "https://images.example.com/pumpkin.jpg",
  sortOrder: 7,
  isActive: true,
  shippable: false,
  allergens: ["dairy"] as string[],
  ...overrides,
});

const variant = (overrides: Partial<import("~/catalog/menu-admin-forms.server").VariantInput> = {}) => ({
  name: "Dozen",
  priceCents: 4800,
  sortOrder: 2,
  soldOut: false,
  lowStockThreshold: 3,
  stock: [{ locationId: mainStreet, quantity: 12 }, { locationId: harbour, quantity: null }],
  ...overrides,
});

describe("products and their variations", () => {
  let productId: number;

  it("creates a product with its first variation, in the shop's currency, audit-logged", async () => {
    productId = await menu.createProduct({ product: product(), variant: { name: "Single", priceCents: 450 } }, owner);
    const [row] = await sql`select name, slug, category_id, image_url, sort_order, is_active, shippable from products where id = ${productId}`;
    expect(row).toEqual({
      name: "Pumpkin & Goat Cheese", slug: "pumpkin-goat-cheese", category_id: empanadas,
      image_url: "https://images.example.com/pumpkin.jpg", sort_order: 7, is_active: true, shippable: false,
    });
    const variants = await sql`select name, price_cents, currency, sold_out from variants where product_id = ${productId}`;
    expect(variants).toEqual([{ name: "Single", price_cents: 450, currency: "USD", sold_out: false }]);
    const [entry] = await auditFor("product", productId);
    expect(entry).toMatchObject({ actor: "owner@example.com", action: "menu.product.create", before: null, request_id: "req-owner", ip: "10.0.0.1" });
    expect(entry.after).toMatchObject({ name: "Pumpkin & Goat Cheese", slug: "pumpkin-goat-cheese", variants: [{ name: "Single", price_cents: 450, inventory: {} }] });
    // The new product is on the storefront's menu.
    const [onMenu] = await sql`select count(*)::int as n from products p join variants v on v.product_id = p.id where p.slug = 'pumpkin-goat-cheese' and p.is_active`;
    expect(onMenu.n).toBe(1);
  });

  it("refuses a duplicate slug, an unknown category, a bad image address and a negative price, writing nothing", async () => {
    const before = await rowCounts(sql, MENU_TABLES);
    expect(await refusal(menu.createProduct({ product: product({ slug: "beef-criolla" }), variant: { name: "Single", priceCents: 450 } }, owner)))
      .toEqual({ code: "LR409", field: "slug", message: "Another product already uses this slug." });
    expect(await refusal(menu.createProduct({ product: product({ slug: "new-one", categoryId: 999_999 }), variant: { name: "Single", priceCents: 450 } }, owner)))
      .toMatchObject({ code: "LR404", field: "categoryId" });
    expect(await refusal(menu.createProduct({ product: product({ slug: "new-two", imageUrl: "javascript:alert(1)" }), variant: { name: "Single", priceCents: 450 } }, owner)))
      .toMatchObject({ code: "LR422", field: "imageUrl" });
    expect(await refusal(menu.createProduct({ product: product({ slug: "new-three" }), variant: { name: "Single", priceCents: -1 } }, owner)))
      .toMatchObject({ code: "LR422", field: "price" });
    expect(await refusal(menu.createProduct({ product: product({ slug: "new-four" }), variant: { name: "  ", priceCents: 100 } }, owner)))
      .toMatchObject({ code: "LR422", field: "variantName" });
    expect(await refusal(menu.createProduct({ product: product({ slug: "Not A Slug" }), variant: { name: "Single", priceCents: 100 } }, owner)))
      .toMatchObject({ code: "LR422", field: "slug" });
    expect(await rowCounts(sql, MENU_TABLES)).toEqual(before);
  });

  it("updates a product with before and after in the audit log, and records nothing for a save without changes", async () => {
    await menu.updateProduct(productId, product({ name: "Pumpkin & Sage", isActive: false, shippable: true, imageUrl: null }), owner);
    const [row] = await sql`select name, is_active, shippable, image_url from products where id = ${productId}`;
    expect(row).toEqual({ name: "Pumpkin & Sage", is_active: false, shippable: true, image_url: null });
    await menu.updateProduct(productId, product({ name: "Pumpkin & Sage", isActive: false, shippable: true, imageUrl: null }), owner);
    const entries = await auditFor("product", productId);
    expect(entries.map((entry) => entry.action)).toEqual(["menu.product.create", "menu.product.update"]);
    expect(entries[1].before).toMatchObject({ name: "Pumpkin & Goat Cheese", is_active: true, shippable: false });
    expect(entries[1].after).toMatchObject({ name: "Pumpkin & Sage", is_active: false, shippable: true, image_url: null });
    expect(await refusal(menu.updateProduct(productId, product({ slug: "horchata" }), owner))).toMatchObject({ code: "LR409", field: "slug" });
    expect(await refusal(menu.updateProduct(999_999, product(), owner))).toMatchObject({ code: "LR404" });
    const [unchanged] = await sql`select slug from products where id = ${productId}`;
    expect(unchanged.slug).toBe("pumpkin-goat-cheese");
  });

  let dozen: number;

  it("adds a variation counted at one location and not at the other", async () => {
    dozen = await menu.addVariant(productId, variant(), owner);
    const levels = await sql`select location_id, quantity from inventory_levels where variant_id = ${dozen}`;
    expect(levels).toEqual([{ location_id: mainStreet, quantity: 12 }]);
    const [row] = await sql`select price_cents, low_stock_threshold, sort_order from variants where id = ${dozen}`;
    expect(row).toEqual({ price_cents: 4800, low_stock_threshold: 3, sort_order: 2 });
    const [entry] = await auditFor("variant", dozen);
    expect(entry).toMatchObject({ action: "menu.variant.create", after: { name: "Dozen", price_cents: 4800, inventory: { [mainStreet]: 12 } } });
    expect(entry.after).not.toHaveProperty("stock");
  });

  it("changes price and stock: a count starts at one location and stops at the other", async () => {
    await menu.updateVariant(dozen, variant({ priceCents: 5000, soldOut: true, stock: [{ locationId: mainStreet, quantity: null }, { locationId: harbour, quantity: 4 }] }), owner);
    const levels = await sql`select location_id, quantity from inventory_levels where variant_id = ${dozen}`;
    expect(levels).toEqual([{ location_id: harbour, quantity: 4 }]);
    const [row] = await sql`select price_cents, sold_out from variants where id = ${dozen}`;
    expect(row).toEqual({ price_cents: 5000, sold_out: true });
    const entries = await auditFor("variant", dozen);
    expect(entries.at(-1)).toMatchObject({
      action: "menu.variant.update",
      before: { price_cents: 4800, sold_out: false, inventory: { [mainStreet]: 12 } },
      after: { price_cents: 5000, sold_out: true, inventory: { [harbour]: 4 } },
    });
  });

  it("refuses a negative count, a negative price and a duplicate name on the field concerned, changing nothing", async () => {
    const before = await rowCounts(sql, MENU_TABLES);
    const [levelsBefore, variantBefore] = [
      await sql`select location_id, quantity from inventory_levels where variant_id = ${dozen}`,
      await sql`select name, price_cents from variants where id = ${dozen}`,
    ];
    expect(await refusal(menu.updateVariant(dozen, variant({ priceCents: 1, stock: [{ locationId: mainStreet, quantity: 5 }, { locationId: harbour, quantity: -2 }] }), owner)))
      .toEqual({ code: "LR422", field: `stock-${harbour}`, message: "Enter how many there are (zero or more), or leave it empty if you don't count them." });
    expect(await refusal(menu.updateVariant(dozen, variant({ priceCents: -100 }), owner))).toMatchObject({ code: "LR422", field: "price" });
    expect(await refusal(menu.updateVariant(dozen, variant({ name: "Single" }), owner))).toMatchObject({ code: "LR409", field: "name" });
    expect(await refusal(menu.updateVariant(dozen, variant({ lowStockThreshold: -1 }), owner))).toMatchObject({ code: "LR422", field: "lowStockThreshold" });
    expect(await refusal(menu.addVariant(productId, variant({ name: "Single" }), owner))).toMatchObject({ code: "LR409", field: "name" });
    expect(await rowCounts(sql, MENU_TABLES)).toEqual(before);
    expect(await sql`select location_id, quantity from inventory_levels where variant_id = ${dozen}`).toEqual(levelsBefore);
    expect(await sql`select name, price_cents from variants where id = ${dozen}`).toEqual(variantBefore);
  });

  it("removes a variation but never a product's last one", async () => {
    await menu.removeVariant(dozen, owner);
    expect(await sql`select id from variants where id = ${dozen}`).toEqual([]);
    expect((await auditFor("variant", dozen)).at(-1)).toMatchObject({ action: "menu.variant.remove", before: { name: "Dozen" }, after: null });
    const [{ id: single }] = await sql<{ id: number }[]>`select id from variants where product_id = ${productId}`;
    expect(await refusal(menu.removeVariant(single, owner))).toMatchObject({ code: "LR409" });
    expect(await sql`select id from variants where product_id = ${productId}`).toEqual([{ id: single }]);
  });
});

describe("categories", () => {
  it("creates and renames a category; a duplicate slug is refused on the slug field", async () => {
    const id = await menu.createCategory({ name: "Pastries", slug: "pastries", description: "", sortOrder: 9 }, owner);
    await menu.updateCategory(id, { name: "Pastries & cakes", slug: "pastries", description: "Sweet things", sortOrder: 9 }, owner);
    expect(await refusal(menu.updateCategory(id, { name: "Drinks", slug: "drinks", description: "", sortOrder: 0 }, owner)))
      .toEqual({ code: "LR409", field: "slug", message: "Another category already uses this slug." });
    expect(await refusal(menu.createCategory({ name: "Drinks again", slug: "drinks", description: "", sortOrder: 0 }, owner)))
      .toMatchObject({ code: "LR409", field: "slug" });
    const [row] = await sql`select name, description from categories where id = ${id}`;
    expect(row).toEqual({ name: "Pastries & cakes", description: "Sweet things" });
    const entries = await auditFor("category", id);
    expect(entries.map((entry) => entry.action)).toEqual(["menu.category.create", "menu.category.update"]);
    expect(entries[1]).toMatchObject({ before: { name: "Pastries" }, after: { name: "Pastries & cakes" } });
  });
});

describe("modifier lists", () => {
  let salsas: number;

  it("creates a list with its modifiers and attaches it to products in order", async () => {
    salsas = await menu.createModifierList({ name: "Add a salsa", minSelected: 0, maxSelected: 2, sortOrder: 1, isActive: true }, owner);
    const verde = await menu.addModifier(salsas, { name: "Salsa verde", priceCents: 75, sortOrder: 1, isActive: true }, owner);
    await menu.addModifier(salsas, { name: "Chimichurri", priceCents: 100, sortOrder: 0, isActive: true }, owner);
    await menu.updateModifier(verde, { name: "Salsa verde", priceCents: 90, sortOrder: 1, isActive: false }, owner);
    const list = await menu.getModifierList(salsas);
    expect(list).toMatchObject({ name: "Add a salsa", minSelected: 0, maxSelected: 2 });
    expect(list!.modifiers.map(({ name, priceCents, isActive }) => ({ name, priceCents, isActive }))).toEqual([
      { name: "Chimichurri", priceCents: 100, isActive: true },
      { name: "Salsa verde", priceCents: 90, isActive: false },
    ]);
    expect((await auditFor("modifier", verde)).map((entry) => entry.action)).toEqual(["menu.modifier.create", "menu.modifier.update"]);

    const fillings = await menu.createModifierList({ name: "Extra filling", minSelected: 1, maxSelected: null, sortOrder: 0, isActive: true }, owner);
    const [{ id: beef }] = await sql<{ id: number }[]>`select id from products where slug = 'humita'`; // no lists of its own yet
    await menu.setProductModifierLists(beef, [{ modifierListId: salsas, sortOrder: 2 }, { modifierListId: fillings, sortOrder: 1 }], owner);
    const edit = await menu.getProductForEdit(beef);
    expect(edit!.modifierLists.filter((option) => option.attached).map((option) => option.name)).toEqual(["Extra filling", "Add a salsa"]);
    const [entry] = await auditFor("product", beef);
    expect(entry).toMatchObject({
      action: "menu.product.modifier_lists",
      before: [],
      after: [{ modifier_list_id: salsas, sort_order: 2 }, { modifier_list_id: fillings, sort_order: 1 }],
    });
    await menu.setProductModifierLists(beef, [{ modifierListId: fillings, sortOrder: 1 }], owner);
    expect(await sql`select modifier_list_id from product_modifier_lists where product_id = ${beef}`).toEqual([{ modifier_list_id: fillings }]);
  });

  it("refuses a maximum below the minimum, a negative modifier price and an unknown list, changing nothing", async () => {
    const before = await rowCounts(sql, MENU_TABLES);
    expect(await refusal(menu.updateModifierList(salsas, { name: "Add a salsa", minSelected: 3, maxSelected: 2, sortOrder: 1, isActive: true }, owner)))
      .toEqual({ code: "LR422", field: "maxSelected", message: "The most a customer can choose can't be less than the least." });
    expect(await refusal(menu.createModifierList({ name: "Too many", minSelected: 101, maxSelected: null, sortOrder: 0, isActive: true }, owner)))
      .toMatchObject({ code: "LR422", field: "minSelected" });
    expect(await refusal(menu.addModifier(salsas, { name: "Gold leaf", priceCents: -5, sortOrder: 0, isActive: true }, owner)))
      .toMatchObject({ code: "LR422", field: "price" });
    expect(await refusal(menu.addModifier(999_999, { name: "Nowhere", priceCents: 5, sortOrder: 0, isActive: true }, owner))).toMatchObject({ code: "LR404" });
    const [{ id: humita }] = await sql<{ id: number }[]>`select id from products where slug = 'humita'`;
    expect(await refusal(menu.setProductModifierLists(humita, [{ modifierListId: salsas, sortOrder: 0 }, { modifierListId: 999_999, sortOrder: 1 }], owner)))
      .toMatchObject({ code: "LR404" });
    expect(await rowCounts(sql, MENU_TABLES)).toEqual(before);
    const [list] = await sql`select min_selected, max_selected from modifier_lists where id = ${salsas}`;
    expect(list).toEqual({ min_selected: 0, max_selected: 2 });
  });
});

describe("who may change the menu", () => {
  it("refuses staff, writing nothing", async () => {
    const before = await rowCounts(sql, MENU_TABLES);
    expect(await refusal(menu.createCategory({ name: "Staff picks", slug: "staff-picks", description: "", sortOrder: 0 }, staff)))
      .toEqual({ code: "LR409", field: undefined, message: "Only an owner can change the menu." });
    expect(await sqlError(menu.setCatalogSource("square", staff))).toMatchObject({ code: "LR409" });
    expect(await rowCounts(sql, MENU_TABLES)).toEqual(before);
    expect(await menu.getCatalogSource()).toBe("local");
  });
});

describe("the catalog's source", () => {
  it("is local until an owner switches it, and each switch is audit-logged once", async () => {
    expect(await menu.getCatalogSource()).toBe("local");
    expect(await menu.setCatalogSource("square", owner)).toBe(true);
    expect(await menu.setCatalogSource("square", owner)).toBe(false);
    expect(await menu.getCatalogSource()).toBe("square");
    expect(await auditFor("setting", "catalog.source")).toEqual([
      { actor: "owner@example.com", action: "catalog.source", before: null, after: "square", request_id: "req-owner", ip: "10.0.0.1" },
    ]);
  });

  it("is only ever local or square in the database", async () => {
    const error = await sqlError(sql`update settings set value = '"spreadsheet"' where key = 'catalog.source'`);
    expect(error.constraint_name).toBe("settings_catalog_source_check");
  });

  it("while Square is the source, refuses menu edits but keeps low-stock thresholds editable", async () => {
    const [{ id: chipa }] = await sql<{ id: number }[]>`
      select v.id from variants v join products p on p.id = v.product_id where p.slug = 'chipa'`;
    const [{ id: chipaProduct }] = await sql<{ id: number }[]>`select id from products where slug = 'chipa'`;
    const before = await rowCounts(sql, MENU_TABLES);
    const squareRefusal = { code: "LR409", field: undefined, message: expect.stringContaining("Square") };
    expect(await refusal(menu.createCategory({ name: "Local only", slug: "local-only", description: "", sortOrder: 0 }, owner))).toEqual(squareRefusal);
    expect(await refusal(menu.updateVariant(chipa, variant({ name: "Bag of 6", priceCents: 1 }), owner))).toEqual(squareRefusal);
    expect(await refusal(menu.updateProduct(chipaProduct, product({ slug: "chipa" }), owner))).toEqual(squareRefusal);
    expect(await rowCounts(sql, MENU_TABLES)).toEqual(before);

    await menu.setLowStockThreshold(chipa, 5, owner);
    const [row] = await sql`select low_stock_threshold, price_cents from variants where id = ${chipa}`;
    expect(row).toEqual({ low_stock_threshold: 5, price_cents: 600 });
    expect((await auditFor("variant", chipa)).at(-1)).toMatchObject({
      action: "menu.variant.low_stock_threshold", before: { low_stock_threshold: null }, after: { low_stock_threshold: 5 },
    });
    // Units per variation are the shop's own too (Square has none): they change while Square is the source.
    await menu.setLowStockThreshold(chipa, 5, owner, 6);
    const [units] = await sql`select units_per_variation, price_cents from variants where id = ${chipa}`;
    expect(units).toEqual({ units_per_variation: 6, price_cents: 600 });
    expect((await auditFor("variant", chipa)).at(-1)).toMatchObject({ after: { low_stock_threshold: 5, units_per_variation: 6 } });

    expect(await menu.setCatalogSource("local", owner)).toBe(true);
    expect((await auditFor("setting", "catalog.source")).at(-1)).toMatchObject({ before: "square", after: "local" });
    await menu.createCategory({ name: "Local again", slug: "local-again", description: "", sortOrder: 0 }, owner);
  });
});

describe("form parsing", () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(entries)) data.set(key, value);
    return data;
  };

  it("turns dollars into cents and derives a missing slug from the name", () => {
    const parsed = menu.parseForm(
      form({ name: "Dulce de Leche Café", slug: "", categoryId: "3", imageUrl: "", sortOrder: "", isActive: "on", variantName: "Single", price: "4.5" }),
      menu.newProductSchema,
    );
    expect(parsed).toMatchObject({
      ok: true,
      data: {
        product: { name: "Dulce de Leche Café", slug: "dulce-de-leche-cafe", categoryId: 3, imageUrl: null, sortOrder: 0, isActive: true, shippable: false },
        variant: { name: "Single", priceCents: 450 },
      },
    });
  });

  it("names each bad field with a message and keeps what was typed", () => {
    const parsed = menu.parseForm(
      form({ name: "", slug: "Bad Slug", categoryId: "", imageUrl: "ftp://example.com/a.jpg", sortOrder: "1.5", variantName: "Single", price: "-3" }),
      menu.newProductSchema,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["categoryId", "imageUrl", "name", "price", "slug", "sortOrder"]);
    expect(parsed.errors.imageUrl).toBe("Enter a web address starting with https:// (the shop's pages cannot show photos from http:// addresses).");
    const plainHttp = menu.parseForm(form({ name: "A", categoryId: "1", imageUrl: "http://example.com/a.jpg", variantName: "Single", price: "3" }), menu.newProductSchema);
    expect(!plainHttp.ok && plainHttp.errors.imageUrl).toBe("Enter a web address starting with https:// (the shop's pages cannot show photos from http:// addresses).");
    expect(parsed.values.price).toBe("-3");
  });

  it("checks stock per location and the modifier list's bounds", () => {
    const variantForm = menu.parseForm(
      form({ name: "Single", price: "2", lowStockThreshold: "", [`stock-${mainStreet}`]: "ten", [`stock-${harbour}`]: "" }),
      menu.variantSchema([mainStreet, harbour]),
    );
    expect(variantForm).toMatchObject({ ok: false, errors: { [`stock-${mainStreet}`]: expect.stringContaining("zero or more") } });
    const counted = menu.parseForm(
      form({ name: "Single", price: "2", lowStockThreshold: "4", [`stock-${mainStreet}`]: "0", [`stock-${harbour}`]: "" }),
      menu.variantSchema([mainStreet, harbour]),
    );
    expect(counted).toMatchObject({
      ok: true,
      data: { priceCents: 200, lowStockThreshold: 4, soldOut: false, stock: [{ locationId: mainStreet, quantity: 0 }, { locationId: harbour, quantity: null }] },
    });
    const list = menu.parseForm(form({ name: "Fillings", minSelected: "3", maxSelected: "2" }), menu.modifierListSchema);
    expect(list).toMatchObject({ ok: false, errors: { maxSelected: "The most a customer can choose can't be less than the least." } });
    const attached = menu.parseForm(form({ "list-4": "on", "listSort-4": "2", "listSort-5": "1" }), menu.productModifierListsSchema([4, 5]));
    expect(attached).toMatchObject({ ok: true, data: [{ modifierListId: 4, sortOrder: 2 }] });
  });
});
