// The menu and product pages kept for visitors without a cookie (catalog/page-cache.server.ts), on
// the built app against real Postgres: a page is rendered once and then served with each answer's
// own nonce and request id; a change to anything the pages show (a product, stock, a pause) is
// heard through LISTEN and the next visitor sees it, with or without a cookie; visitors with a
// cookie or a query string are rendered on each request. And the trigger itself: every table the
// pages read notifies at commit, stock only when "in stock" changes, and a rolled-back change does not.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { send, startAppProcess, type AppProcess } from "../../support/app-process";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

// The tables the menu and product pages read (catalog, photos, stock, daily limits, slots, pauses,
// hours, the shop's name and look). A new one the pages read belongs here and in the trigger file.
// slot_reservations is left out on purpose (the trigger file says why).
const STOREFRONT_TABLES = [
  "catalog_images", "categories", "daily_limit_uses", "daily_limits", "images", "inventory_levels", "location_closures",
  "location_hours", "locations", "modifier_lists", "modifiers", "product_modifier_lists", "products", "settings",
  "shop_branding", "variants",
];

let database: TestDatabase;
let app: AppProcess;

const get = (path: string, headers: Record<string, string> = {}) => send(`${app.url}${path}`, { headers });
const text = (body: string | undefined) => (body ?? "").replaceAll("<!-- -->", "");

/** Polls until the page without a cookie shows `wanted` (LISTEN delivers a change a moment after its commit). */
async function untilShown(path: string, wanted: string, headers: Record<string, string> = {}): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const html = text((await get(path, headers)).body);
    if (html.includes(wanted) || Date.now() > deadline) return html;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Kept pages last until the end of the minute: a test that expects a kept page starts well before it. */
async function clearOfMinuteEnd() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  app = await startAppProcess({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe("the trigger", () => {
  it("is on exactly the tables the public pages read", async () => {
    const rows = await database.sql<{ table: string }[]>`
      select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
       where t.tgname like 'tg\\_%\\_\\_storefront\\_changed' order by 1`;
    expect(rows.map((row) => row.table)).toEqual(STOREFRONT_TABLES);
  });

  it("notifies at commit for a statement on each of them, and not for one rolled back", async () => {
    const listener = postgres(database.url, { max: 1, onnotice: () => {} });
    const heard: string[] = [];
    try {
      await listener.listen("larder_storefront_changed", (payload) => heard.push(payload));
      for (const table of STOREFRONT_TABLES) {
        heard.length = 0;
        // A statement trigger fires whether or not a row matched.
        await database.sql.unsafe(`delete from ${table} where false`);
        await expect.poll(() => heard.length, { timeout: 2_000, message: table }).toBe(1);
      }
      // Stock: only a change of "in stock" tells (an order that leaves some does not).
      const [level] = await database.sql<{ variantId: number; locationId: number; quantity: number | null }[]>`
        select variant_id::int as "variantId", location_id::int as "locationId", quantity from inventory_levels limit 1`;
      expect(level).toBeDefined();
      await database.sql`update inventory_levels set quantity = 5 where variant_id = ${level.variantId} and location_id = ${level.locationId}`;
      await new Promise((resolve) => setTimeout(resolve, 200));
      heard.length = 0;
      await database.sql`update inventory_levels set quantity = 4 where variant_id = ${level.variantId} and location_id = ${level.locationId}`;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toEqual([]);
      await database.sql`update inventory_levels set quantity = 0 where variant_id = ${level.variantId} and location_id = ${level.locationId}`;
      await expect.poll(() => heard.length, { timeout: 2_000 }).toBe(1);
      heard.length = 0;
      await database.sql`update inventory_levels set quantity = ${level.quantity} where variant_id = ${level.variantId} and location_id = ${level.locationId}`;
      if (level.quantity !== 0) await expect.poll(() => heard.length, { timeout: 2_000 }).toBe(1); // in stock again

      heard.length = 0;
      await database.sql.begin(async (tx) => {
        await tx`update products set name = name where slug = 'beef-criolla'`;
        await tx`select 1/0`;
      }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toEqual([]);
    } finally {
      await listener.end();
    }
  });
});

describe("over HTTP", () => {
  it("renders the menu once, then serves it with each answer's own nonce and request id", async () => {
    await clearOfMinuteEnd();
    await untilShown("/", "Beef Criolla");
    const answers = [await get("/"), await get("/")];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers?.["x-page-cache"]).toBe("hit");
      const nonce = /'nonce-([^']+)'/.exec(String(answer.headers?.["content-security-policy"]))?.[1];
      const inPage = [...(answer.body ?? "").matchAll(/nonce="([^"]+)"/g)].map((found) => found[1]);
      expect(inPage.length).toBeGreaterThan(0);
      expect(new Set(inPage)).toEqual(new Set([nonce]));
      expect(answer.body).toContain(String(answer.headers?.["x-request-id"]));
    }
    expect(answers[0].headers?.["x-request-id"]).not.toBe(answers[1].headers?.["x-request-id"]);
    expect(answers[0].headers?.["content-security-policy"]).not.toBe(answers[1].headers?.["content-security-policy"]);
  });

  it("shows a renamed product, a sold-out variation and a pause as soon as they are committed", async () => {
    await clearOfMinuteEnd();
    await get("/products/beef-criolla");
    expect((await get("/products/beef-criolla")).headers?.["x-page-cache"]).toBe("hit");

    await database.sql`update products set name = 'Beef Criolla Picante' where slug = 'beef-criolla'`;
    expect(await untilShown("/", "Beef Criolla Picante")).toContain("Beef Criolla Picante");
    expect(await untilShown("/products/beef-criolla", "Beef Criolla Picante")).toContain("Beef Criolla Picante");
    // Rendered for a visitor with a cookie, from the shared reads (storefrontMemo), which the change dropped too.
    expect(await untilShown("/", "Beef Criolla Picante", { cookie: "__larder=not-a-session" })).toContain("Beef Criolla Picante");

    await database.sql`update variants set sold_out = true where product_id = (select id from products where slug = 'beef-criolla')`;
    expect(await untilShown("/products/beef-criolla", "Sold out")).toMatch(/<button[^>]*disabled[^>]*>Sold out/);

    await database.sql`update locations set pickup_paused_until = 'infinity' where id = shop_location_id()`;
    expect(await untilShown("/", "Pickup is paused for now.")).toContain("Pickup is paused for now.");

    await database.sql`update locations set pickup_paused_until = null where id = shop_location_id()`;
    await database.sql`update variants set sold_out = false where product_id = (select id from products where slug = 'beef-criolla')`;
    await database.sql`update products set name = 'Beef Criolla' where slug = 'beef-criolla'`;
    expect(await untilShown("/", "Beef Criolla<")).not.toContain("Pickup is paused");
  });

  it("renders for a visitor with a cookie or a query string, and never keeps a 404", async () => {
    await get("/");
    expect((await get("/", { cookie: "__larder=not-a-session" })).headers?.["x-page-cache"]).toBeUndefined();
    expect((await get("/?utm_source=instagram")).headers?.["x-page-cache"]).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const missing = await get("/products/no-such-empanada");
      expect(missing.status).toBe(404);
      expect(missing.headers?.["x-page-cache"]).toBe("miss");
    }
  });
});
