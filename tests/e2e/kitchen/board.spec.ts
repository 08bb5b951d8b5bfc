// The kitchen runs an order from the board: a customer orders; staff accept it 10 minutes later than
// promised, start it and mark it ready; the customer's page says Ready with the new time, and the
// ready email is in the outbox. With JavaScript on, a new order appears on an open board by itself.
import type { Page } from "@playwright/test";
import { E2E_ADMIN, SUCCESS_CARD } from "../support/constants";
import { addToCart, expect, expectPaid, fillCard, javascriptOn, newCustomer, orderNumberFrom, placeOrderAndPay, signInTo, test, waitForEmail, sameOrigin } from "../support/fixtures";

async function orderDay(db: import("postgres").Sql, number: number): Promise<string> {
  const [row] = await db<{ day: string }[]>`
    select (o.pickup_at at time zone l.timezone)::date::text as day from orders o join locations l on l.id = o.location_id where o.number = ${number}`;
  return row.day;
}

function card(page: Page, number: number) {
  return page.getByRole("article", { name: new RegExp(`^#${number} `) });
}

test("staff accept an order 10 minutes late, start it and mark it ready; the customer sees Ready and the new time", async ({ page, db }) => {
  await db`update locations set auto_accept = false`;
  try {
    await addToCart(page, "Humita", "Single", 2);
    const customer = newCustomer("board");
    await placeOrderAndPay(page, customer);
    await expectPaid(page);
    const statusUrl = page.url().replace(/\?.*$/, "");
    const number = orderNumberFrom(await page.getByRole("heading", { level: 1 }).textContent());
    const board = `/admin/board?date=${await orderDay(db, number)}`;

    await signInTo(page, board, E2E_ADMIN);
    const newCard = card(page, number);
    await expect(page.getByRole("region", { name: /^New/ }).getByRole("article", { name: new RegExp(`^#${number} `) })).toBeVisible();
    await expect(newCard).toContainText("2 × Humita (Single)");
    const accept = newCard.getByRole("button", { name: /^Accept, ready at .+ \(10 minutes later\)$/ });
    const acceptLabel = (await accept.getAttribute("aria-label"))!;
    const readyAt = /ready at (.+) \(10/.exec(acceptLabel)![1];
    await accept.click();
    await expect(page.getByRole("status")).toHaveText(`Order #${number} accepted, ready at ${readyAt}.`);
    await expect(page.getByRole("region", { name: /^Accepted, to start/ }).getByRole("article", { name: new RegExp(`^#${number} `) })).toBeVisible();

    await card(page, number).getByRole("button", { name: "Start" }).click();
    await expect(page.getByRole("status")).toHaveText(`Order #${number} started.`);
    await card(page, number).getByRole("button", { name: "Ready", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText(`Order #${number} is ready.`);
    await expect(page.getByRole("region", { name: /^Ready/ }).getByRole("article", { name: new RegExp(`^#${number} `) })).toBeVisible();

    // A second click from a stale page changes nothing and says so.
    const [order] = await db<{ id: number }[]>`select id from orders where number = ${number}`;
    const stale = await page.request.post(board, { headers: sameOrigin(), form: { intent: "step", orderId: String(order.id), step: "ready", seenState: "preparing" }, maxRedirects: 0 });
    expect(stale.status()).toBe(409);
    expect(await stale.text()).toContain(`Order #${number} is already ready: nothing changed.`);

    await page.goto(statusUrl);
    await expect(page.locator(".order-state")).toHaveText("Ready for pickup");
    await expect(page.getByText(`New time: ready at`)).toContainText(readyAt);
    await expect(page.getByRole("list", { name: "Progress" }).locator('[aria-current="step"]')).toHaveText("Ready for pickup");

    const ready = await waitForEmail((email) => email.to.includes(customer.email) && email.subject === `Order #${number} is ready for pickup`);
    expect(ready.text).toContain("Your order is ready!");
    const delayed = await waitForEmail((email) => email.to.includes(customer.email) && email.subject.startsWith(`Order #${number}: ready at`));
    expect(delayed.subject).toBe(`Order #${number}: ready at ${readyAt}`);
    // The order's admin page lists what the customer was sent, and who made each step.
    await page.goto(`/admin/orders/${number}`);
    await expect(page.getByText(`email “ready for pickup” to ${customer.email}: sent`)).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "preparing → ready" })).toContainText("— by");
    // The kitchen ticket prints the items, one ticket per bag, and none of the admin around it.
    await page.goto(`/admin/orders/${number}/ticket?bags=2`);
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("region", { name: "Ticket, bag 2 of 2" })).toContainText("2 × Humita (Single)");
    await expect(page.getByRole("region", { name: "Ticket, bag 1 of 2" })).toContainText(`#${number}`);
    await expect(page.locator(".site-header")).toBeHidden();
    await expect(page.locator(".print-controls")).toBeHidden();
    await page.goto(`/admin/orders/${number}/receipt?paper=page`);
    await expect(page.getByRole("region", { name: `Receipt for order #${number}` })).toContainText("Total");
    await page.emulateMedia({ media: "screen" });
    await expect(page.locator(".print-controls")).toBeVisible();

    const events = await db`
      select e.type, e.to_state, a.email from order_events e left join admin_users a on a.id = e.admin_user_id
       where e.order_id = ${order.id} and (e.type = 'accepted' or e.to_state in ('preparing', 'ready')) order by e.id`;
    expect(events.map((event) => [event.type, event.to_state, event.email])).toEqual([
      ["accepted", null, E2E_ADMIN.email],
      ["state_changed", "preparing", E2E_ADMIN.email],
      ["state_changed", "ready", E2E_ADMIN.email],
    ]);
  } finally {
    await db`update locations set auto_accept = true`;
  }
});

test("an open board shows a new order by itself: polling with JavaScript, a 30-second refresh without", async ({ page, browser, db }) => {
  await signInTo(page, "/admin/board", E2E_ADMIN);
  if (!javascriptOn()) {
    // Without scripts the <noscript> refresh is live: the browser reloads the board every 30 s.
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", "30");
  }
  const customerPage = await (await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: javascriptOn() })).newPage();
  await addToCart(customerPage, "Chipa (cheese bread)", "Bag of 6", 1);
  await placeOrderAndPay(customerPage, newCustomer("live"));
  await expectPaid(customerPage);
  const number = orderNumberFrom(await customerPage.getByRole("heading", { level: 1 }).textContent());
  const day = await orderDay(db, number);
  if (day !== (await page.getByLabel("Day").inputValue())) {
    // The first pickup slot is tomorrow at this hour: watch that day instead, then place another.
    await page.goto(`/admin/board?date=${day}`);
    await addToCart(customerPage, "Chipa (cheese bread)", "Bag of 6", 1);
    await placeOrderAndPay(customerPage, newCustomer("live2"));
    await expectPaid(customerPage);
  }
  const latest = orderNumberFrom(await customerPage.getByRole("heading", { level: 1 }).textContent());
  // With JavaScript it appears by itself; without, as the refresh would show it (waiting 30 s is not worth a test's time).
  if (!javascriptOn()) await page.reload();
  await expect(card(page, latest)).toBeVisible({ timeout: 15_000 });
});

test("an owner pauses pickup from the board: the menu says so, checkout refuses pickup and holds nothing", async ({ page, browser, db }) => {
  await addToCart(page, "Humita", "Single", 1);
  await page.goto("/checkout");
  const customer = newCustomer("paused");
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone").fill(customer.phone);
  const pickup = page.getByLabel("Pickup time");
  await pickup.selectOption({ label: (await pickup.locator('option:not([value=""])').first().textContent()) ?? "" });

  const staff = await (await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: javascriptOn() })).newPage();
  await signInTo(staff, "/admin/board", E2E_ADMIN);
  await staff.getByText("Pause or slow down online orders").click();
  const pause = staff.locator("form", { has: staff.getByRole("button", { name: "Pause ordering" }) });
  await pause.getByLabel("Pause").selectOption("pickup");
  await pause.getByLabel("for").selectOption("until_resumed");
  await pause.getByRole("button", { name: "Pause ordering" }).click();
  await expect(staff.getByRole("status")).toHaveText("Pickup paused until you resume it.");
  await expect(staff.getByRole("region", { name: "Online ordering" })).toContainText("Pickup: paused until resumed.");
  try {
    if (javascriptOn()) await fillCard(page, SUCCESS_CARD);
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Pickup is paused for now. Please choose another way to get your order, or try again later." })).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue(customer.name);
    expect(await db`select id from orders where customer_email = ${customer.email}`).toHaveLength(0);
    await page.goto("/");
    await expect(page.getByText("Pickup is paused for now.")).toBeVisible();
  } finally {
    await staff.getByRole("button", { name: "Resume pickup" }).click();
    await expect(staff.getByRole("status")).toHaveText("Pickup: taking orders again.");
  }
  await page.goto("/");
  await expect(page.getByText("Pickup is paused for now.")).toHaveCount(0);
});
