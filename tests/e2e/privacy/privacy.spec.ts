// An owner finds a customer who ordered, downloads everything the shop holds about them, and erases
// them after confirming; the order stays for the books, without their name. Both are audit-logged.
import { readFileSync } from "node:fs";
import { E2E_ADMIN } from "../support/constants";
import { addToCart, expect, newCustomer, placeOrderAndPay, test } from "../support/fixtures";

test("an owner exports and erases a customer", async ({ page, db }) => {
  const customer = newCustomer("privacy");
  await addToCart(page, "Humita", "Single", 2);
  await placeOrderAndPay(page, customer);
  await expect(page.getByRole("heading", { name: /Order #\d+/ })).toBeVisible();
  const [order] = await db<{ id: number; number: number }[]>`
    select id, number from orders where customer_email = ${customer.email}`;
  await expect.poll(async () => (await db`select state from orders where id = ${order.id}`)[0].state).toBe("paid");
  await db`update orders set state = 'ready' where id = ${order.id}`;
  await db`update orders set state = 'completed' where id = ${order.id}`;

  await page.goto("/admin/privacy");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Privacy" })).toBeVisible();

  await page.getByLabel("Customer's email or phone number").fill(customer.email.toUpperCase());
  await page.getByRole("button", { name: "Find customer" }).click();
  await page.getByRole("link", { name: customer.name }).click();
  await expect(page.getByRole("heading", { name: `Customer data: ${customer.email}` })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`#${order.number}`) })).toContainText(customer.name);

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download export (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customer-data-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(exported.orders).toEqual([expect.objectContaining({ number: order.number, name: customer.name, email: customer.email })]);
  expect(exported.held_by_square.note).toMatch(/Square/);

  await page.getByLabel(`Type ${customer.email} to confirm`).fill("someone-else@example.com");
  await page.getByRole("button", { name: "Erase this customer" }).click();
  await expect(page.getByText("Type the email address exactly to confirm the erasure.")).toBeVisible();
  await page.getByLabel(`Type ${customer.email} to confirm`).fill(customer.email);
  await page.getByRole("button", { name: "Erase this customer" }).click();
  await expect(page.getByRole("status")).toContainText(`Customer erased: 1 order anonymised (#${order.number})`);

  const [erased] = await db`select customer_name, customer_email from orders where id = ${order.id}`;
  expect(erased).toEqual({ customer_name: "Erased customer", customer_email: null });
  const audit = await db<{ action: string; actor: string }[]>`
    select action, actor from audit_log where action like 'privacy.%' and after -> 'order_numbers' @> jsonb_build_array(${order.number}::int) order by id`;
  expect(audit).toEqual([{ action: "privacy.export", actor: E2E_ADMIN.email }, { action: "privacy.erase", actor: E2E_ADMIN.email }]);

  await page.getByLabel("Customer's email or phone number").fill(customer.email);
  await page.getByRole("button", { name: "Find customer" }).click();
  await expect(page.getByText("No customer or order has that email or phone number.")).toBeVisible();
});
