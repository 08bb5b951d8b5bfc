// What Larder charges is what Square charges: for every combination of modifiers, promo (none,
// percent, fixed, fixed above the subtotal), tax (none, exclusive, inclusive, an odd rate), delivery
// fee or shipping, and tip (none, percent, amount), an order priced by price_order() and mirrored
// through the real SDK gets the same total, tax, discount and service charges from the simulator,
// which computes Square's side independently (dev/square-sim/order-pricing.ts). Then fully
// adjusted orders are paid by card and through a payment link.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardToken, payAtHostedCheckout, startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let location: number;
let promos: Record<"percent" | "fixed" | "huge", number>;

interface Line {
  unit: number;
  quantity: number;
  modifiers: number[];
}

const lineSets: Record<string, Line[]> = {
  "one plain line": [{ unit: 450, quantity: 1, modifiers: [] }],
  "lines with modifiers": [
    { unit: 2400, quantity: 1, modifiers: [0, 150, 150] },
    { unit: 425, quantity: 3, modifiers: [] },
    { unit: 333, quantity: 7, modifiers: [75] },
  ],
  "tiny lines that need remainders": [
    { unit: 1, quantity: 1, modifiers: [] },
    { unit: 2, quantity: 1, modifiers: [] },
    { unit: 5, quantity: 1, modifiers: [1] },
  ],
};
const discounts = [null, "percent", "fixed", "huge"] as const;
// 0; exclusive 8.25 %; inclusive 8.25 %; 9.75 %, whose $6.00 → $0.585 rounds to even; 12.5 % inclusive.
const taxes = [[0, false], [825, false], [825, true], [975, false], [1250, true]] as const;
const fees = [[0, 0], [399, 0], [0, 950]] as const;
const tips = [[null, null], [15, null], [null, 250]] as const;

beforeAll(async () => {
  harness = await startAppHarness({ receiveWebhooks: true });
  const sql = harness.database.sql;
  [{ id: location }] = await sql<{ id: number }[]>`select shop_location_id() as id`;
  const insert = async (code: string, kind: string, percent: number | null, amount: number | null) => {
    const [{ id }] = await sql<{ id: number }[]>`
      insert into promo_codes (code, kind, percent_bps, amount_cents) values (${code}, ${kind}, ${percent}, ${amount}) returning id`;
    return id;
  };
  promos = { percent: await insert("PCT1250", "percent", 1250, null), fixed: await insert("FIX5", "fixed", null, 500), huge: await insert("FIX999", "fixed", null, 99_900) };
});

afterAll(async () => {
  await harness?.stop();
});

/** An order written as place_order writes it, its amounts from price_order(). */
async function insertOrder(lines: Line[], discount: (typeof discounts)[number], [taxBps, inclusive]: readonly [number, boolean],
  [deliveryFee, shipping]: readonly [number, number], [tipPercent, tipCents]: readonly [number | null, number | null]) {
  const sql = harness.database.sql;
  const gross = lines.map((line) => (line.unit + line.modifiers.reduce((sum, price) => sum + price, 0)) * line.quantity);
  const promo = discount ? (await sql<{ id: number; kind: string; value: number; code: string }[]>`
    select id, kind, coalesce(percent_bps::bigint, amount_cents) as value, code from promo_codes where id = ${promos[discount]}`)[0] : null;
  const [priced] = await sql<{ subtotal_cents: number; discount_cents: number; tax_cents: number; tip_cents: number; total_cents: number; line_discount_cents: number[]; line_tax_cents: number[] }[]>`
    select * from price_order(${gross}::bigint[], ${promo?.kind ?? null}, ${promo?.value ?? null}, ${taxBps}, ${inclusive},
                              ${deliveryFee}, ${shipping}, ${tipPercent}, ${tipCents})`;
  return sql.begin(async (tx) => {
    const [order] = await tx<{ id: number }[]>`
      insert into orders (checkout_key, location_id, customer_name, customer_email, customer_phone, pickup_at, currency,
                          subtotal_cents, discount_cents, promo_code_id, promo_code, tax_name, tax_rate_bps, tax_inclusive,
                          tax_cents, delivery_fee_cents, shipping_cents, tip_cents, total_cents)
      values (${randomUUID()}, ${location}, 'Ana', 'pricing@example.com', '555-010-2030', now() + interval '1 day', 'USD',
              ${priced.subtotal_cents}, ${priced.discount_cents}, ${promo?.id ?? null}, ${promo?.code ?? null}, 'Sales tax',
              ${taxBps}, ${inclusive}, ${priced.tax_cents}, ${deliveryFee}, ${shipping}, ${priced.tip_cents}, ${priced.total_cents})
      returning id`;
    for (const [i, line] of lines.entries()) {
      const [item] = await tx<{ id: number }[]>`
        insert into order_items (order_id, product_name, variant_name, unit_price_cents, modifiers_cents, quantity, discount_cents, tax_cents)
        values (${order.id}, 'Item', ${`Line ${i + 1}`}, ${line.unit}, ${line.modifiers.reduce((sum, price) => sum + price, 0)},
                ${line.quantity}, ${priced.line_discount_cents[i]}, ${priced.line_tax_cents[i]})
        returning id`;
      for (const [m, price] of line.modifiers.entries()) {
        await tx`insert into order_item_modifiers (order_item_id, modifier_list_name, name, price_cents, sort_order)
                 values (${item.id}, 'Extras', ${`Extra ${m + 1}`}, ${price}, ${m})`;
      }
    }
    return { id: order.id, priced };
  });
}

describe("basisPointsToPercentage", () => {
  it("writes Square's exact percentage strings", async () => {
    // App modules read the environment on import: after the harness has set it.
    const { basisPointsToPercentage } = await import("~/payments/square-order-mirror.server");
    expect([825, 1250, 1000, 5, 10_000, 975].map(basisPointsToPercentage)).toEqual(["8.25", "12.5", "10", "0.05", "100", "9.75"]);
  });
});

describe("Square's totals for the mirrored order equal price_order's", () => {
  it("for every combination", async () => {
    const { mirroredOrder } = await import("~/payments/square-order-mirror.server");
    const square = await harness.modules.square.squareClient();
    const { createSquareOrder } = harness.modules.squarePayments;
    const mismatches: string[] = [];
    let cases = 0;
    for (const [lineSetName, lines] of Object.entries(lineSets)) {
      for (const discount of discounts) {
        for (const tax of taxes) {
          for (const fee of fees) {
            for (const tip of tips) {
              const { id, priced } = await insertOrder(lines, discount, tax, fee, tip);
              const { totalCents, ...draft } = await mirroredOrder(id);
              expect(totalCents).toBe(priced.total_cents);
              const created = await createSquareOrder({ idempotencyKey: randomUUID(), order: draft });
              const { order } = await square.orders.get({ orderId: created.id });
              const square_ = {
                total: Number(order?.totalMoney?.amount), tax: Number(order?.totalTaxMoney?.amount),
                discount: Number(order?.totalDiscountMoney?.amount), service: Number(order?.totalServiceChargeMoney?.amount),
              };
              const ours = {
                total: priced.total_cents, tax: priced.tax_cents, discount: priced.discount_cents,
                service: fee[0] + fee[1] + priced.tip_cents,
              };
              cases += 1;
              if (JSON.stringify(square_) !== JSON.stringify(ours)) {
                mismatches.push(`${lineSetName}, ${discount}, tax ${tax.join("/")}, fee ${fee.join("/")}, tip ${tip.join("/")}: Square ${JSON.stringify(square_)} vs ${JSON.stringify(ours)}`);
              }
            }
          }
        }
      }
    }
    expect(cases).toBe(Object.keys(lineSets).length * discounts.length * taxes.length * fees.length * tips.length);
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe("paying a fully adjusted order", () => {
  const lines = lineSets["lines with modifiers"];

  it("by card: Square charges exactly the order's total and the order is paid", async () => {
    const { id, priced } = await insertOrder(lines, "percent", [825, false], [399, 0], [15, null]);
    const outcome = await harness.modules.payments.payOrderWithCard(id, await cardToken(harness.simulator, "4111111111111111"));
    expect(outcome).toEqual({ kind: "paid" });
    const [order] = await harness.database.sql<{ state: string; square_order_id: string }[]>`select state, square_order_id from orders where id = ${id}`;
    expect(order.state).toBe("paid");
    const charges = harness.simulator.ledger().filter((entry) => entry.order_id === order.square_order_id && entry.status === "COMPLETED");
    expect(charges.map((charge) => charge.amount)).toEqual([priced.total_cents]);
  });

  it("through a payment link: the hosted checkout charges the order's total and the webhook marks it paid", async () => {
    const { id, priced } = await insertOrder(lines, "fixed", [825, true], [0, 950], [null, 250]);
    const url = await harness.modules.payments.checkoutUrlForOrder(id, "http://shop.test");
    const paid = await payAtHostedCheckout(harness.simulator, url, "4111111111111111");
    expect(paid.status).toBe(303);
    await harness.drainJobs();
    const [order] = await harness.database.sql<{ state: string }[]>`select state from orders where id = ${id}`;
    expect(order.state).toBe("paid");
    const [payment] = await harness.database.sql<{ amount_cents: number }[]>`select amount_cents from payments where order_id = ${id} and status = 'COMPLETED'`;
    expect(payment.amount_cents).toBe(priced.total_cents);
  });
});
