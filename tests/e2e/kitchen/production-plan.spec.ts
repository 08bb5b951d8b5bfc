// The production plan from an order to the kitchen's sheet: a customer orders two half dozens for a
// later day; the plan for that day shows them in units; staff mark the line made (a stale tick is
// refused); the printed plan shows it; the CSV downloads with the line. JavaScript off and on.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { E2E_ADMIN, SUCCESS_CARD } from "../support/constants";
import { addToCart, choosePickup, expect, expectPaid, fillCard, javascriptOn, newCustomer, orderNumberFrom, payOnHostedCheckout, signInTo, test, sameOrigin } from "../support/fixtures";

const LINE = "Guava & Cheese — Half dozen";

/** Checkout as placeOrderAndPay does, but for the last pickup time offered: a later day than today. */
async function orderForLaterDay(page: Page) {
  const customer = newCustomer("plan");
  await page.goto("/checkout");
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone").fill(customer.phone);
  await choosePickup(page, { day: "last", time: "last" });
  if (javascriptOn()) {
    await fillCard(page, SUCCESS_CARD);
    await page.getByRole("button", { name: "Place order" }).click();
  } else {
    await page.getByRole("button", { name: "Place order" }).click();
    await payOnHostedCheckout(page, SUCCESS_CARD);
  }
  await expectPaid(page);
}

test("a customer's order for a later day shows on that day's plan in units; staff mark it made, print it and download it", async ({ page, db }) => {
  const [guava] = await db<{ id: number; locationId: number; today: string }[]>`
    select v.id, l.id as "locationId", (now() at time zone l.timezone)::date::text as today
      from variants v join products p on p.id = v.product_id, locations l
     where p.slug = 'guava-cheese' and v.name = 'Half dozen' and l.slug = 'main-street'`;
  const unitsOn = async (day: string) => {
    const [row] = await db<{ quantity: number; units: number }[]>`
      select coalesce(sum(quantity), 0)::int as quantity, coalesce(sum(units), 0)::int as units
        from production_plan(${guava.locationId}, ${day}::date) where variant_id = ${guava.id} and modifier_name is null`;
    return row;
  };

  await addToCart(page, "Guava & Cheese", "Half dozen", 2);
  const lastDay = await db<{ day: string }[]>`select max((s at time zone l.timezone)::date)::text as day from locations l, fulfillment_slots(l.id, 'pickup') s where l.slug = 'main-street'`;
  const before = await unitsOn(lastDay[0].day);
  await orderForLaterDay(page);
  const number = orderNumberFrom(await page.getByRole("heading", { level: 1 }).textContent());
  const [{ day }] = await db<{ day: string }[]>`
    select (o.pickup_at at time zone l.timezone)::date::text as day from orders o join locations l on l.id = o.location_id where o.number = ${number}`;
  expect(day).toBe(lastDay[0].day);
  expect(day > guava.today).toBe(true);
  // Two half dozens are 12 units, on top of whatever the other browser run ordered for that day.
  const { quantity, units } = await unitsOn(day);
  expect([quantity - before.quantity, units - before.units]).toEqual([2, 12]);

  await signInTo(page, `/admin/production?day=${day}`, E2E_ADMIN);
  const line = page.getByRole("article", { name: LINE });
  await expect(page.getByRole("region", { name: "Sweet empanadas" }).getByRole("article", { name: LINE })).toBeVisible();
  await expect(line).toContainText(`× ${quantity} = ${units} units`);
  // The other browser run may have marked its own order made already: the remainder is the rest.
  const [made] = await db<{ units: number }[]>`
    select coalesce(sum(made_units), 0)::int as units from production_made where location_id = ${guava.locationId} and day = ${day}::date and variant_id = ${guava.id}`;
  await expect(line).toContainText(`Made ${made.units} · remaining ${units - made.units}`);

  // A tick sent from a page that showed another count changes nothing and says the fresh one.
  const stale = await page.request.post(`/admin/production?day=${day}`, {
    headers: sameOrigin(),
    form: { intent: "made-all", location: String(guava.locationId), day, window: "", variantId: String(guava.id), seenUnits: String(units - 6) },
    maxRedirects: 0,
  });
  expect(stale.status()).toBe(409);
  expect(await stale.text()).toContain(`Guava &amp; Cheese — Half dozen changed since the page loaded: ${units} units to make now (the page showed ${units - 6})`);

  await line.getByRole("button", { name: `Mark ${LINE} made (${units} units)` }).click();
  await expect(page.getByRole("status")).toHaveText(`Line made: ${units} units.`);
  await expect(page.getByRole("article", { name: LINE })).toContainText(`Made ${units} · remaining 0`);

  // Printing keeps the plan as printed and shows it on paper without the admin around it.
  await page.getByRole("button", { name: "Print plan" }).click();
  await expect(page).toHaveURL(/\/admin\/production\/print\/\d+$/);
  const sheet = page.getByRole("region", { name: "Printed production plan" });
  await expect(sheet).toContainText(`${units} units ${LINE} (× ${quantity})`);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".print-controls")).toBeHidden();
  await expect(sheet).toBeVisible();
  await page.emulateMedia({ media: "screen" });
  await page.getByRole("link", { name: "Back to the plan" }).click();
  await expect(page.getByText(/Last printed at/)).toBeVisible();

  // The CSV downloads with the line, made and remaining.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`production-${day}.csv`);
  const csv = readFileSync((await file.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("Category,Product,Variation,Modifier list,Modifier,Units per variation,Quantity,Units,Pending quantity,Pending units,Made units,Remaining units");
  expect(csv).toContain(`\r\nSweet empanadas,Guava & Cheese,Half dozen,,,6,${quantity},${units},0,0,${units},0\r\n`);
});
