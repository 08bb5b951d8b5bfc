// The sales rollups against the orders they sum: randomised orders in two time zones across both
// of their DST changes (partial and full refunds, failed refunds, cancellations paid and unpaid,
// promo codes, tips, delivery and shipping fees, three channels, modifiers, no-shows, payment
// attempts of every outcome, carts and checkouts for the funnel), rolled up by the jobs the
// triggers queue, must equal a raw aggregation over `orders` written here for every figure — and
// still after more changes, and after a rebuild.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness();
});

afterAll(async () => {
  await harness?.stop();
});

/** A small seeded generator, so a failure names the seed that reproduces it. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, int, pick };
}

const SEED = Number(process.env.ROLLUP_SEED ?? Date.now() % 1_000_000);

// The raw aggregation: what every rollup row must be, from orders, order_items and refunds alone.
const RAW_ORDERS = `
  with counted as (
    select o.*, l.timezone as tz,
           coalesce((select sum(f.amount_cents) from refunds f where f.order_id = o.id and f.status = 'completed'), 0) as refunded,
           coalesce((select sum(i.quantity) from order_items i where i.order_id = o.id), 0) as units
      from orders o join locations l on l.id = o.location_id
     where o.paid_at is not null and o.state <> 'cancelled'
  ), dated as (
    select c.*, 'ordered' as basis, (c.created_at at time zone c.tz)::date as day from counted c
    union all
    select c.*, 'fulfilled', case c.fulfillment when 'shipping' then c.ship_on
                                  when 'pickup' then (c.pickup_at at time zone c.tz)::date
                                  else (c.delivery_at at time zone c.tz)::date end from counted c
  )`;

async function rawSales() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}
    select location_id::int, basis, day::text, fulfillment, source, count(*)::int as orders, sum(units)::int as items_sold,
           sum(subtotal_cents)::bigint as gross_cents, sum(discount_cents)::bigint as discount_cents,
           sum(refunded)::bigint as refund_cents, sum(subtotal_cents - discount_cents - refunded)::bigint as net_cents,
           sum(tax_cents)::bigint as tax_cents, sum(tip_cents)::bigint as tip_cents,
           sum(delivery_fee_cents)::bigint as delivery_fee_cents, sum(shipping_cents)::bigint as shipping_cents,
           sum(total_cents)::bigint as total_cents
      from dated group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`);
}

async function rolledUpSales() {
  return harness.database.sql`
    select location_id::int, basis, day::text, fulfillment, source, orders, items_sold, gross_cents, discount_cents, refund_cents,
           net_cents, tax_cents, tip_cents, delivery_fee_cents, shipping_cents, total_cents
      from sales_days order by 1, 2, 3, 4, 5`;
}

async function rawProducts() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}
    select d.location_id::int, d.basis, d.day::text, i.variant_id::int, v.product_id::int, p.category_id::int,
           sum(i.quantity)::int as units, sum(i.line_total_cents - i.discount_cents)::bigint as revenue_cents
      from dated d join order_items i on i.order_id = d.id
      left join variants v on v.id = i.variant_id left join products p on p.id = v.product_id
     group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4`);
}

async function rolledUpProducts() {
  return harness.database.sql`
    select r.location_id::int, r.basis, r.day::text, r.variant_id::int, r.product_id::int, p.category_id::int, r.units, r.revenue_cents
      from product_sales_days r left join products p on p.id = r.product_id order by 1, 2, 3, 4`;
}

async function rawCustomers() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}
    select location_id::int, basis, day::text, customer_id::int, count(*)::int as orders,
           sum(subtotal_cents - discount_cents - refunded)::bigint as net_cents
      from dated where customer_id is not null group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
}

async function rolledUpCustomers() {
  return harness.database.sql`
    select location_id::int, basis, day::text, customer_id::int, orders, net_cents from customer_sales_days order by 1, 2, 3, 4`;
}

async function rawHours() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}
    select location_id::int, basis, day::text,
           extract(hour from case basis when 'ordered' then created_at
                                        when 'fulfilled' then coalesce(pickup_at, delivery_at) end at time zone tz)::int as hour,
           count(*)::int as orders, sum(subtotal_cents - discount_cents - refunded)::bigint as net_cents
      from dated where basis = 'ordered' or fulfillment <> 'shipping' group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
}

async function rolledUpHours() {
  return harness.database.sql`select location_id::int, basis, day::text, hour, orders, net_cents from sales_hours order by 1, 2, 3, 4`;
}

async function rawOperations() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}
    select location_id::int, basis, day::text,
           (coalesce(ship_on, (coalesce(pickup_at, delivery_at) at time zone tz)::date) - (created_at at time zone tz)::date)::int as lead_days,
           count(*)::int as orders, count(*) filter (where fulfillment = 'pickup')::int as pickups,
           count(*) filter (where no_show_at is not null)::int as no_shows,
           count(*) filter (where refunded > 0)::int as refunded_orders
      from dated group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
}

async function rolledUpOperations() {
  return harness.database.sql`
    select location_id::int, basis, day::text, lead_days, orders, pickups, no_shows, refunded_orders from operations_days order by 1, 2, 3, 4`;
}

async function rawModifiers() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}
    select d.location_id::int, d.basis, d.day::text, m.modifier_id::int, m.name, sum(i.quantity)::int as times,
           sum(m.price_cents * i.quantity)::bigint as revenue_cents
      from dated d join order_items i on i.order_id = d.id join order_item_modifiers m on m.order_item_id = i.id
     group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`);
}

async function rolledUpModifiers() {
  return harness.database.sql`
    select location_id::int, basis, day::text, modifier_id::int, name, times, revenue_cents from modifier_sales_days order by 1, 2, 3, 4, 5`;
}

// Payment outcomes written out again here, from the statuses and codes the payments code stores.
async function rawPaymentAttempts() {
  return harness.database.sql`
    select o.location_id::int, (a.created_at at time zone l.timezone)::date::text as day,
           case when a.status = 'completed' then 'succeeded'
                when a.status in ('created', 'pending') then 'pending'
                when a.status = 'unknown' or a.error_code in ('UNAVAILABLE', 'OUTCOME_UNKNOWN', 'REFUSED') then 'failed'
                else 'declined' end as outcome,
           count(*)::int as attempts, sum(a.amount_cents)::bigint as amount_cents
      from payment_attempts a join orders o on o.id = a.order_id join locations l on l.id = o.location_id
     where a.error_code is null or a.error_code not in ('PAID_AT_COUNTER', 'ORDER_CHANGED')
     group by 1, 2, 3 order by 1, 2, 3`;
}

async function rolledUpPaymentAttempts() {
  return harness.database.sql`select location_id::int, day::text, outcome, attempts, amount_cents from payment_attempt_days order by 1, 2, 3`;
}

// The funnel is counted as things happen; the carts and orders it counted are still there to recount.
async function rawFunnel() {
  return harness.database.sql`
    select location_id, day, step, count(*)::int as count from (
      select c.location_id::int, (c.created_at at time zone l.timezone)::date::text as day, 'cart' as step
        from carts c join locations l on l.id = c.location_id
      union all
      select c.location_id::int, (c.checkout_started_at at time zone l.timezone)::date::text, 'checkout'
        from carts c join locations l on l.id = c.location_id where c.checkout_started_at is not null
      union all
      select o.location_id::int, (o.created_at at time zone l.timezone)::date::text, 'placed'
        from orders o join locations l on l.id = o.location_id where o.source = 'online'
      union all
      select o.location_id::int, (o.paid_at at time zone l.timezone)::date::text, 'paid'
        from orders o join locations l on l.id = o.location_id where o.source = 'online' and o.paid_at is not null
    ) steps group by 1, 2, 3 order by 1, 2, 3`;
}

async function countedFunnel() {
  return harness.database.sql`select location_id::int, day::text, step, count from funnel_days order by 1, 2, 3`;
}

// Counted as each step happens (not re-summed), so checked before the test moves an order's day.
async function expectFunnelEqualsRaw() {
  const steps = await rawFunnel();
  expect(new Set(steps.map((row) => row.step))).toEqual(new Set(["cart", "checkout", "placed", "paid"]));
  expect(await countedFunnel()).toEqual([...steps]);
}

// Customers of many ranges (some a month or close to one, which top_customers reads from the month's
// ranking), for each location, all together and a set of locations that is neither (a third,
// inactive location is left out): distinct buyers, new (first paid order with the shop in the
// range), returning, and repeat (two or more orders in the range), counted buyer by buyer.
const CUSTOMER_RANGES = `
  ranges (range_from, range_to) as (
    select a::date, b::date from unnest(array['2026-10-02', '2026-10-20', '2026-10-24', '2026-10-25', '2026-11-01', '2026-11-03']) a,
                                 unnest(array['2026-10-21', '2026-10-24', '2026-10-31', '2026-11-02', '2026-11-06', '2026-11-20',
                                              '2026-11-30']) b
     where a::date <= b::date
  ), scopes (ids) as (
    select array[id] from locations
    union select array_agg(id order by id) from locations
    union select array_agg(id order by id) from locations where is_active
  ), bases (basis) as (values ('ordered'), ('fulfilled'))`;

async function rawCustomerFigures() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}, ${CUSTOMER_RANGES},
    firsts as (select customer_id, basis, min(day) as first_day from dated where customer_id is not null group by 1, 2)
    select r.range_from::text, r.range_to::text, s.ids::text, b.basis, x.*
      from ranges r, scopes s, bases b,
           lateral (select count(*)::int as customers, count(*) filter (where f.first_day >= r.range_from)::int as new_customers,
                           count(*) filter (where f.first_day < r.range_from)::int as returning_customers,
                           count(*) filter (where buyer.orders >= 2)::int as repeat_customers
                      from (select d.customer_id, count(*) as orders from dated d
                             where d.customer_id is not null and d.location_id = any(s.ids) and d.basis = b.basis
                               and d.day between r.range_from and r.range_to group by 1) buyer
                      join firsts f on f.customer_id = buyer.customer_id and f.basis = b.basis) x
     order by 1, 2, 3, 4`);
}

async function rolledUpCustomerFigures() {
  return harness.database.sql.unsafe(`with ${CUSTOMER_RANGES}
    select r.range_from::text, r.range_to::text, s.ids::text, b.basis, x.*
      from ranges r, scopes s, bases b, lateral customer_figures(s.ids, b.basis, r.range_from, r.range_to) x
     order by 1, 2, 3, 4`);
}

// One, two and three of them: top_customers reads twice as many from the head of a month's ranking,
// so with eight buyers it both stops at the head and goes past it.
const TOP_LIMITS = "(values (1), (2), (3)) l (n)";

async function rawTopCustomers() {
  return harness.database.sql.unsafe(`${RAW_ORDERS}, ${CUSTOMER_RANGES}
    select r.range_from::text, r.range_to::text, s.ids::text, b.basis, l.n,
           (select coalesce(json_agg(json_build_array(customer_id, orders, net_cents) order by net_cents desc, orders desc, customer_id), '[]')
              from (select d.customer_id::int, count(*)::int as orders, sum(d.subtotal_cents - d.discount_cents - d.refunded)::int as net_cents
                      from dated d where d.customer_id is not null and d.location_id = any(s.ids) and d.basis = b.basis
                       and d.day between r.range_from and r.range_to
                     group by 1 order by 3 desc, 2 desc, 1 limit l.n) top) as top
      from ranges r, scopes s, bases b, ${TOP_LIMITS} order by 1, 2, 3, 4, 5`);
}

async function rolledUpTopCustomers() {
  return harness.database.sql.unsafe(`with ${CUSTOMER_RANGES}
    select r.range_from::text, r.range_to::text, s.ids::text, b.basis, l.n,
           (select coalesce(json_agg(json_build_array(customer_id, orders, net_cents) order by net_cents desc, orders desc, customer_id), '[]')
              from top_customers(s.ids, b.basis, r.range_from, r.range_to, l.n)) as top
      from ranges r, scopes s, bases b, ${TOP_LIMITS} order by 1, 2, 3, 4, 5`);
}

async function expectCustomerFiguresEqualRaw() {
  // Top customers (one to three of them, so ties and the month's ranking both matter with eight buyers).
  expect(await rolledUpTopCustomers()).toEqual([...(await rawTopCustomers())]);
  const raw = await rawCustomerFigures();
  expect(raw.some((row) => row.repeat_customers > 0 && row.returning_customers > 0 && row.new_customers > 0)).toBe(true);
  expect(await rolledUpCustomerFigures()).toEqual([...raw]);
  // Days with nothing left to count keep no row.
  expect(await harness.database.sql`select count(*)::int as empty from customer_gap_days where by_last = 0 and by_second_last = 0`)
    .toEqual([{ empty: 0 }]);
}

async function expectRollupsEqualRaw() {
  await expectCustomerFiguresEqualRaw();
  const [sales, products, customers, hours] = [await rawSales(), await rawProducts(), await rawCustomers(), await rawHours()];
  const firstDays = await harness.database.sql.unsafe(`${RAW_ORDERS}
    select customer_id::int, basis, min(day)::text as first_day from dated where customer_id is not null group by 1, 2 order by 1, 2`);
  expect(await harness.database.sql`select customer_id::int, basis, first_day::text from customer_first_days order by 1, 2`).toEqual([...firstDays]);
  const operations = await rawOperations();
  expect(operations.some((row) => row.no_shows > 0) && operations.some((row) => row.lead_days > 0)).toBe(true);
  expect(await rolledUpOperations()).toEqual([...operations]);
  const modifiers = await rawModifiers();
  expect(modifiers.length).toBeGreaterThan(3);
  expect(await rolledUpModifiers()).toEqual([...modifiers]);
  const attempts = await rawPaymentAttempts();
  expect(new Set(attempts.map((row) => row.outcome))).toEqual(new Set(["succeeded", "declined", "failed", "pending"]));
  expect(await rolledUpPaymentAttempts()).toEqual([...attempts]);
  expect(await rolledUpHours()).toEqual([...hours]);
  expect(sales.length).toBeGreaterThan(10);
  expect(await rolledUpSales()).toEqual([...sales]);
  expect(await rolledUpProducts()).toEqual([...products]);
  expect(await rolledUpCustomers()).toEqual([...customers]);
}

const FULFILLMENTS = ["pickup", "delivery", "shipping"] as const;
const SOURCES = ["online", "online", "phone", "walk_in"] as const;
const STATES = ["paid", "completed", "completed", "preparing", "pending_payment", "cancelled", "cancelled_paid", "refund"] as const;

describe(`sales rollups on randomised orders (seed ${SEED}, ROLLUP_SEED=${SEED} reproduces it)`, () => {
  it("equal a raw aggregation over orders for every figure, after more changes, and after a rebuild", async () => {
    const { sql } = harness.database;
    const random = generator(SEED);
    const [{ id: london }] = await sql<{ id: number }[]>`
      insert into locations (name, slug, timezone, currency) values ('Borough Market', 'borough', 'Europe/London', 'USD') returning id`;
    // Closed for good, with no orders: "every location" and "the two that sell" are different sets.
    await sql`insert into locations (name, slug, timezone, currency, is_active) values ('Old depot', 'old-depot', 'Europe/London', 'USD', false)`;
    const locations = [1, london];
    const variants = await sql<{ id: number; product: string; name: string; price: number }[]>`
      select v.id, p.name as product, v.name, v.price_cents::int as price from variants v join products p on p.id = v.product_id order by v.id limit 8`;
    const customers = await sql<{ id: number; email: string }[]>`
      insert into customers (email, name) select 'buyer' || n || '@example.com', 'Buyer ' || n from generate_series(1, 8) n returning id, email`;
    // A ninth buyer whose first two orders (the loop's last two, paid) are in November: whatever the
    // seed, a range then has new, returning and repeat customers at once (the eight may all have
    // bought in the first days).
    const [lateBuyer] = await sql<{ id: number; email: string }[]>`
      insert into customers (email, name) values ('late.buyer@example.com', 'Late Buyer') returning id, email`;
    const modifiers = await sql<{ id: number; list: string; name: string }[]>`
      select m.id, l.name as list, m.name from modifiers m join modifier_lists l on l.id = m.modifier_list_id order by m.id limit 4`;
    // Carts started for the storefront, some of which reached the checkout (the funnel's first steps).
    for (let n = 0; n < 12; n++) {
      const [{ id: cartId }] = await sql<{ id: string }[]>`select start_cart() as id`;
      if (random.next() < 0.6) {
        expect((await sql<{ counted: boolean }[]>`select start_checkout(${cartId}) as counted`)[0].counted).toBe(true);
        // A reload of the checkout page counts nothing more.
        expect((await sql<{ counted: boolean }[]>`select start_checkout(${cartId}) as counted`)[0].counted).toBe(false);
      }
    }
    const [{ id: adminId }] = await sql<{ id: number }[]>`
      insert into admin_users (email, name, role, password_hash) values ('till@example.com', 'Till', 'staff', 'x') returning id`;

    // Instants from 20 October to 7 November 2026: London leaves summer time on 25 October,
    // Los Angeles on 1 November.
    const from = Date.parse("2026-10-20T00:00:00Z");
    const span = 18 * 24 * 3600 * 1000;
    const refundable: { orderId: number; paymentId: number; total: number }[] = [];
    for (let n = 0; n < 162; n++) {
      const late = n >= 160;
      const location = random.pick(locations);
      const fulfillment = random.pick(FULFILLMENTS);
      const source = random.pick(SOURCES);
      const customer = late ? lateBuyer : random.next() < 0.85 ? random.pick(customers) : null;
      const email = customer?.email ?? (source === "online" ? "guest@example.com" : null);
      const createdAt = late ? new Date(Date.parse("2026-11-03T17:00:00Z") + (n - 160) * 86_400_000) : new Date(from + Math.floor(random.next() * span));
      const slotAt = new Date(createdAt.getTime() + random.int(0, 72) * 3600 * 1000 + random.int(0, 3) * 15 * 60 * 1000);
      const lines = Array.from({ length: random.int(1, 3) }, () => ({ variant: random.pick(variants), quantity: random.int(1, 6), modifiers: random.pick([0, 0, 150]) }));
      const subtotal = lines.reduce((sum, line) => sum + (line.variant.price + line.modifiers) * line.quantity, 0);
      const firstLine = (lines[0].variant.price + lines[0].modifiers) * lines[0].quantity;
      const discount = random.next() < 0.3 ? Math.min(firstLine, random.pick([500, 1000, Math.floor(subtotal / 10)])) : 0;
      const tax = Math.round((subtotal - discount) * 0.0825);
      const tip = random.next() < 0.5 ? random.pick([100, 250, Math.floor(subtotal * 0.15)]) : 0;
      const deliveryFee = fulfillment === "delivery" ? 399 : 0;
      const shipping = fulfillment === "shipping" ? 950 : 0;
      const total = subtotal - discount + tax + deliveryFee + shipping + tip;
      const state = late ? "paid" : random.pick(STATES);
      const paid = !["pending_payment", "cancelled"].includes(state);
      const shipOn = fulfillment === "shipping" ? slotAt.toISOString().slice(0, 10) : null;
      const [{ id: orderId }] = await sql<{ id: number }[]>`
        insert into orders (checkout_key, location_id, customer_id, customer_name, customer_email, customer_phone, state,
                            fulfillment, pickup_at, delivery_at, ship_on, address_line1, address_city, address_region,
                            address_postal_code, currency, subtotal_cents, discount_cents, promo_code, tax_cents,
                            delivery_fee_cents, shipping_cents, tip_cents, total_cents, paid_at, created_at, source, placed_by)
        values (gen_random_uuid(), ${location}, ${customer?.id ?? null}, 'Buyer', ${email}, '555 010 2030',
                ${state === "cancelled_paid" || state === "refund" ? "paid" : state}, ${fulfillment},
                ${fulfillment === "pickup" ? slotAt : null}, ${fulfillment === "delivery" ? slotAt : null}, ${shipOn},
                ${fulfillment === "pickup" ? null : "1 Main St"}, ${fulfillment === "pickup" ? null : "Springfield"},
                ${fulfillment === "pickup" ? null : "IL"}, ${fulfillment === "pickup" ? null : "62701"}, 'USD',
                ${subtotal}, ${discount}, ${discount > 0 ? "WELCOME10" : null}, ${tax}, ${deliveryFee}, ${shipping}, ${tip},
                ${total}, ${paid ? new Date(createdAt.getTime() + 60_000) : null}, ${createdAt}, ${source},
                ${source === "online" ? null : adminId})
        returning id`;
      for (const [index, line] of lines.entries()) {
        const [{ id: itemId }] = await sql<{ id: number }[]>`
          insert into order_items (order_id, variant_id, product_name, variant_name, unit_price_cents, modifiers_cents, quantity, discount_cents)
          values (${orderId}, ${line.variant.id}, ${line.variant.product}, ${line.variant.name}, ${line.variant.price},
                  ${line.modifiers}, ${line.quantity}, ${index === 0 ? discount : 0}) returning id`;
        if (line.modifiers > 0) {
          // A modifier since deleted keeps its name as chosen (modifier_id null).
          const modifier = random.next() < 0.8 && modifiers.length ? random.pick(modifiers) : null;
          await sql`insert into order_item_modifiers (order_item_id, modifier_id, modifier_list_name, name, price_cents)
                    values (${itemId}, ${modifier?.id ?? null}, ${modifier?.list ?? "Sauce"}, ${modifier?.name ?? "Old chimichurri"}, ${line.modifiers})`;
        }
      }
      // Online payment attempts of every outcome, a few minutes after the order.
      for (let a = 0; a < random.int(0, 2); a++) {
        const [status, code] = random.pick([["completed", null], ["failed", "CARD_DECLINED"], ["failed", "GENERIC_DECLINE"],
          ["failed", "UNAVAILABLE"], ["unknown", "OUTCOME_UNKNOWN"], ["pending", null], ["failed", "PAID_AT_COUNTER"]] as const);
        await sql`insert into payment_attempts (order_id, method, status, amount_cents, currency, error_code, created_at)
                  values (${orderId}, 'card', ${status}, ${total}, 'USD', ${code}, ${new Date(createdAt.getTime() + random.int(1, 30) * 60_000)})`;
      }
      if (fulfillment === "pickup" && paid && random.next() < 0.25) {
        await sql`update orders set no_show_at = pickup_at + interval '1 hour' where id = ${orderId}`;
      }
      if (state === "cancelled_paid") await sql`update orders set state = 'cancelled' where id = ${orderId}`;
      if (paid && state !== "cancelled_paid") {
        const [{ id: paymentId }] = await sql<{ id: number }[]>`
          insert into payments (order_id, square_payment_id, status, amount_cents, currency)
          values (${orderId}, ${`pay-${SEED}-${n}`}, 'COMPLETED', ${total}, 'USD') returning id`;
        // An order its discount made free (a $4.50 line, $5 off) has nothing to refund (seed 308547).
        if (state === "refund" && total > 0) {
          const full = random.next() < 0.5 || total === 1;
          const amount = full ? total : random.int(1, total - 1);
          await sql`insert into refunds (order_id, payment_id, amount_cents, currency, reason, status)
                    values (${orderId}, ${paymentId}, ${amount}, 'USD', 'Burnt', 'completed')`;
          await sql`update orders set state = ${full ? "refunded" : "partially_refunded"} where id = ${orderId}`;
          // A refund Square refused moves nothing.
          await sql`insert into refunds (order_id, payment_id, amount_cents, currency, reason, status)
                    values (${orderId}, ${paymentId}, ${total}, 'USD', 'Twice', 'failed')`;
        } else if (total > 0) {
          refundable.push({ orderId, paymentId, total });
        }
      }
    }
    await harness.drainJobs();
    await expectRollupsEqualRaw();
    await expectFunnelEqualsRaw();

    // More changes, each followed by its own job: refunds completing (partial and full), a paid
    // order cancelled, unpaid ones paid at the counter, and an order moved to another day.
    for (const { orderId, paymentId, total } of refundable.slice(0, 6)) {
      const [{ id: refundId }] = await sql<{ id: string }[]>`
        insert into refunds (order_id, payment_id, amount_cents, currency, reason, status)
        values (${orderId}, ${paymentId}, ${random.int(1, total)}, 'USD', 'Late', 'pending') returning id`;
      await sql`select apply_square_refund(${refundId}::uuid, ${`rf-${refundId}`}, null, 'COMPLETED', null)`;
    }
    const cancelled = await sql`update orders set state = 'cancelled' where id = (select min(id) from orders where state = 'paid') returning id`;
    expect(cancelled).toHaveLength(1);
    const unpaid = await sql<{ id: number }[]>`select id from orders o where state = 'pending_payment'
       and not exists (select 1 from payment_attempts a where a.order_id = o.id and a.status in ('created', 'pending', 'unknown'))
     order by id limit 3`;
    for (const { id } of unpaid) await sql`select record_counter_payment(${id}, 'cash', ${adminId})`;
    await expectFunnelEqualsRaw();
    const [moved] = refundable.slice(7, 8);
    await sql`update orders set created_at = created_at - interval '3 days', pickup_at = pickup_at - interval '3 days',
                                delivery_at = delivery_at - interval '3 days', ship_on = ship_on - 3 where id = ${moved.orderId}`;
    // An attempt's outcome learnt later, and a pickup marked collected after all.
    await sql`update payment_attempts set status = 'completed', error_code = null
               where id = (select id from payment_attempts where status = 'unknown' order by id limit 1)`;
    await sql`update orders set no_show_at = null where id = (select min(id) from orders where no_show_at is not null)`;
    await harness.drainJobs();
    await expectRollupsEqualRaw();

    // A rebuild from nothing gives the same rows.
    await sql`delete from sales_days`;
    await sql`delete from product_sales_days`;
    await sql`delete from customer_sales_days`;
    await sql`delete from sales_hours`;
    await sql`delete from operations_days`;
    await sql`delete from modifier_sales_days`;
    await sql`delete from payment_attempt_days`;
    await sql`delete from customer_visits`;
    await sql`delete from customer_gap_days`;
    await sql`delete from customer_sales_months`;
    const { rebuildSalesRollups } = await import("~/insights/rollups.server");
    await rebuildSalesRollups();
    await expectRollupsEqualRaw();
  });
});
