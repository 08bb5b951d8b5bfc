// Staff take an order on the phone: pick items with their options into the order, the customer and a
// pickup time, then either "pay at pickup" (on the board unpaid, owing until the payment is taken at
// the counter) or a payment link the customer pays on Square's page. JavaScript off and on.
import type { Page } from "@playwright/test";
import { E2E_ADMIN, SUCCESS_CARD } from "../support/constants";
import { expect, expectPaid, payOnHostedCheckout, signInTo, test, waitForEmail } from "../support/fixtures";

async function addItem(page: Page, product: string, quantity: number) {
  await page.getByRole("link", { name: product, exact: true }).click();
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to order" }).click();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^Added ${quantity} × ${product} `));
}

async function takenOrder(page: Page): Promise<number> {
  await expect(page).toHaveURL(/\/admin\/orders\/\d+$/);
  return Number(/\/admin\/orders\/(\d+)$/.exec(page.url())![1]);
}

function card(page: Page, number: number) {
  return page.getByRole("article", { name: new RegExp(`^#${number} `) });
}

test("a phone order paid at pickup goes to the board, owes until the cash is taken, then is collected", async ({ page, db }) => {
  await signInTo(page, "/admin/orders/new", E2E_ADMIN);
  await addItem(page, "Humita", 2);
  await expect(page.getByRole("region", { name: "The order" })).toContainText("2 × Humita (Single)");

  // Bad input first: nothing is taken, what was typed stays.
  await page.getByLabel("Customer phone").fill("(217) 555-0199");
  await page.getByRole("button", { name: "Take order" }).click();
  await expect(page.getByText("Enter the customer's name.")).toBeVisible();
  await expect(page.getByText("Choose a pickup time.")).toBeVisible();
  await expect(page.getByLabel("Customer phone")).toHaveValue("(217) 555-0199");

  await page.getByLabel("Customer name").fill("Rosa Phone");
  await page.getByLabel("Pickup time").selectOption({ index: 2 });
  await page.getByLabel("Notes for the kitchen (allergies, instructions)").fill("No cheese on one");
  await page.getByRole("button", { name: "Take order" }).click();
  const number = await takenOrder(page);
  await expect(page.getByRole("status")).toHaveText(`Order #${number} taken: it is on the board, to be paid at pickup.`);
  await expect(page.getByText(/^Owes \$\d+\.\d\d: pays at pickup$/)).toBeVisible();
  await expect(page.getByText("By phone", { exact: true })).toBeVisible();

  // The customer calls back for one more: staff correct the unpaid order's items.
  await page.getByRole("button", { name: "Change items" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Change order #${number}`);
  await expect(page.getByRole("region", { name: "The order" })).toContainText("2 × Humita (Single)");
  await addItem(page, "Humita", 1);
  await expect(page.getByRole("region", { name: "The order" })).toContainText("3 × Humita (Single)");
  await page.getByRole("button", { name: `Save changes to order #${number}` }).click();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^Order #${number} changed: the total is now \\$\\d+\\.\\d\\d\\.$`));
  await expect(page.getByRole("row", { name: /Humita \(Single\)/ })).toContainText("3");

  const [{ day }] = await db<{ day: string }[]>`
    select (o.pickup_at at time zone l.timezone)::date::text as day from orders o join locations l on l.id = o.location_id where o.number = ${number}`;
  await page.goto(`/admin/board?date=${day}`);
  await expect(page.getByRole("region", { name: /^Accepted, to start/ }).getByRole("article", { name: new RegExp(`^#${number} `) })).toBeVisible();
  await expect(card(page, number)).toContainText("No cheese on one");
  await expect(card(page, number)).toContainText(/Owes \$\d+\.\d\d/);
  await card(page, number).getByRole("button", { name: "Start" }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${number} started.`);
  await card(page, number).getByRole("button", { name: "Ready", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${number} is ready.`);

  // Handing it over before it is paid is refused, and says what to do.
  await card(page, number).getByRole("button", { name: "Collected" }).click();
  await expect(card(page, number)).toContainText(/still owes \$\d+\.\d\d: take the payment first/);
  await card(page, number).getByRole("button", { name: "Paid cash" }).click();
  await expect(page.getByRole("status")).toHaveText("Payment recorded (cash): hand the order over.");
  await expect(card(page, number)).not.toContainText("Owes");
  await card(page, number).getByRole("button", { name: "Collected" }).click();
  await expect(page.getByRole("status")).toHaveText(`Order #${number} collected.`);

  const [order] = await db<{ state: string; source: string; paid: boolean; method: string; takenBy: string }[]>`
    select o.state, o.source, o.paid_at is not null as paid, c.method, a.email as "takenBy"
      from orders o join counter_payments c on c.order_id = o.id join admin_users a on a.id = c.recorded_by
     where o.number = ${number}`;
  expect(order).toEqual({ state: "completed", source: "phone", paid: true, method: "cash", takenBy: E2E_ADMIN.email });
  await page.goto(`/admin/orders/${number}`);
  await expect(page.getByText(/Paid \$\d+\.\d\d in cash, taken by/)).toBeVisible();
});

test("a phone order with a payment link: the customer gets the link by email and pays on Square's page", async ({ page, db }) => {
  const email = `link.${test.info().project.name}.${Date.now()}@example.com`;
  await signInTo(page, "/admin/orders/new", E2E_ADMIN);
  await addItem(page, "Humita", 1);
  await page.getByLabel("Customer name").fill("Lee Link");
  await page.getByLabel("Customer phone").fill("(217) 555-0123");
  await page.getByLabel("Pickup time").selectOption({ index: 3 });
  await page.getByLabel("Send a payment link (email, and text if agreed)").check();
  await page.getByRole("button", { name: "Take order" }).click();
  await expect(page.getByText("Enter the customer's email (or tick that they agree to texts) to send them the payment link.")).toBeVisible();
  await page.getByLabel("Email (optional when paying at pickup)").fill(email);
  await page.getByRole("button", { name: "Take order" }).click();
  const number = await takenOrder(page);
  await expect(page.getByRole("status")).toHaveText(`Order #${number} taken: the payment link is on its way to the customer.`);

  const sent = await waitForEmail((message) => message.to.includes(email) && message.subject.startsWith(`Pay for order #${number}`));
  const link = /(https?:\/\/\S+)/.exec(sent.text.split("\n").find((line) => /^https?:\/\//.test(line)) ?? "")![1];
  await page.goto(link);
  await payOnHostedCheckout(page, SUCCESS_CARD);
  await expectPaid(page);
  const [order] = await db<{ state: string; source: string }[]>`select state, source from orders where number = ${number}`;
  expect(order).toEqual({ state: "paid", source: "phone" });
});
