// Packing a day's pickups (JavaScript off and on): the order's card on the pickup shelf, two bag
// labels printed for it, Packed then Collected; a pickup nobody came for is recorded for follow-up.
import { E2E_ADMIN } from "../support/constants";
import { addToCart, expect, expectPaid, newCustomer, orderNumberFrom, placeOrderAndPay, signInTo, test } from "../support/fixtures";

test("the pickup shelf packs an order with its labels and hands it over; a no-show is recorded", async ({ page, db }) => {
  await addToCart(page, "Humita", "Single", 3);
  await placeOrderAndPay(page, newCustomer("packing"));
  await expectPaid(page);
  const number = orderNumberFrom(await page.getByRole("heading", { level: 1 }).textContent());
  const [{ day }] = await db<{ day: string }[]>`
    select (o.pickup_at at time zone l.timezone)::date::text as day from orders o join locations l on l.id = o.location_id where o.number = ${number}`;
  await db`update products set allergens = '{dairy}' where slug = 'humita'`;

  await signInTo(page, `/admin/packing?date=${day}`, E2E_ADMIN);
  const card = page.getByRole("article", { name: new RegExp(`^#${number} `) });
  await expect(card).toContainText("3 × Humita (Single)");
  await expect(card).toContainText("Contains: dairy");

  await card.getByLabel("Bags").fill("2");
  await page.getByRole("button", { name: "Print bag labels" }).click();
  await expect(page).toHaveURL(/\/admin\/packing\/labels\?/);
  await expect(page.getByRole("region", { name: `Label for order #${number}, bag 2 of 2` })).toContainText("3 × Humita (Single)");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".print-controls")).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await page.getByRole("link", { name: "Back to packing" }).first().click();

  await card.getByRole("button", { name: "Packed" }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${number} packed.`);
  await card.getByRole("button", { name: "Collected" }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${number} collected.`);

  const csv = await page.request.get(`/admin/packing.csv?date=${day}&kind=pickup`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toMatch(new RegExp(`^${number},.*Humita,Single,,3,dairy,`, "m"));

  // Another order, due two hours ago and never collected: it is listed for follow-up, then recorded.
  await page.goto("/");
  await addToCart(page, "Humita", "Single", 1);
  const late = newCustomer("noshow");
  await placeOrderAndPay(page, late);
  await expectPaid(page);
  const lateNumber = orderNumberFrom(await page.getByRole("heading", { level: 1 }).textContent());
  const [{ lateDay }] = await db<{ lateDay: string }[]>`
    update orders o set pickup_at = now() - interval '2 hours' from locations l
     where l.id = o.location_id and o.number = ${lateNumber}
    returning ((now() - interval '2 hours') at time zone l.timezone)::date::text as "lateDay"`;
  await page.goto(`/admin/packing?date=${lateDay}`);
  const followUp = page.getByRole("region", { name: /^Not collected/ });
  await expect(followUp).toContainText(`#${lateNumber}`);
  await followUp.getByRole("listitem").filter({ hasText: `#${lateNumber}` }).getByRole("button", { name: "Not collected" }).click();
  await expect(page.getByRole("status")).toHaveText("Recorded as not collected.");
  await expect(page.getByRole("region", { name: /^Not collected/ })).not.toContainText(`#${lateNumber}`);
  const [row] = await db`select c.no_shows from orders o join customers c on c.id = o.customer_id where o.number = ${lateNumber}`;
  expect(row.no_shows).toBe(1);
});
