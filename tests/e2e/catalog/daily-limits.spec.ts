// Daily item limits on the storefront, with JavaScript off and on: an item sold up to its limit for
// the first pickup day says so on the menu and its page, checkout offers only other days, and the
// customer orders for one of them.
import { expect, expectPaid, newCustomer, placeOrderAndPay, addToCart, test } from "../support/fixtures";

test("an item over its daily limit is sold out for that day, and checkout offers another", async ({ page, db }) => {
  const [{ variant, location }] = await db<{ variant: number; location: number }[]>`
    select v.id::int as variant, shop_location_id()::int as location
      from variants v join products p on p.id = v.product_id
     where p.slug = 'apple-cinnamon' and v.name = 'Half dozen'`;
  // The first day offered for pickup, its last time, and the next day offered after it.
  const [first] = await db<{ day: string; weekday: string; slot: Date; nextWeekday: string }[]>`
    with slots as (
      select s, private.fulfillment_day(${location}, s, null) as day from fulfillment_slots(${location}, 'pickup') s
    ), first_day as (select min(day) as day from slots)
    select f.day::text as day, to_char(f.day, 'FMDay') as weekday,
           (select max(s) from slots where slots.day = f.day) as slot,
           to_char((select min(day) from slots where slots.day > f.day), 'FMDay') as "nextWeekday"
      from first_day f`;

  // Another customer's order (placed as the storefront places it) buys what is left that day.
  const [{ cart }] = await db<{ cart: string }[]>`insert into carts default values returning id as cart`;
  await db`select cart_add_item(${cart}, ${variant}, 2)`;
  const [{ order_id: heldOrder }] = await db<{ order_id: number }[]>`
    select order_id from place_order(${cart}, gen_random_uuid(), ${location}, 'Earlier Buyer', 'earlier.buyer@example.com',
                                     '(555) 010-2030', ${first.slot})`;
  await db`select * from set_daily_limit(null, ${variant}, 100000, null)`;
  const [{ used }] = await db<{ used: number }[]>`
    select u.used from daily_limit_uses u join daily_limits dl on dl.id = u.limit_id
     where dl.variant_id = ${variant} and u.day = ${first.day}::date and u.slot_at is null`;
  await db`select * from set_daily_limit(null, ${variant}, ${used}, null)`;

  try {
    const soldOut = `Half dozen: sold out for ${first.weekday} — available ${first.nextWeekday}`;
    await page.goto("/");
    await expect(page.locator(".product-card", { hasText: "Apple Cinnamon" })).toContainText(soldOut);
    await page.goto("/products/apple-cinnamon");
    await expect(page.getByRole("status").filter({ hasText: "Half dozen:" })).toHaveText(soldOut);

    await addToCart(page, "Apple Cinnamon", "Half dozen", 1);
    await page.goto("/checkout");
    const offered = await page.getByLabel("Pickup time").locator('option:not([value=""])').evaluateAll(
      (options) => options.map((option) => (option as HTMLOptionElement).value),
    );
    const [{ onFirstDay }] = await db<{ onFirstDay: number }[]>`
      select count(*)::int as "onFirstDay" from unnest(${offered}::timestamptz[]) s
       where private.fulfillment_day(${location}, s, null) = ${first.day}::date`;
    expect(offered.length).toBeGreaterThan(0);
    expect(onFirstDay).toBe(0);

    const customer = newCustomer("daily-limit");
    await placeOrderAndPay(page, customer);
    await expectPaid(page);
    const [ordered] = await db<{ day: string; quantity: number }[]>`
      select private.fulfillment_day(o.location_id, o.pickup_at, null)::text as day, i.quantity
        from orders o join order_items i on i.order_id = o.id
       where o.customer_email = ${customer.email} and i.variant_id = ${variant}`;
    expect(ordered.quantity).toBe(1);
    expect(ordered.day > first.day).toBe(true);
  } finally {
    await db`select expire_unpaid_order(${heldOrder}, 'End of the daily-limit journey.')`;
    await db`select * from set_daily_limit(null, ${variant}, null, null)`;
  }
});
