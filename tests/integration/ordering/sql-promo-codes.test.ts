// Promo codes at checkout: check_promo_code's rules (kind, minimum, dates, active, case), the
// limits redeem_promo_code holds under racing buyers, and what expiry gives back. Errors name the
// checkout's promoCode field and nothing is taken when a code is refused.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  cartWith,
  expectSqlError,
  latestPickupSlot,
  locationId,
  outcomeOf,
  placeOrder,
  racingPool,
  rowCounts,
  seededVariants,
  setStock,
  stockOf,
  tally,
  variantId,
  type Sql,
  withoutDemoPricing,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>> & { chimichurri8oz: number };

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  await withoutDemoPricing(sql);
  location = await locationId(sql);
  v = { ...(await seededVariants(sql)), chimichurri8oz: await variantId(sql, "chimichurri", "8 oz") };
  await sql`update locations set pickup_slot_capacity = 1000, shipping_enabled = true, shipping_flat_cents = 0 where id = ${location}`;
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await sql`delete from slot_reservations`;
});

interface PromoFields {
  kind?: "percent" | "fixed";
  percent_bps?: number | null;
  amount_cents?: number | null;
  currency?: string;
  minimum_subtotal_cents?: number;
  starts_at?: Date | null;
  ends_at?: Date | null;
  max_uses?: number | null;
  max_uses_per_customer?: number | null;
  is_active?: boolean;
}

/** A new promo code (10 % off unless told otherwise), with a unique name. */
async function promo(fields: PromoFields = {}): Promise<{ id: number; code: string }> {
  const code = `T${randomUUID().replaceAll("-", "").slice(0, 12).toUpperCase()}`;
  const row = {
    code,
    kind: "percent",
    percent_bps: fields.kind === "fixed" ? null : 1000,
    amount_cents: null,
    ...fields,
  };
  const [{ id }] = await sql<{ id: number }[]>`insert into promo_codes ${sql(row)} returning id`;
  return { id, code };
}

async function usesOf(id: number) {
  const [row] = await sql<{ uses: number; redemptions: number }[]>`
    select uses, (select count(*)::int from promo_redemptions where promo_code_id = ${id}) as redemptions
      from promo_codes where id = ${id}`;
  return row;
}

async function order(orderId: number) {
  const [row] = await sql<{ subtotal_cents: number; discount_cents: number; total_cents: number; promo_code: string | null; promo_code_id: number | null }[]>`
    select subtotal_cents, discount_cents, total_cents, promo_code, promo_code_id from orders where id = ${orderId}`;
  return row;
}

// Beef Criolla half dozen ×2 = $51.00.
const cart51 = () => cartWith(sql, [[v.beefHalfDozen, 2]]);

describe("the discount", () => {
  it("takes a percentage off the subtotal", async () => {
    const code = await promo({ percent_bps: 1500 });
    const placed = await placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code });
    expect(await order(placed.order_id)).toEqual({
      subtotal_cents: 5100, discount_cents: 765, total_cents: 4335, promo_code: code.code, promo_code_id: code.id,
    });
    expect(await usesOf(code.id)).toEqual({ uses: 1, redemptions: 1 });
  });

  it("takes a fixed amount off, never more than the subtotal", async () => {
    const five = await promo({ kind: "fixed", amount_cents: 500 });
    const placed = await placeOrder(sql, { cartId: await cart51(), location, promoCode: five.code });
    expect(await order(placed.order_id)).toMatchObject({ subtotal_cents: 5100, discount_cents: 500, total_cents: 4600 });

    const huge = await promo({ kind: "fixed", amount_cents: 100_000 });
    const all = await placeOrder(sql, { cartId: await cart51(), location, promoCode: huge.code });
    expect(await order(all.order_id)).toMatchObject({ subtotal_cents: 5100, discount_cents: 5100, total_cents: 0 });
  });

  it("shares the discount out over the lines, adding up to the order's", async () => {
    const code = await promo({ kind: "fixed", amount_cents: 1000 });
    const cartId = await cartWith(sql, [[v.beefSingle, 1], [v.horchata, 1], [v.beefHalfDozen, 1]]);
    const placed = await placeOrder(sql, { cartId, location, promoCode: code.code });
    const lines = await sql<{ discount_cents: number }[]>`
      select discount_cents from order_items where order_id = ${placed.order_id} order by id`;
    // 450, 400, 2550 of 3400: 132.35, 117.64, 750.00 → 132, 118, 750.
    expect(lines.map((line) => line.discount_cents)).toEqual([132, 118, 750]);
  });

  it("accepts the code in any case and with spaces around it, and stores it as it is defined", async () => {
    const code = await promo();
    const placed = await placeOrder(sql, { cartId: await cart51(), location, promoCode: `  ${code.code.toLowerCase()} ` });
    expect(await order(placed.order_id)).toMatchObject({ promo_code: code.code, discount_cents: 510 });
  });

  it("treats an empty or blank code as no code", async () => {
    for (const promoCode of ["", "   "]) {
      const placed = await placeOrder(sql, { cartId: await cart51(), location, promoCode });
      expect(await order(placed.order_id)).toMatchObject({ promo_code: null, discount_cents: 0, total_cents: 5100 });
    }
  });

  it("applies on shipped orders as well", async () => {
    const code = await promo({ kind: "fixed", amount_cents: 200 });
    const placed = await placeOrder(sql, {
      cartId: await cartWith(sql, [[v.chimichurri8oz, 2]]), location, fulfillment: "shipping", promoCode: code.code,
    });
    expect(await order(placed.order_id)).toMatchObject({ subtotal_cents: 1000, discount_cents: 200, total_cents: 800 });
  });
});

describe("refused codes (column promoCode), with nothing taken", () => {
  const TABLES = ["orders", "order_items", "order_events", "promo_redemptions"];

  async function expectRefused(promoCode: string, code: "LR422" | "LR409", message: string, subtotal: "51" | "small" = "51") {
    await setStock(sql, v.chipa, 20);
    const cartId = await cartWith(sql, subtotal === "51" ? [[v.beefHalfDozen, 2], [v.chipa, 1]] : [[v.chipa, 1]]);
    const slot = await latestPickupSlot(sql, location);
    const reserved = async () =>
      (await sql<{ reserved: number }[]>`
        select coalesce(sum(reserved), 0)::int as reserved from slot_reservations where slot_at = ${slot}`)[0].reserved;
    const before = { rows: await rowCounts(sql, TABLES), reserved: await reserved() };
    const error = await expectSqlError(placeOrder(sql, { cartId, location, pickupAt: slot, promoCode }), code, "promoCode");
    expect(error.message).toBe(message);
    expect({ rows: await rowCounts(sql, TABLES), reserved: await reserved() }).toEqual(before);
    expect(await stockOf(sql, v.chipa)).toBe(20);
    const [cart] = await sql`select checked_out_at from carts where id = ${cartId}`;
    expect(cart.checked_out_at).toBeNull();
    // quote_cart refuses it the same way.
    const quoteError = await expectSqlError(
      sql`select * from quote_cart(${cartId}, ${location}, 'pickup', null, ${promoCode}, null, null, 'someone@example.com')`,
      code,
      "promoCode",
    );
    expect(quoteError.message).toBe(message);
  }

  it("an unknown code", async () => {
    await expectRefused("nosuchcode", "LR422", "We don't recognise the promo code NOSUCHCODE.");
  });

  it("an inactive code, as if unknown", async () => {
    const code = await promo({ is_active: false });
    await expectRefused(code.code, "LR422", `We don't recognise the promo code ${code.code}.`);
  });

  it("two codes at once (one code per order)", async () => {
    const a = await promo();
    const b = await promo();
    await expectRefused(`${a.code} ${b.code}`, "LR422", `We don't recognise the promo code ${a.code} ${b.code}.`);
    await expectRefused(`${a.code},${b.code}`, "LR422", `We don't recognise the promo code ${a.code},${b.code}.`);
  });

  it("a code not valid yet", async () => {
    const code = await promo({ starts_at: new Date(Date.now() + 3_600_000) });
    await expectRefused(code.code, "LR422", `The promo code ${code.code} is not valid yet.`);
  });

  it("an expired code, from the instant it ends", async () => {
    const code = await promo({ starts_at: new Date(Date.now() - 7 * 86_400_000), ends_at: new Date(Date.now() - 1000) });
    await expectRefused(code.code, "LR422", `The promo code ${code.code} has expired.`);
    const [{ checked }] = await sql`
      select (private.check_promo_code(${code.code}, 'USD', 5100, null, ends_at - interval '1 second')).code as checked
        from promo_codes where id = ${code.id}`;
    expect(checked).toBe(code.code);
    await expectSqlError(
      sql`select private.check_promo_code(${code.code}, 'USD', 5100, null, ends_at) from promo_codes where id = ${code.id}`,
      "LR422",
      "promoCode",
    );
  });

  it("a subtotal below the code's minimum, saying the minimum", async () => {
    const code = await promo({ minimum_subtotal_cents: 2000 });
    await expectRefused(code.code, "LR422", `The promo code ${code.code} needs a subtotal of at least $20.00.`, "small");
    // Exactly the minimum is enough.
    const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[v.horchata, 5]]), location, promoCode: code.code });
    expect(await order(placed.order_id)).toMatchObject({ subtotal_cents: 2000, discount_cents: 200 });
  });

  it("a fixed code in another currency", async () => {
    const code = await promo({ kind: "fixed", amount_cents: 500, currency: "EUR" });
    await expectRefused(code.code, "LR422", `The promo code ${code.code} is not valid for this shop.`);
  });

  it("a used-up code (LR409)", async () => {
    const code = await promo({ max_uses: 1 });
    await placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code });
    await expectRefused(code.code, "LR409", `The promo code ${code.code} has been used up.`);
    expect(await usesOf(code.id)).toEqual({ uses: 1, redemptions: 1 });
  });

  it("a code the customer has used as often as allowed (LR409), whatever the email's case", async () => {
    const code = await promo({ max_uses_per_customer: 1 });
    const email = `Rita.${randomUUID()}@Example.com`;
    await placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code, email });
    await setStock(sql, v.chipa, 20);
    const cartId = await cartWith(sql, [[v.beefHalfDozen, 2], [v.chipa, 1]]);
    const before = await rowCounts(sql, TABLES);
    const error = await expectSqlError(
      placeOrder(sql, { cartId, location, promoCode: code.code, email: ` ${email.toUpperCase()} ` }),
      "LR409",
      "promoCode",
    );
    expect(error.message).toBe(`You have already used the promo code ${code.code}.`);
    expect(await rowCounts(sql, TABLES)).toEqual(before);
    expect(await stockOf(sql, v.chipa)).toBe(20);
    // Someone else still can.
    await placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code });
    expect(await usesOf(code.id)).toEqual({ uses: 2, redemptions: 2 });
  });

  it("a second redemption for one order, which the table itself refuses", async () => {
    const a = await promo();
    const b = await promo();
    const placed = await placeOrder(sql, { cartId: await cart51(), location, promoCode: a.code });
    const error = await sqlErrorCode(sql`
      insert into promo_redemptions (promo_code_id, order_id, customer_email) values (${b.id}, ${placed.order_id}, 'x@example.com')`);
    expect(error).toBe("23505");
  });
});

async function sqlErrorCode(query: Promise<unknown>): Promise<string | undefined> {
  return query.then(() => undefined, (error: { code?: string }) => error.code);
}

describe("limits under racing buyers", () => {
  it("gives exactly 5 of 40 concurrent orders a code with 5 uses; the others are refused on promoCode", async () => {
    const code = await promo({ max_uses: 5 });
    const carts = await Promise.all(Array.from({ length: 40 }, () => cartWith(sql, [[v.chimichurri8oz, 1]])));
    const racers = racingPool(database.url);
    let outcomes: string[];
    try {
      // Shipping and different customers: nothing but the code stands between the buyers.
      outcomes = await Promise.all(
        carts.map((cartId) => outcomeOf(placeOrder(racers, { cartId, location, fulfillment: "shipping", promoCode: code.code }))),
      );
    } finally {
      await racers.end();
    }
    expect(tally(outcomes)).toEqual({ placed: 5, "LR409:promoCode": 35 });
    expect(await usesOf(code.id)).toEqual({ uses: 5, redemptions: 5 });
    const [{ orders }] = await sql`select count(*)::int as orders from orders where promo_code_id = ${code.id}`;
    expect(orders).toBe(5);
  });

  it("gives one customer racing themselves (10 tabs, any email case) exactly their one use", async () => {
    const code = await promo({ max_uses_per_customer: 1 });
    const email = `Sam.${randomUUID()}@example.com`;
    const emails = Array.from({ length: 10 }, (_, i) => (i % 2 ? email.toUpperCase() : email));
    const carts = await Promise.all(emails.map(() => cartWith(sql, [[v.chimichurri8oz, 1]])));
    const racers = racingPool(database.url, 10);
    let outcomes: string[];
    try {
      outcomes = await Promise.all(
        carts.map((cartId, i) => outcomeOf(placeOrder(racers, { cartId, location, fulfillment: "shipping", promoCode: code.code, email: emails[i] }))),
      );
    } finally {
      await racers.end();
    }
    expect(tally(outcomes)).toEqual({ placed: 1, "LR409:promoCode": 9 });
    expect(await usesOf(code.id)).toEqual({ uses: 1, redemptions: 1 });
  });

  it("holds both limits at once: 3 uses in all, 1 per customer, 30 orders from 6 customers", async () => {
    const code = await promo({ max_uses: 3, max_uses_per_customer: 1 });
    const customers = Array.from({ length: 6 }, (_, i) => `c${i}.${randomUUID()}@example.com`);
    const carts = await Promise.all(Array.from({ length: 30 }, () => cartWith(sql, [[v.chimichurri8oz, 1]])));
    const racers = racingPool(database.url);
    let outcomes: string[];
    try {
      outcomes = await Promise.all(
        carts.map((cartId, i) =>
          outcomeOf(placeOrder(racers, { cartId, location, fulfillment: "shipping", promoCode: code.code, email: customers[i % 6] }))),
      );
    } finally {
      await racers.end();
    }
    expect(tally(outcomes)).toEqual({ placed: 3, "LR409:promoCode": 27 });
    const redeemers = await sql`select customer_email from promo_redemptions where promo_code_id = ${code.id}`;
    expect(new Set(redeemers.map((row) => row.customer_email)).size).toBe(3);
  });
});

describe("an unpaid order that expires", () => {
  it("gives its use of the code back: uses decremented, redemption deleted, the code usable again", async () => {
    const code = await promo({ max_uses: 1, max_uses_per_customer: 1 });
    const email = `Lia.${randomUUID()}@example.com`;
    const first = await placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code, email });
    expect(await usesOf(code.id)).toEqual({ uses: 1, redemptions: 1 });
    await expectSqlError(placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code }), "LR409", "promoCode");

    const [{ expired }] = await sql`select expire_unpaid_order(${first.order_id}, 'test') as expired`;
    expect(expired).toBe(true);
    expect(await usesOf(code.id)).toEqual({ uses: 0, redemptions: 0 });
    // The expired order keeps the record of what it was offered.
    expect(await order(first.order_id)).toMatchObject({ promo_code: code.code, discount_cents: 510 });

    const again = await placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code, email });
    expect(await usesOf(code.id)).toEqual({ uses: 1, redemptions: 1 });
    // Expiring the first order twice gives nothing more back.
    await sql`select expire_unpaid_order(${first.order_id}, 'test')`;
    expect(await usesOf(code.id)).toEqual({ uses: 1, redemptions: 1 });
    const [{ redeemed_by }] = await sql`select order_id as redeemed_by from promo_redemptions where promo_code_id = ${code.id}`;
    expect(redeemed_by).toBe(again.order_id);
  });

  it("does not touch the code when a paid order is asked to expire", async () => {
    const code = await promo();
    const placed = await placeOrder(sql, { cartId: await cart51(), location, promoCode: code.code });
    await sql`select private.mark_order_paid(${placed.order_id})`;
    const [{ expired }] = await sql`select expire_unpaid_order(${placed.order_id}, 'test') as expired`;
    expect(expired).toBe(false);
    expect(await usesOf(code.id)).toEqual({ uses: 1, redemptions: 1 });
  });
});
