// An owner edits the menu in the admin: a modifier list with a modifier, a new product with its first
// variation offering that list, then a price change. Bad input comes back on the field with what was
// typed; the product shows on the storefront's menu; every change is in the audit log.
import type { Locator, Page } from "@playwright/test";
import { hashPassword } from "../../../app/accounts/password.server";
import { E2E_ADMIN } from "../support/constants";
import { expect, javascriptOn, test, sameOrigin } from "../support/fixtures";

/** Clicks a form's submit button and returns the HTTP status of the POST it sends. */
async function submitStatus(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === "POST"), button.click()]);
  return response.status();
}

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an owner adds a product with a variation and a modifier list, and changes its price", async ({ page, db }) => {
  // Both projects run against one shop, so each run's names are its own.
  const tag = `${test.info().project.name === "javascript-off" ? "off" : "on"}${Date.now().toString(36)}`;
  const listName = `Salsas ${tag}`;
  const productName = `Pumpkin empanada ${tag}`;

  await signIn(page, "/admin/menu");
  await expect(page.getByRole("heading", { level: 1, name: "Menu" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Now: in this admin." })).toBeVisible();

  // A modifier list; a maximum below the minimum is refused on its field, values kept.
  await page.getByRole("link", { name: "New modifier list" }).click();
  await page.getByLabel("Name", { exact: true }).fill(listName);
  await page.getByLabel("Least a customer must choose").fill("3");
  await page.getByLabel("Most a customer may choose").fill("2");
  expect(await submitStatus(page, page.getByRole("button", { name: "Add modifier list" }))).toBe(422);
  await expect(page.getByText("The most a customer can choose can't be less than the least.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(listName);
  await expect(page.getByLabel("Least a customer must choose")).toHaveValue("3");
  await page.getByLabel("Least a customer must choose").fill("0");
  await page.getByRole("button", { name: "Add modifier list" }).click();
  await expect(page.getByRole("status")).toContainText(`Modifier list “${listName}” added`);
  await expect(page.getByRole("heading", { level: 1, name: listName })).toBeVisible();

  const newModifier = page.getByRole("form", { name: "New modifier" });
  await newModifier.getByLabel("Name", { exact: true }).fill("Salsa verde");
  await newModifier.getByLabel("Price ($)").fill("0.75");
  await newModifier.getByRole("button", { name: "Add modifier" }).click();
  await expect(page.getByRole("status")).toContainText("Modifier “Salsa verde” added.");
  await expect(page.getByRole("form", { name: "Modifier Salsa verde" }).getByLabel("Price ($)")).toHaveValue("0.75");

  // A product with its first variation; a negative price is refused on the price field.
  await page.getByRole("link", { name: "← Menu" }).click();
  await page.getByRole("link", { name: "New product" }).click();
  await page.getByLabel("Name", { exact: true }).fill(productName);
  await page.getByLabel("Description").fill("Roasted pumpkin, sage and goat cheese.");
  await page.getByLabel("Category").selectOption({ label: "Savory empanadas" });
  await page.getByLabel("Variation name").fill("Single");
  await page.getByLabel("Price ($)").fill("-4");
  expect(await submitStatus(page, page.getByRole("button", { name: "Add product" }))).toBe(422);
  await expect(page.getByText("Enter a price in dollars and cents of zero or more, like 4.50.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(productName);
  await expect(page.getByLabel("Price ($)")).toHaveValue("-4");
  // A slug another product has is refused on the slug field (409), nothing added.
  await page.getByLabel("Price ($)").fill("4.25");
  await page.getByLabel("Slug").fill("beef-criolla");
  expect(await submitStatus(page, page.getByRole("button", { name: "Add product" }))).toBe(409);
  await expect(page.getByText("Another product already uses this slug.")).toBeVisible();
  await expect(page.getByLabel("Price ($)")).toHaveValue("4.25");
  await page.getByLabel("Slug").fill("");
  await page.getByRole("button", { name: "Add product" }).click();
  await expect(page.getByRole("status")).toContainText(`“${productName}” added to the menu.`);
  await expect(page.getByRole("heading", { level: 1, name: productName })).toBeVisible();

  // It offers the modifier list.
  const lists = page.getByRole("form", { name: "Modifier lists" });
  await lists.getByLabel(`Offer ${listName}`).check();
  await lists.getByRole("button", { name: "Save modifier lists" }).click();
  await expect(page.getByRole("status")).toContainText("Modifier lists saved.");
  await expect(page.getByRole("form", { name: "Modifier lists" }).getByLabel(`Offer ${listName}`)).toBeChecked();

  // A price change.
  const single = page.getByRole("form", { name: "Variation Single" });
  await expect(single.getByLabel("Price ($)")).toHaveValue("4.25");
  await single.getByLabel("Price ($)").fill("4.75");
  await single.getByRole("button", { name: "Save variation" }).click();
  await expect(page.getByRole("status")).toContainText("Variation “Single” saved.");
  await expect(page.getByRole("form", { name: "Variation Single" }).getByLabel("Price ($)")).toHaveValue("4.75");

  await page.getByRole("link", { name: "← Menu" }).click();
  await expect(page.getByRole("row", { name: new RegExp(productName) })).toContainText("$4.75");
  await expect(page.getByRole("row", { name: new RegExp(listName) })).toContainText("Up to 2");

  await page.goto("/");
  await expect(page.getByRole("link", { name: productName, exact: true })).toBeVisible();

  const [{ id }] = await db<{ id: string }[]>`select id::text from products where name = ${productName}`;
  const entries = await db<{ action: string; actor: string }[]>`
    select action, actor from audit_log where subject_type = 'product' and subject_id = ${id} order by id`;
  expect(entries).toEqual([
    { action: "menu.product.create", actor: E2E_ADMIN.email },
    { action: "menu.product.modifier_lists", actor: E2E_ADMIN.email },
  ]);
  const [price] = await db<{ action: string; before: { price_cents: number }; after: { price_cents: number } }[]>`
    select a.action, a.before, a.after from audit_log a join variants v on a.subject_id = v.id::text
     where a.subject_type = 'variant' and v.product_id = ${id} order by a.id desc limit 1`;
  expect(price).toMatchObject({ action: "menu.variant.update", before: { price_cents: 425 }, after: { price_cents: 475 } });
});

test("staff see the menu but cannot change it", async ({ page, db }) => {
  const email = `staff-${test.info().project.name}-${Date.now().toString(36)}@masa.example`;
  const password = "staff-password-2468";
  await db`insert into admin_users (email, name, password_hash, role) values (${email}, 'Staff', ${await hashPassword(password)}, 'staff')`;
  const [beef] = await db<{ id: string; variantId: string }[]>`
    select p.id::text, v.id::text as "variantId" from products p join variants v on v.product_id = p.id
     where p.slug = 'beef-criolla' and v.name = 'Single'`;

  await page.goto(`/admin/menu/products/${beef.id}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Beef Criolla" })).toBeVisible();
  await expect(page.getByText("Only an owner can change the menu.")).toBeVisible();
  const single = page.getByRole("form", { name: "Variation Single" });
  await expect(single.getByLabel("Price ($)")).toHaveValue("4.50");
  await expect(single.getByLabel("Price ($)")).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Save/ })).toHaveCount(0);

  // A hand-made POST is refused too.
  const response = await page.request.post(`/admin/menu/products/${beef.id}`, {
    headers: sameOrigin(),
    form: { intent: "variant", variantId: beef.variantId, name: "Single", price: "0.01", sortOrder: "0" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  const [variant] = await db<{ price_cents: string }[]>`select price_cents::text from variants where id = ${beef.variantId}`;
  expect(variant.price_cents).toBe("450");
});

test("while Square is the menu's source the editor is read-only, except low-stock thresholds", async ({ page, db }) => {
  await signIn(page, "/admin/menu");
  // Choosing where the menu already is changes nothing.
  await page.getByRole("button", { name: "Change where the menu is edited" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Nothing changed" })).toBeVisible();

  const threshold = javascriptOn() ? "5" : "4";
  const [chipa] = await db<{ id: string; variantId: string }[]>`
    select p.id::text, v.id::text as "variantId" from products p join variants v on v.product_id = p.id where p.slug = 'chipa'`;
  // Set directly, so no catalog sync is started against the simulator while other journeys run.
  await db`insert into settings (key, value) values ('catalog.source', '"square"') on conflict (key) do update set value = excluded.value`;
  try {
    await page.goto("/admin/menu");
    await expect(page.getByRole("note")).toContainText("This menu comes from Square's item library");
    await expect(page.getByRole("link", { name: "New product" })).toHaveCount(0);

    await page.goto(`/admin/menu/products/${chipa.id}`);
    await expect(page.getByRole("form", { name: "Product details" }).getByLabel("Name", { exact: true })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save details" })).toHaveCount(0);
    const bag = page.getByRole("form", { name: "Variation Bag of 6" });
    await expect(bag.getByLabel("Price ($)")).toBeDisabled();
    await bag.getByLabel("Low-stock threshold").fill(threshold);
    await bag.getByLabel("Units per variation").fill("6");
    await bag.getByRole("button", { name: "Save threshold and units" }).click();
    await expect(page.getByRole("status")).toContainText("Low-stock threshold and units of “Bag of 6” saved.");
    await expect(page.getByRole("form", { name: "Variation Bag of 6" }).getByLabel("Low-stock threshold")).toHaveValue(threshold);
    const [variant] = await db<{ low_stock_threshold: number; price_cents: string; units_per_variation: number }[]>`
      select low_stock_threshold, price_cents::text, units_per_variation from variants where id = ${chipa.variantId}`;
    expect(variant).toEqual({ low_stock_threshold: Number(threshold), price_cents: "600", units_per_variation: 6 });
  } finally {
    await db`delete from settings where key = 'catalog.source'`;
  }
});
