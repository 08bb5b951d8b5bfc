// A customer who ordered as a guest signs in with the code from their email (a wrong code first),
// finds the order on their account, orders it again into the cart, finds checkout filled in, and
// signs out; the email's link, spent with the code, says so and offers a new code.
import { addToCart, expect, expectPaid, newCustomer, orderNumberFrom, placeOrderAndPay, test, waitForEmail } from "../support/fixtures";

test("a customer signs in with an emailed code, sees their order, orders it again and checks out prefilled", async ({ page }) => {
  const customer = newCustomer("account");
  await addToCart(page, "Humita", "Single", 2);
  await placeOrderAndPay(page, customer);
  await expectPaid(page);
  const number = orderNumberFrom(await page.getByRole("heading", { name: /Order #\d+/ }).textContent());

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(customer.email.toUpperCase());
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page).toHaveURL(/\/account\/code$/);
  await expect(page.getByText(`We emailed a 6-digit code and a sign-in link to ${customer.email}`)).toBeVisible();

  const email = await waitForEmail((received) => received.to.includes(customer.email) && received.subject.endsWith("sign-in code"));
  const code = /: (\d{6})\n/.exec(email.text)?.[1];
  const link = /https?:\/\/\S+\/account\/link\/[\w-]{43}/.exec(email.text)?.[0];
  expect(code).toBeTruthy();
  expect(link).toBeTruthy();

  await page.getByLabel("Code").fill(code === "123456" ? "654321" : "123456");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That code is not right. Check the latest email from us and try again.");
  await page.getByLabel("Code").fill(code!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" })).toBeVisible();

  // The past order, with its status and a link to its page.
  const order = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: `Order #${number}` }) });
  await expect(order).toContainText("Paid");
  await expect(order).toContainText("2 × Humita (Single)");

  await order.getByRole("button", { name: `Order again: order #${number}` }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("status")).toHaveText(`Added from order #${number}: 2 × Humita (Single).`);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cart (2)" })).toBeVisible();

  await page.goto("/checkout");
  await expect(page.getByLabel("Name")).toHaveValue(customer.name);
  await expect(page.getByLabel("Email")).toHaveValue(customer.email);
  await expect(page.getByLabel("Phone")).toHaveValue(customer.phone);

  await page.goto("/account");
  await page.getByRole("link", { name: `Order #${number}` }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Order #${number}`) })).toBeVisible();

  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/account\/sign-in$/);

  // The link came with the code, and went with it.
  await page.goto(link!);
  await expect(page.getByRole("alert")).toHaveText("This link has already been used. Ask for a new one.");
  await page.getByRole("link", { name: "Get a new code" }).click();
  await expect(page).toHaveURL(/\/account\/sign-in$/);
});
