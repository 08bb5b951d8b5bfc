// /admin/dashboard through its loaders: an order's change reaches the figures once its rollup job
// has run (and not before: the page reads rollups only); new vs returning customers; staff refused;
// bad input a 400 naming the field; the CSV of a table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let route: typeof import("~/routes/admin.dashboard");
let csvRoute: typeof import("~/routes/admin.dashboard[.csv]");
let ownerCookie: string;
let staffCookie: string;

async function signedIn(email: string, role: "owner" | "staff"): Promise<string> {
  const auth = await import("~/accounts/auth.server");
  const admin = await auth.createAdminUser({ email, password: "correct-horse-battery", role });
  const response = await auth.signIn(new Request("http://shop.test/admin/login"), admin, "/admin/dashboard");
  return response.headers.get("set-cookie")!.split(";")[0];
}

// The shop's local days (its location's zone), as the dashboard counts them: the raw counts below
// use the same, so they agree at any hour (in the hours when Chicago's date is not Los Angeles').
let SHOP_ZONE: string;

beforeAll(async () => {
  harness = await startAppHarness();
  [{ timezone: SHOP_ZONE }] = await harness.database.sql<{ timezone: string }[]>`select timezone from locations order by id limit 1`;
  route = await import("~/routes/admin.dashboard");
  csvRoute = await import("~/routes/admin.dashboard[.csv]");
  ownerCookie = await signedIn("owner@dash.example", "owner");
  staffCookie = await signedIn("staff@dash.example", "staff");
});

afterAll(async () => {
  await harness?.stop();
});

const context = { requestId: "req-dashboard", clientIp: "127.0.0.1" };

async function load(cookie: string, query = "range=today") {
  const request = new Request(`http://shop.test/admin/dashboard?${query}`, { headers: { cookie } });
  const result = (await route.loader({ request, params: {}, context })) as unknown as { data: any; init: ResponseInit | null };
  return { status: result.init?.status ?? 200, page: result.data };
}

/** A storefront form POST as a browser sends it (same origin), with this session and user agent. */
function formPost(url: string, cookie: string, userAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", fields: Record<string, string> = {}) {
  return new Request(url, {
    method: "POST",
    headers: { cookie, "user-agent": userAgent, origin: "http://shop.test", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

async function payWithRefund(orderId: number, refundCents: number) {
  const { sql } = harness.database;
  const [{ total }] = await sql<{ total: number }[]>`select total_cents as total from orders where id = ${orderId}`;
  const [{ id: paymentId }] = await sql<{ id: number }[]>`
    insert into payments (order_id, square_payment_id, status, amount_cents, currency)
    values (${orderId}, ${`pay-dash-${orderId}`}, 'COMPLETED', ${total}, 'USD') returning id`;
  const [{ id: refundId }] = await sql<{ id: string }[]>`
    insert into refunds (order_id, payment_id, amount_cents, currency, reason, status)
    values (${orderId}, ${paymentId}, ${refundCents}, 'USD', 'Cold', 'pending') returning id`;
  return refundId;
}

describe("/admin/dashboard", () => {
  it("follows an order once its rollup job has run: paid, then refunded", async () => {
    const { sql } = harness.database;
    const before = (await load(ownerCookie)).page.figures.sales;
    const orderId = await harness.placeOrder("dash-buyer@example.com");
    await sql`select private.mark_order_paid(${orderId})`;
    const [order] = await sql<{ subtotal: number; discount: number; total: number }[]>`
      select subtotal_cents as subtotal, discount_cents as discount, total_cents as total from orders where id = ${orderId}`;
    // The page reads rollups only: nothing moves until the job the payment queued has run.
    expect((await load(ownerCookie)).page.figures.sales.orders).toBe(before.orders);
    const [job] = await sql<{ key: string }[]>`select key from graphile_worker.jobs where task_identifier = 'rollup_sales'`;
    expect(job.key).toMatch(/^rollup_sales:1:\d{4}-\d{2}-\d{2}$/);
    await harness.drainJobs();
    const paid = (await load(ownerCookie)).page.figures;
    expect(paid.sales.orders).toBe(before.orders + 1);
    expect(paid.sales.netCents).toBe(before.netCents + order.subtotal - order.discount);
    expect(paid.sales.totalCents).toBe(before.totalCents + order.total);
    expect(paid.sales.averageOrderCents).toBe(Math.round(paid.sales.netCents / paid.sales.orders));
    expect(paid.products[0]).toMatchObject({ name: "Beef Criolla", units: 2 });
    expect(paid.days.at(-1).orders).toBe(before.orders + 1);

    // The kitchen's steps move no figure, and queue no rollup.
    await sql`select advance_order(${orderId}, 'start', null, 'paid')`;
    expect(await sql`select 1 from graphile_worker.jobs where task_identifier = 'rollup_sales'`).toHaveLength(0);

    const refundId = await payWithRefund(orderId, 500);
    await sql`select apply_square_refund(${refundId}::uuid, 'rf-dash-1', null, 'COMPLETED', null)`;
    await harness.drainJobs();
    const refunded = (await load(ownerCookie)).page.figures.sales;
    expect(refunded.refundCents).toBe(paid.sales.refundCents + 500);
    expect(refunded.netCents).toBe(paid.sales.netCents - 500);
    expect(refunded.orders).toBe(paid.sales.orders);
  });

  it("counts a customer new in their first period and returning after, and ranks top customers", async () => {
    const { sql } = harness.database;
    const first = await harness.placeOrder("regular@example.com");
    const second = await harness.placeOrder("regular@example.com");
    for (const id of [first, second]) await sql`select private.mark_order_paid(${id})`;
    // The first order was placed ten days ago (local): it is in the previous 7 days' period.
    await sql`update orders set created_at = now() - interval '10 days' where id = ${first}`;
    await harness.drainJobs();
    const { page } = await load(ownerCookie, "range=7d&compare=previous");
    const [{ id: regular }] = await sql<{ id: number }[]>`select id from customers where email = 'regular@example.com'`;
    expect(page.figures.customersBefore).toMatchObject({ customers: 1, newCustomers: 1, returningCustomers: 0 });
    expect(page.figures.customers.returningCustomers).toBeGreaterThanOrEqual(1);
    expect(page.figures.topCustomers.map((each: { id: number }) => each.id)).toContain(regular);
    const [raw] = await sql<{ returning: number; customers: number }[]>`
      with buyers as (select distinct customer_id from orders
                       where paid_at is not null and state <> 'cancelled' and customer_id is not null
                         and (created_at at time zone ${SHOP_ZONE})::date
                             between (now() at time zone ${SHOP_ZONE})::date - 6 and (now() at time zone ${SHOP_ZONE})::date)
      select count(*)::int as customers,
             count(*) filter (where exists (select 1 from orders o where o.customer_id = b.customer_id and o.paid_at is not null
                                              and o.state <> 'cancelled'
                                              and (o.created_at at time zone ${SHOP_ZONE})::date < (now() at time zone ${SHOP_ZONE})::date - 6))::int as returning
        from buyers b`;
    expect(page.figures.customers).toMatchObject({ customers: raw.customers, returningCustomers: raw.returning, newCustomers: raw.customers - raw.returning });
  });

  it("counts the funnel from the storefront's own requests: cart, checkout (once per cart), placed, paid", async () => {
    const { sql } = harness.database;
    const before = (await load(ownerCookie)).page.figures.funnel;
    const { addToCart } = await import("~/ordering/cart.server");
    const { getSession, commitSession } = await import("~/lib/session.server");
    const checkout = await import("~/routes/checkout");
    const start = await import("~/routes/checkout_.start");
    const session = await getSession(new Request("http://shop.test/cart"));
    const [{ id: variantId }] = await sql<{ id: number }[]>`
      select v.id from variants v join products p on p.id = v.product_id where p.slug = 'beef-criolla' and v.name = 'Dozen'`;
    await addToCart(session, variantId, 1);
    await addToCart(session, variantId, 1);
    const cookie = (await commitSession(session)).split(";")[0];
    // Opening the checkout page (a GET) changes nothing; the cart's "Go to checkout" POST counts, once per cart.
    await checkout.loader({ request: new Request("http://shop.test/checkout", { headers: { cookie } }), params: {}, context });
    expect((await load(ownerCookie)).page.figures.funnel).toMatchObject({ cart: before.cart + 1, checkout: before.checkout });
    for (let visit = 0; visit < 2; visit++) {
      const response = await start.action({ request: formPost("http://shop.test/checkout/start", cookie), params: {}, context }) as Response;
      expect([response.status, response.headers.get("location")]).toEqual([303, "/checkout"]);
    }
    const cartId = session.get("cartId")!;
    const [{ slot }] = await sql<{ slot: Date }[]>`select pickup_slots(1) as slot limit 1`;
    const [{ order_id: orderId }] = await sql<{ order_id: number }[]>`
      select order_id from place_order(${cartId}::uuid, gen_random_uuid(), 1, 'Ana', 'funnel@example.com', '555 010 2030', ${slot})`;
    const placed = (await load(ownerCookie)).page.figures.funnel;
    // Counted in the transaction of each change: no job needed.
    expect(placed).toEqual({ cart: before.cart + 1, checkout: before.checkout + 1, placed: before.placed + 1, paid: before.paid });
    await sql`select private.mark_order_paid(${orderId})`;
    expect((await load(ownerCookie)).page.figures.funnel.paid).toBe(before.paid + 1);
    // Nothing about who: the counter rows are location, day, step and a count.
    const columns = await sql<{ column_name: string }[]>`
      select column_name from information_schema.columns where table_name = 'funnel_days' order by ordinal_position`;
    expect(columns.map((each) => each.column_name)).toEqual(["location_id", "day", "step", "count"]);
  });

  it("does not count bots' carts and checkouts; a visit straight to /checkout counts on its first POST", async () => {
    const { sql } = harness.database;
    const { addToCart } = await import("~/ordering/cart.server");
    const { countsInFunnel } = await import("~/insights/funnel-visitor.server");
    const { getSession, commitSession } = await import("~/lib/session.server");
    const start = await import("~/routes/checkout_.start");
    const checkout = await import("~/routes/checkout");
    const [{ id: variantId }] = await sql<{ id: number }[]>`
      select v.id from variants v join products p on p.id = v.product_id where p.slug = 'beef-criolla' and v.name = 'Dozen'`;
    const BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    const PERSON = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    expect([countsInFunnel(new Request("http://shop.test/", { headers: { "user-agent": BOT } })),
      countsInFunnel(new Request("http://shop.test/", { headers: { "user-agent": PERSON } }))]).toEqual([false, true]);
    const before = (await load(ownerCookie)).page.figures.funnel;
    const bot = await getSession(new Request("http://shop.test/cart"));
    await addToCart(bot, variantId, 1, [], "cartId", "", false);
    const botCookie = (await commitSession(bot)).split(";")[0];
    await start.action({ request: formPost("http://shop.test/checkout/start", botCookie, BOT), params: {}, context });
    await checkout.action({ request: formPost("http://shop.test/checkout", botCookie, BOT, { intent: "quote" }), params: {}, context });
    expect((await load(ownerCookie)).page.figures.funnel).toEqual(before);
    // A person who typed /checkout: the page's GET counts nothing, its first POST (a quote) counts once.
    const person = await getSession(new Request("http://shop.test/cart"));
    await addToCart(person, variantId, 1);
    const cookie = (await commitSession(person)).split(";")[0];
    await checkout.loader({ request: new Request("http://shop.test/checkout", { headers: { cookie, "user-agent": PERSON } }), params: {}, context });
    expect((await load(ownerCookie)).page.figures.funnel).toEqual({ ...before, cart: before.cart + 1 });
    for (let post = 0; post < 2; post++) {
      await checkout.action({ request: formPost("http://shop.test/checkout", cookie, PERSON, { intent: "quote" }), params: {}, context });
    }
    expect((await load(ownerCookie)).page.figures.funnel).toEqual({ ...before, cart: before.cart + 1, checkout: before.checkout + 1 });
  });

  it("shows operations, modifiers and sold-out periods, and downloads them as CSV", async () => {
    const { sql } = harness.database;
    const orderId = await harness.placeOrder("ops@example.com");
    await sql`select private.mark_order_paid(${orderId})`;
    await sql`update orders set no_show_at = now() where id = ${orderId}`;
    await sql`insert into payment_attempts (order_id, method, status, amount_cents, currency, error_code)
              select ${orderId}, 'card', status, 100, 'USD', code
                from (values ('failed', 'CARD_DECLINED'), ('failed', 'UNAVAILABLE'), ('completed', null)) v (status, code)`;
    const [variant] = await sql<{ id: number }[]>`
      update variants set sold_out = true where id = (select min(v.id) from variants v join products p on p.id = v.product_id where p.slug = 'beef-criolla')
      returning id`;
    await harness.drainJobs();
    const { page } = await load(ownerCookie);
    const ops = page.figures.operations;
    const [raw] = await sql<{ pickups: number; no_shows: number; booked: number }[]>`
      select count(*) filter (where fulfillment = 'pickup')::int as pickups, count(no_show_at)::int as no_shows,
             (select coalesce(sum(reserved), 0)::int from slot_reservations
               where (slot_at at time zone ${SHOP_ZONE})::date = (now() at time zone ${SHOP_ZONE})::date) as booked
        from orders where paid_at is not null and state <> 'cancelled'
         and (created_at at time zone ${SHOP_ZONE})::date = (now() at time zone ${SHOP_ZONE})::date`;
    expect(ops).toMatchObject({ pickups: raw.pickups, noShows: raw.no_shows, slotsBooked: raw.booked });
    expect(ops.noShows).toBeGreaterThanOrEqual(1);
    expect(ops.paymentsDeclined).toBeGreaterThanOrEqual(1);
    expect(ops.paymentsFailed).toBeGreaterThanOrEqual(1);
    expect(ops.paymentsSucceeded).toBeGreaterThanOrEqual(1);
    expect(page.figures.soldOut.map((each: { variantId: number }) => each.variantId)).toContain(variant.id);
    expect(page.figures.weekdays).toHaveLength(7);
    await sql`update variants set sold_out = false where id = ${variant.id}`;
    const [period] = await sql<{ back: boolean }[]>`select back_at is not null as back from sold_out_periods where variant_id = ${variant.id} and location_id is null`;
    expect(period.back).toBe(true);
    // Today's slot bookings, whatever day their orders were placed.
    const slots = (await load(ownerCookie, "basis=fulfilled&range=7d")).page.figures.operations;
    expect(slots.slotCapacity).toBeGreaterThanOrEqual(slots.slotsBooked);
    for (const [table, header] of [["funnel", "step,this_period,comparison"], ["operations", "figure,this_period,comparison"],
      ["weekdays", "weekday,orders,net_sales"], ["lead-times", "lead_days,orders"], ["modifiers", "modifier,list,times,revenue"],
      ["sold-out", "product,variation,location,sold_out_at,back_at"]]) {
      const response = await csvRoute.loader({ request: new Request(`http://shop.test/admin/dashboard.csv?range=today&table=${table}`, { headers: { cookie: ownerCookie } }), params: {}, context });
      expect(response.status).toBe(200);
      expect((await response.text()).split("\r\n")[0]).toBe(header);
    }
  });

  it("shows staff an explanation instead of figures", async () => {
    const { status, page } = await load(staffCookie);
    expect(status).toBe(403);
    expect(page).toEqual({ refused: true });
  });

  it.each([
    ["range=custom&from=2026-05-10&to=2026-05-01", "to", /ends before it starts/],
    ["range=custom&from=2020-01-01&to=2026-01-01", "to", /longer than three years/],
    ["range=custom&from=2026-02-30&to=2026-03-01", "from", /is not a date/],
    ["range=custom&from=yesterday&to=2026-03-01", "from", /is not a date/],
    ["location=999", "location", /There is no location “999”/],
    ["location=1;drop", "location", /There is no location/],
    ["range=fortnight", "range", /Choose a range/],
    ["basis=paid", "basis", /order date or by fulfilment date/],
  ])("answers %s with a 400 naming the field", async (query, field, message) => {
    const { status, page } = await load(ownerCookie, query);
    expect(status).toBe(400);
    expect(page.errors[field]).toMatch(message);
    expect(page.figures).toBeUndefined();
  });

  it("downloads a table as CSV, refuses an unknown table, and refuses staff", async () => {
    const get = (cookie: string, query: string) =>
      csvRoute.loader({ request: new Request(`http://shop.test/admin/dashboard.csv?${query}`, { headers: { cookie } }), params: {}, context });
    const response = await get(ownerCookie, "range=7d&table=products");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const body = await response.text();
    expect(body.split("\r\n")[0]).toBe("product,units,revenue");
    expect(body).toMatch(/\r\nBeef Criolla,\d+,\d+\.\d\d\r\n/);
    const unknown = await get(ownerCookie, "table=secrets");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/There is no table “secrets”/);
    const bad = await get(ownerCookie, "table=days&range=custom&from=2026-05-10&to=2026-05-01");
    expect(bad.status).toBe(400);
    await expect(get(staffCookie, "table=days")).rejects.toMatchObject({ status: 403 });
  });
});
