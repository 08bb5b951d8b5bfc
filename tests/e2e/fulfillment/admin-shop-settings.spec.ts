// The owner sets up fulfillment and pricing: a delivery zone (a postal code another zone has is
// refused, naming it), a promo code, and the location's tax rate, each bad entry refused on the form
// with what was typed kept.
import type { Page } from "@playwright/test";
import { hashPassword } from "../../../app/accounts/password.server";
import { E2E_ADMIN } from "../support/constants";
import { expect, javascriptOn, test, sameOrigin } from "../support/fixtures";

const STAFF = { email: "staff@masa.example", password: "staff-password-0123" };

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// Later specs price orders: the tax goes back to the demo shop's 8.25 % whatever happens here.
test.afterEach(async ({ db }) => {
  await db`update locations set tax_rate_bps = 825, tax_inclusive = false, tax_name = 'Sales tax'`;
});

test("the owner adds a delivery zone and a promo code and changes the tax rate", async ({ page, db }) => {
  // Both projects run against one database: names and codes differ per project.
  const tag = javascriptOn() ? "js" : "nojs";
  const [first, second] = javascriptOn() ? ["90212", "90213"] : ["90210", "90211"];
  // A code with a space inside (Canada, the UK) is one code, not two.
  const spaced = javascriptOn() ? "K1A 0B2" : "K1A 0B1";

  await page.goto("/admin/locations");
  await signIn(page, E2E_ADMIN);
  await expect(page).toHaveURL(/\/admin\/locations\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Masa & Co. Empanadas" })).toBeVisible();

  // Tax: a third decimal is refused and kept; 7.75 is saved as 775 basis points.
  const tax = page.getByRole("form", { name: "Tax" });
  await tax.getByLabel("Tax rate (%)").fill("8.255");
  await tax.getByRole("button", { name: "Save tax" }).click();
  await expect(page.getByText("Enter a percentage like 8.25 (at most two decimals).")).toBeVisible();
  await expect(page.getByLabel("Tax rate (%)")).toHaveValue("8.255");
  const [unchanged] = await db`select tax_rate_bps from locations where slug = 'main-street'`;
  expect(unchanged.tax_rate_bps).toBe(825);

  await page.getByLabel("Tax rate (%)").fill("7.75");
  await page.getByRole("button", { name: "Save tax" }).click();
  await expect(page.getByRole("status")).toHaveText("Tax saved: Sales tax 7.75 %, added at checkout.");
  await expect(page.getByLabel("Tax rate (%)")).toHaveValue("7.75");
  const [taxed] = await db`select tax_rate_bps, tax_inclusive from locations where slug = 'main-street'`;
  expect(taxed).toEqual({ tax_rate_bps: 775, tax_inclusive: false });

  // A delivery zone, then a second one claiming its postal code.
  await page.goto("/admin/delivery-zones");
  await page.getByRole("link", { name: "New delivery zone" }).click();
  await page.getByLabel("Zone name").fill(`North ${tag}`);
  await page.getByLabel("Delivery fee ($)").fill("4.5");
  await page.getByLabel("Minimum order ($)").fill("20");
  await page.getByLabel("Postal codes").fill(`${first}, ${second}\n${spaced.toLowerCase()}`);
  await page.getByRole("button", { name: "Create zone" }).click();
  await expect(page.getByRole("status")).toHaveText(`Delivery zone North ${tag} created.`);
  const row = page.getByRole("row", { name: new RegExp(`North ${tag}`) });
  await expect(row).toContainText("$4.50");
  await expect(row).toContainText("$20.00");
  await expect(row).toContainText(`${first}, ${second}, ${spaced}`);
  const [north] = await db`
    select array_agg(c.postal_code order by c.postal_code) as codes
      from delivery_zone_postal_codes c join delivery_zones z on z.id = c.zone_id where z.name = ${`North ${tag}`}`;
  expect(north.codes).toEqual([first, second, spaced]);

  await page.getByRole("link", { name: "New delivery zone" }).click();
  await page.getByLabel("Zone name").fill(`South ${tag}`);
  await page.getByLabel("Delivery fee ($)").fill("6");
  await page.getByLabel("Postal codes").fill(`90299\n${second.toLowerCase()}`);
  await page.getByRole("button", { name: "Create zone" }).click();
  await expect(page.getByText(`Postal code ${second} is already in the zone "North ${tag}".`)).toBeVisible();
  await expect(page.getByLabel("Zone name")).toHaveValue(`South ${tag}`);
  await expect(page.getByLabel("Postal codes")).toHaveValue(`90299\n${second}`);
  const zones = await db`select name from delivery_zones where name like ${`% ${tag}`} order by name`;
  expect(zones.map((zone) => zone.name)).toEqual([`North ${tag}`]);

  // A promo code: a percentage over 100 is refused, then 15 % from March 1 at 09:00, shop time.
  await page.goto("/admin/promo-codes");
  await page.getByRole("link", { name: "New promo code" }).click();
  await page.getByLabel("Code").fill(`spring${tag}`);
  await page.getByLabel("Kind").selectOption({ label: "Percent off" });
  await page.getByLabel("Discount", { exact: true }).fill("150");
  await page.getByLabel("Minimum subtotal ($)").fill("20");
  await page.getByLabel("Starts (optional)").fill("2030-03-01T09:00");
  await page.getByLabel("Total uses (optional)").fill("50");
  await page.getByLabel("Uses per customer (optional)").fill("1");
  await page.getByRole("button", { name: "Create promo code" }).click();
  await expect(page.getByText("Enter a percentage from 0.01 to 100, like 15.")).toBeVisible();
  await expect(page.getByLabel("Code")).toHaveValue(`spring${tag}`);
  await expect(page.getByLabel("Starts (optional)")).toHaveValue("2030-03-01T09:00");

  await page.getByLabel("Discount", { exact: true }).fill("15");
  await page.getByRole("button", { name: "Create promo code" }).click();
  const code = `SPRING${tag.toUpperCase()}`;
  await expect(page.getByRole("status")).toHaveText(`${code} created.`);
  const promo = page.getByRole("row", { name: new RegExp(code) });
  await expect(promo).toContainText("15 % off");
  await expect(promo).toContainText("0 of 50");
  await expect(promo).toContainText("From Mar 1, 2030, 9:00 AM");
  await expect(promo).toContainText("scheduled");
  const [stored] = await db`
    select percent_bps, minimum_subtotal_cents, starts_at, max_uses, max_uses_per_customer from promo_codes where code = ${code}`;
  expect(stored).toMatchObject({ percent_bps: 1500, minimum_subtotal_cents: "2000", max_uses: 50, max_uses_per_customer: 1 });
  // 09:00 in the demo shop's Chicago on March 1 (CST, UTC−6).
  expect((stored.starts_at as Date).toISOString()).toBe("2030-03-01T15:00:00.000Z");

  // Each change is in the audit log under the owner's name.
  const audited = await db`
    select action from audit_log where actor = ${E2E_ADMIN.email} and action in ('location.update_tax', 'delivery_zone.create', 'promo_code.create')
     order by id desc limit 3`;
  expect(audited.map((entry) => entry.action).sort()).toEqual(["delivery_zone.create", "location.update_tax", "promo_code.create"]);
});

test("staff see the settings but cannot change them", async ({ page, db }) => {
  await db`
    insert into admin_users (email, name, password_hash, role)
    select ${STAFF.email}, 'E2E staff', ${await hashPassword(STAFF.password)}, 'staff'
     where not exists (select 1 from admin_users where email = ${STAFF.email})`;
  await page.goto("/admin/locations");
  await signIn(page, STAFF);
  await expect(page).toHaveURL(/\/admin\/locations\/\d+$/);
  await expect(page.getByText("You can see these settings; only an owner can change them.")).toBeVisible();
  await expect(page.getByLabel("Tax rate (%)")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save tax" })).toHaveCount(0);

  // A hand-made POST is refused too, and changes nothing.
  const response = await page.request.post(page.url(), {
    headers: sameOrigin(),
    form: { intent: "tax", taxName: "Sneaky tax", taxRate: "9", taxInclusive: "exclusive" },
  });
  expect(response.status()).toBe(403);
  const refusalPage = await response.text();
  expect(refusalPage).toContain("<h1>Not allowed</h1>");
  expect(refusalPage).toContain("Only an owner can change location settings.");
  const [location] = await db`select tax_name, tax_rate_bps from locations where slug = 'main-street'`;
  expect(location).toEqual({ tax_name: "Sales tax", tax_rate_bps: 825 });

  await page.goto("/admin/promo-codes/new");
  await expect(page.getByText("You can see this code; only an owner can change it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create promo code" })).toHaveCount(0);
});
