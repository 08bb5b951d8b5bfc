// The demo shop's fulfillment and pricing (seedDemoShop calls seedDemoFulfillmentAndPricing for its
// location) on a fresh database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { seedDemoFulfillmentAndPricing } from "../../../db/seed/demo-fulfillment";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { locationId } from "../../support/sql-helpers";

let database: TestDatabase;
let location: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  location = await locationId(database.sql);
});

afterAll(async () => {
  await database?.drop();
});

describe("seedDemoFulfillmentAndPricing", () => {
  it("sets 8.25 % sales tax added at checkout, tips of 10/15/20 %, delivery and $9.50 shipping", async () => {
    const [row] = await database.sql`
      select tax_name, tax_rate_bps, tax_inclusive, tips_enabled, tip_percentages,
             delivery_enabled, shipping_enabled, shipping_flat_cents
        from locations where id = ${location}`;
    expect(row).toEqual({
      tax_name: "Sales tax", tax_rate_bps: 825, tax_inclusive: false, tips_enabled: true, tip_percentages: [10, 15, 20],
      delivery_enabled: true, shipping_enabled: true, shipping_flat_cents: 950,
    });
  });

  it("adds the Downtown and Westside zones with their fees, minimums and postal codes", async () => {
    const zones = await database.sql`
      select z.name, z.fee_cents, z.minimum_cents, z.is_active, array_agg(c.postal_code order by c.postal_code) as codes
        from delivery_zones z join delivery_zone_postal_codes c on c.zone_id = z.id
       where z.location_id = ${location}
       group by z.id order by z.sort_order`;
    expect(zones).toEqual([
      { name: "Downtown", fee_cents: 399, minimum_cents: 1500, is_active: true, codes: ["62701", "62702"] },
      { name: "Westside", fee_cents: 599, minimum_cents: 2500, is_active: true, codes: ["62704", "62711"] },
    ]);
  });

  it("adds WELCOME10 and FIVEOFF", async () => {
    const codes = await database.sql`
      select code, kind, percent_bps, amount_cents, currency, minimum_subtotal_cents, starts_at, ends_at,
             max_uses, max_uses_per_customer, uses, is_active
        from promo_codes order by code desc`;
    expect(codes).toEqual([
      {
        code: "WELCOME10", kind: "percent", percent_bps: 1000, amount_cents: null, currency: "USD", minimum_subtotal_cents: 2000,
        starts_at: null, ends_at: null, max_uses: null, max_uses_per_customer: 1, uses: 0, is_active: true,
      },
      {
        code: "FIVEOFF", kind: "fixed", percent_bps: null, amount_cents: 500, currency: "USD", minimum_subtotal_cents: 2500,
        starts_at: null, ends_at: null, max_uses: 100, max_uses_per_customer: null, uses: 0, is_active: true,
      },
    ]);
  });

  it("refuses a location that does not exist, writing nothing", async () => {
    const before = await database.sql`select count(*)::int as zones, (select count(*)::int from promo_codes) as codes from delivery_zones`;
    await expect(database.sql.begin((tx) => seedDemoFulfillmentAndPricing(tx, 999_999))).rejects.toThrow("no location 999999");
    expect(await database.sql`select count(*)::int as zones, (select count(*)::int from promo_codes) as codes from delivery_zones`).toEqual(before);
  });
});
