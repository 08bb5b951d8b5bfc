// Order money: price_order() on its own (rounding half to even, tax inclusive and exclusive,
// discounts shared out over lines, tips), quote_cart agreeing with what place_order writes, and
// tip validation.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  addLine,
  cartWith,
  expectSqlError,
  locationId,
  modifierId,
  newCart,
  placeOrder,
  rowCounts,
  seededVariants,
  sqlError,
  TEST_ADDRESS,
  variantId,
  type Fulfillment,
  type Sql,
  withoutDemoPricing,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>> & { jar: number; chimichurri2oz: number; boxHalf: number };
let m: { chimichurri: number; criolla: number; humita: number };

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  await withoutDemoPricing(sql);
  location = await locationId(sql);
  v = {
    ...(await seededVariants(sql)),
    jar: await variantId(sql, "dulce-de-leche-jar", "12 oz"),
    chimichurri2oz: await variantId(sql, "chimichurri", "2 oz"),
    boxHalf: await variantId(sql, "party-box", "Half dozen"),
  };
  m = {
    chimichurri: await modifierId(sql, "Add a salsa", "Chimichurri"),
    criolla: await modifierId(sql, "Add a salsa", "Salsa Criolla"),
    humita: await modifierId(sql, "Fillings", "Humita"),
  };
  await sql`update locations set pickup_slot_capacity = 1000, delivery_enabled = true, delivery_window_capacity = 1000,
                                 shipping_enabled = true, shipping_flat_cents = 650 where id = ${location}`;
  const [{ id: zone }] = await sql<{ id: number }[]>`
    insert into delivery_zones (location_id, name, fee_cents) values (${location}, 'Near', 399) returning id`;
  await sql`insert into delivery_zone_postal_codes (zone_id, location_id, postal_code) values (${zone}, ${location}, '62701')`;
});

afterAll(async () => {
  await database?.drop();
});

interface PriceArgs {
  kind?: "percent" | "fixed" | null;
  value?: number | null;
  taxBps?: number | null;
  inclusive?: boolean;
  fee?: number | null;
  shipping?: number | null;
  tipPercent?: number | null;
  tipCents?: number | null;
}

interface Priced {
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  delivery_fee_cents: number;
  shipping_cents: number;
  tip_cents: number;
  total_cents: number;
  line_discount_cents: number[];
  line_tax_cents: number[];
}

async function price(lines: number[] | null, args: PriceArgs = {}): Promise<Priced> {
  const [row] = await sql<Priced[]>`
    select * from price_order(
      ${lines === null ? null : sql.array(lines)}::bigint[], ${args.kind ?? null}::text, ${args.value ?? null}::bigint,
      ${args.taxBps ?? null}::integer, ${args.inclusive ?? false}::boolean, ${args.fee ?? null}::bigint,
      ${args.shipping ?? null}::bigint, ${args.tipPercent ?? null}::integer, ${args.tipCents ?? null}::bigint)`;
  // postgres.js returns bigint[] elements as strings.
  return { ...row, line_discount_cents: row.line_discount_cents.map(Number), line_tax_cents: row.line_tax_cents.map(Number) };
}

describe("round_half_even", () => {
  it.each([
    [5, 10, 0], [15, 10, 2], [25, 10, 2], [35, 10, 4], [14, 10, 1], [16, 10, 2],
    [0, 7, 0], [1, 3, 0], [2, 3, 1], [125, 100, 1], [175, 100, 2], [1_000_000_000_005, 10, 100_000_000_000],
  ])("%i / %i rounds to %i", async (numerator, denominator, expected) => {
    const [{ rounded }] = await sql`select private.round_half_even(${numerator}, ${denominator}) as rounded`;
    expect(Number(rounded)).toBe(expected);
  });

  it("refuses a negative amount", async () => {
    await sqlError(sql`select private.round_half_even(-5, 10)`);
  });
});

describe("price_order", () => {
  it("rounds a percentage discount per line, ties to even in both directions", async () => {
    const priced = await price([5, 15, 25, 35], { kind: "percent", value: 1000 });
    expect(priced.line_discount_cents).toEqual([0, 2, 2, 4]);
    expect(priced).toMatchObject({ subtotal_cents: 80, discount_cents: 8, total_cents: 72 });
  });

  it("never discounts a line below zero, even at 100 %", async () => {
    const priced = await price([333, 1], { kind: "percent", value: 10000 });
    expect(priced).toMatchObject({ discount_cents: 334, total_cents: 0, line_discount_cents: [333, 1] });
  });

  it("adds exclusive tax per line, ties to even", async () => {
    const priced = await price([5, 15, 25, 35], { taxBps: 1000 });
    expect(priced.line_tax_cents).toEqual([0, 2, 2, 4]);
    expect(priced).toMatchObject({ tax_cents: 8, total_cents: 88 });
  });

  it("takes inclusive tax out of the price per line, ties to even, and adds nothing to the total", async () => {
    // At 20 % inclusive the tax in a price is price / 6.
    const priced = await price([3, 9, 15, 21], { taxBps: 2000, inclusive: true });
    expect(priced.line_tax_cents).toEqual([0, 2, 2, 4]);
    expect(priced).toMatchObject({ subtotal_cents: 48, tax_cents: 8, total_cents: 48 });
  });

  it("computes 8.25 % both ways on $10.00", async () => {
    expect(await price([1000], { taxBps: 825 })).toMatchObject({ tax_cents: 82, total_cents: 1082 }); // 82.5 → 82
    expect(await price([1000], { taxBps: 825, inclusive: true })).toMatchObject({ tax_cents: 76, total_cents: 1000 }); // 76.21
    expect(await price([1400], { taxBps: 825 })).toMatchObject({ tax_cents: 116, total_cents: 1516 }); // 115.5 → 116
  });

  it("taxes each line after its discount, and not the fee, shipping or tip", async () => {
    const priced = await price([1000, 500], {
      kind: "percent", value: 1000, taxBps: 1000, fee: 500, shipping: 300, tipCents: 200,
    });
    expect(priced).toEqual({
      subtotal_cents: 1500, discount_cents: 150, tax_cents: 135, delivery_fee_cents: 500, shipping_cents: 300,
      tip_cents: 200, total_cents: 1500 - 150 + 135 + 500 + 300 + 200,
      line_discount_cents: [100, 50], line_tax_cents: [90, 45],
    });
  });

  it("shares a fixed discount in proportion, the leftover cents to the largest remainders, earlier lines first", async () => {
    expect((await price([100, 100, 100], { kind: "fixed", value: 100 })).line_discount_cents).toEqual([34, 33, 33]);
    // Shares 0.5, 1, 1.5, 2: floors 0, 1, 1, 2; the cent left goes to the first of the two halves.
    expect((await price([1, 2, 3, 4], { kind: "fixed", value: 5 })).line_discount_cents).toEqual([1, 1, 1, 2]);
    expect((await price([0, 700, 300], { kind: "fixed", value: 1 })).line_discount_cents).toEqual([0, 1, 0]);
  });

  it("caps a fixed discount at the subtotal", async () => {
    const priced = await price([300, 200], { kind: "fixed", value: 1000, taxBps: 825, tipPercent: 15 });
    expect(priced).toMatchObject({ discount_cents: 500, tax_cents: 0, tip_cents: 0, total_cents: 0, line_discount_cents: [300, 200] });
  });

  it("shares every fixed discount out to exactly its amount, no line below zero (300 generated carts)", async () => {
    let seed = 42;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    for (let run = 0; run < 300; run++) {
      const lines = Array.from({ length: 1 + random(7) }, () => (random(5) === 0 ? 0 : random(20_000)));
      const subtotal = lines.reduce((sum, line) => sum + line, 0);
      const amount = 1 + random(subtotal + 500);
      const priced = await price(lines, { kind: "fixed", value: amount, taxBps: 825 });
      const shares = priced.line_discount_cents;
      const expected = Math.min(amount, subtotal);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(expected);
      expect(priced.discount_cents).toBe(expected);
      for (const [i, share] of shares.entries()) {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(lines[i]);
        if (subtotal > 0) expect(Math.abs(share - (expected * lines[i]) / subtotal)).toBeLessThan(1);
      }
      expect(priced.total_cents).toBe(subtotal - expected + priced.tax_cents);
    }
  });

  it("rounds a percentage tip on the discounted subtotal, ties to even", async () => {
    expect((await price([1250], { tipPercent: 15 })).tip_cents).toBe(188); // 187.5
    expect((await price([1150], { tipPercent: 15 })).tip_cents).toBe(172); // 172.5
    expect((await price([1000], { kind: "percent", value: 1000, taxBps: 1000, tipPercent: 15 })).tip_cents).toBe(135);
    expect((await price([1000], { tipCents: 250 })).tip_cents).toBe(250);
  });

  it("prices no lines as zero, with fees still added", async () => {
    const zero = { subtotal_cents: 0, discount_cents: 0, tax_cents: 0, tip_cents: 0, line_discount_cents: [], line_tax_cents: [] };
    expect(await price([], { kind: "percent", value: 1000, taxBps: 825, tipPercent: 10 })).toMatchObject({ ...zero, total_cents: 0 });
    expect(await price(null, { kind: "fixed", value: 500 })).toMatchObject({ ...zero, total_cents: 0 });
    expect(await price([], { fee: 399, shipping: 650 })).toMatchObject({ ...zero, total_cents: 1049 });
  });

  it("refuses a tip given both ways, an unknown discount kind and a line without a price", async () => {
    await sqlError(price([100], { tipPercent: 10, tipCents: 100 }));
    await sqlError(price([100], { kind: "bogus" as "fixed", value: 1 }));
    await sqlError(price([100, -1]));
  });
});

describe("quote_cart and place_order", () => {
  interface Scenario {
    fulfillment: Fulfillment;
    tax: { bps: number; inclusive: boolean };
    promo?: { kind: "percent"; bps: number } | { kind: "fixed"; cents: number };
    tipPercent?: number;
    tipCents?: number;
  }

  const scenarios: [string, Scenario][] = [
    ["pickup, exclusive tax, nothing else", { fulfillment: "pickup", tax: { bps: 825, inclusive: false } }],
    ["pickup, 15 % off, 15 % tip", { fulfillment: "pickup", tax: { bps: 825, inclusive: false }, promo: { kind: "percent", bps: 1500 }, tipPercent: 15 }],
    ["delivery, $7 off, $3 tip", { fulfillment: "delivery", tax: { bps: 825, inclusive: false }, promo: { kind: "fixed", cents: 700 }, tipCents: 300 }],
    ["delivery, inclusive tax, 10 % tip", { fulfillment: "delivery", tax: { bps: 825, inclusive: true }, tipPercent: 10 }],
    ["shipping, inclusive 10 % tax, 10 % off, 20 % tip", { fulfillment: "shipping", tax: { bps: 1000, inclusive: true }, promo: { kind: "percent", bps: 1000 }, tipPercent: 20 }],
    ["shipping, a fixed discount over the subtotal", { fulfillment: "shipping", tax: { bps: 700, inclusive: false }, promo: { kind: "fixed", cents: 100_000 }, tipPercent: 10 }],
    ["pickup, no tax", { fulfillment: "pickup", tax: { bps: 0, inclusive: false }, promo: { kind: "fixed", cents: 333 }, tipCents: 1 }],
  ];

  async function cartFor(fulfillment: Fulfillment): Promise<string> {
    const cartId = await newCart(sql);
    if (fulfillment === "shipping") {
      await addLine(sql, cartId, v.jar, 2);
      await addLine(sql, cartId, v.chimichurri2oz, 3);
    } else {
      await addLine(sql, cartId, v.beefSingle, 3, [m.chimichurri, m.criolla]);
      await addLine(sql, cartId, v.boxHalf, 1, [m.humita, m.criolla]);
      await addLine(sql, cartId, v.horchata, 2);
      await addLine(sql, cartId, v.beefSingle, 1);
    }
    return cartId;
  }

  it.each(scenarios)("agree: %s", async (_label, scenario) => {
    await sql`update locations set tax_rate_bps = ${scenario.tax.bps}, tax_inclusive = ${scenario.tax.inclusive} where id = ${location}`;
    let promoCode: string | null = null;
    if (scenario.promo) {
      promoCode = `P${randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase()}`;
      const row = scenario.promo.kind === "percent"
        ? { code: promoCode, kind: "percent", percent_bps: scenario.promo.bps }
        : { code: promoCode, kind: "fixed", amount_cents: scenario.promo.cents };
      await sql`insert into promo_codes ${sql(row)}`;
    }
    const cartId = await cartFor(scenario.fulfillment);
    const email = `q.${randomUUID()}@example.com`;
    const [quote] = await sql`
      select * from quote_cart(${cartId}, ${location}, ${scenario.fulfillment}, ${TEST_ADDRESS.postalCode},
                               ${promoCode}, ${scenario.tipPercent ?? null}, ${scenario.tipCents ?? null}, ${email})`;
    const placed = await placeOrder(sql, {
      cartId, location, fulfillment: scenario.fulfillment, email, promoCode,
      tipPercent: scenario.tipPercent ?? null, tipCents: scenario.tipCents ?? null,
    });
    const [order] = await sql`
      select subtotal_cents, discount_cents, tax_cents, delivery_fee_cents, shipping_cents, tip_cents, total_cents,
             currency, tax_name, tax_rate_bps, tax_inclusive, promo_code
        from orders where id = ${placed.order_id}`;
    const { delivery_zone_name, ...quoted } = quote;
    expect(quoted).toEqual(order);
    expect(delivery_zone_name).toBe(scenario.fulfillment === "delivery" ? "Near" : null);
    if (scenario.fulfillment === "delivery") expect(order.delivery_fee_cents).toBe(399);
    if (scenario.fulfillment === "shipping") expect(order.shipping_cents).toBe(650);

    // The order's lines carry its discount and tax exactly, and the total adds up.
    const [lines] = await sql`
      select sum(line_total_cents)::bigint as gross, sum(discount_cents)::bigint as discount, sum(tax_cents)::bigint as tax
        from order_items where order_id = ${placed.order_id}`;
    expect({ gross: lines.gross, discount: lines.discount, tax: lines.tax })
      .toEqual({ gross: order.subtotal_cents, discount: order.discount_cents, tax: order.tax_cents });
    expect(order.total_cents).toBe(
      order.subtotal_cents - order.discount_cents + (order.tax_inclusive ? 0 : order.tax_cents)
        + order.delivery_fee_cents + order.shipping_cents + order.tip_cents,
    );
    // Recomputing from the lines as written gives the same money.
    const recomputed = await price(
      (await sql<{ line: number }[]>`select line_total_cents as line from order_items where order_id = ${placed.order_id} order by id`).map((row) => row.line),
      {
        kind: scenario.promo?.kind ?? null,
        value: scenario.promo ? ("bps" in scenario.promo ? scenario.promo.bps : scenario.promo.cents) : null,
        taxBps: scenario.tax.bps, inclusive: scenario.tax.inclusive,
        fee: order.delivery_fee_cents || null, shipping: order.shipping_cents || null,
        tipPercent: scenario.tipPercent ?? null, tipCents: scenario.tipCents ?? null,
      },
    );
    const items = await sql<{ discount_cents: number; tax_cents: number }[]>`
      select discount_cents, tax_cents from order_items where order_id = ${placed.order_id} order by id`;
    expect(items.map((item) => item.discount_cents)).toEqual(recomputed.line_discount_cents);
    expect(items.map((item) => item.tax_cents)).toEqual(recomputed.line_tax_cents);
    expect(recomputed.total_cents).toBe(order.total_cents);
  });

  it("has the database refuse an order whose total does not add up (orders_total_adds_up)", async () => {
    const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 1]]), location });
    const error = await sqlError(sql`update orders set tip_cents = tip_cents + 1 where id = ${placed.order_id}`);
    expect({ code: error.code, constraint: error.constraint_name }).toEqual({ code: "23514", constraint: "orders_total_adds_up" });
  });

  it("treat an amount of 0 sent with a percentage the same way: as the percentage", async () => {
    await sql`update locations set tax_rate_bps = 0, tax_inclusive = false where id = ${location}`;
    const cartId = await cartWith(sql, [[v.horchata, 5]]);
    const [quote] = await sql`select tip_cents, total_cents from quote_cart(${cartId}, ${location}, 'pickup', null, null, 10, 0, null)`;
    const placed = await placeOrder(sql, { cartId, location, tipPercent: 10, tipCents: 0 });
    const [order] = await sql`select tip_cents, total_cents from orders where id = ${placed.order_id}`;
    expect(quote).toEqual(order);
    expect(order).toEqual({ tip_cents: 200, total_cents: 2200 });
  });
});

describe("tips", () => {
  beforeEach(async () => {
    await sql`update locations set tips_enabled = true, tip_percentages = '{10,15,20}', tax_rate_bps = 0 where id = ${location}`;
  });

  const refusals: [string, { tipPercent?: number; tipCents?: number }, string, string][] = [
    ["a percentage not offered", { tipPercent: 12 }, "tip", "Choose one of the tips shown."],
    ["0 %", { tipPercent: 0 }, "tip", "Choose one of the tips shown."],
    ["both a percentage and an amount", { tipPercent: 15, tipCents: 100 }, "tip", "Choose a tip percentage or enter an amount, not both."],
    ["a negative amount", { tipCents: -100 }, "tipAmount", "Enter a tip from 0 to 1000.00."],
    ["an amount over $1000", { tipCents: 100_001 }, "tipAmount", "Enter a tip from 0 to 1000.00."],
  ];

  it.each(refusals)("refuses %s, in the quote and the order, writing nothing", async (_label, tip, column, message) => {
    const cartId = await cartWith(sql, [[v.horchata, 2]]);
    const quoteError = await expectSqlError(
      sql`select * from quote_cart(${cartId}, ${location}, 'pickup', null, null, ${tip.tipPercent ?? null}, ${tip.tipCents ?? null}, null)`,
      "LR422",
      column,
    );
    expect(quoteError.message).toBe(message);
    const before = await rowCounts(sql, ["orders", "order_items", "slot_reservations"]);
    const [{ reserved: reservedBefore }] = await sql`select coalesce(sum(reserved), 0)::int as reserved from slot_reservations`;
    const error = await expectSqlError(placeOrder(sql, { cartId, location, ...tip }), "LR422", column);
    expect(error.message).toBe(message);
    expect(await rowCounts(sql, ["orders", "order_items", "slot_reservations"])).toEqual(before);
    const [{ reserved: reservedAfter }] = await sql`select coalesce(sum(reserved), 0)::int as reserved from slot_reservations`;
    expect(reservedAfter).toBe(reservedBefore);
  });

  it("accepts the offered percentages and amounts up to $1000", async () => {
    for (const tip of [{ tipPercent: 20 }, { tipCents: 100_000 }, { tipCents: 0 }]) {
      const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 2]]), location, ...tip });
      const [order] = await sql`select tip_cents from orders where id = ${placed.order_id}`;
      expect(order.tip_cents).toBe(tip.tipPercent ? 160 : tip.tipCents);
    }
  });

  it("follows the location's own list of percentages", async () => {
    await sql`update locations set tip_percentages = '{12,18}' where id = ${location}`;
    await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 2]]), location, tipPercent: 12 });
    await expectSqlError(placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 2]]), location, tipPercent: 15 }), "LR422", "tip");
  });

  it("refuses any tip while tips are switched off, and takes orders without one", async () => {
    await sql`update locations set tips_enabled = false where id = ${location}`;
    for (const tip of [{ tipPercent: 15 }, { tipCents: 300 }]) {
      const cartId = await cartWith(sql, [[v.horchata, 2]]);
      const error = await expectSqlError(placeOrder(sql, { cartId, location, ...tip }), "LR422", "tip");
      expect(error.message).toBe("This shop does not take tips online.");
      await expectSqlError(
        sql`select * from quote_cart(${cartId}, ${location}, 'pickup', null, null, ${tip.tipPercent ?? null}, ${tip.tipCents ?? null}, null)`,
        "LR422",
        "tip",
      );
    }
    const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 2]]), location, tipCents: 0 });
    const [order] = await sql`select tip_cents from orders where id = ${placed.order_id}`;
    expect(order.tip_cents).toBe(0);
  });
});
