// The owner's dashboard in the browser, with JavaScript off and on: a few paid orders at a location
// of this test's own show up (once their rollup jobs ran) in net sales, orders, average order value,
// top products, the sales chart's data table and the operations figures; a table downloads as CSV;
// the owner sets the summary email; the page passes axe and
// is photographed at a phone's and a laptop's size; staff get an explanation instead of figures.
import { analyzeAccessibility } from "../support/axe";
import { hashPassword } from "../../../app/accounts/password.server";
import { E2E_ADMIN } from "../support/constants";
import { expect, javascriptOn, signInTo, test } from "../support/fixtures";
import { placePaidOrder } from "../support/orders";

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

// The test's own location goes again, its orders back at the shop's first: the other journeys count
// on a shop with one location (its settings page, checkout's pickup place).
test.afterEach(async ({ db }) => {
  await db`update orders set location_id = (select min(id) from locations) where location_id in (select id from locations where slug like 'dash-%')`;
  await db`delete from locations where slug like 'dash-%'`;
});

test("an owner sees today's orders on the dashboard, downloads a table, and the page passes axe", async ({ page, browser, db }, testInfo) => {
  const stamp = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const [{ id: location }] = await db<{ id: number }[]>`
    insert into locations (name, slug, timezone) values (${`Dash ${stamp}`}, ${`dash-${stamp}`}, 'America/Los_Angeles') returning id`;
  const orders = [
    await placePaidOrder(db, "pickup", `dash.a.${stamp}@example.com`, "Dee Dash"),
    await placePaidOrder(db, "pickup", `dash.b.${stamp}@example.com`, "Eve Dash"),
    await placePaidOrder(db, "shipping", `dash.c.${stamp}@example.com`, "Flo Dash"),
  ];
  const ids = orders.map((order) => order.id);
  // Moved to this test's own location, so its figures are these orders' alone.
  await db`update orders set location_id = ${location} where id = any(${ids}::bigint[])`;
  const [expected] = await db<{ net: number; humitas: number }[]>`
    select sum(subtotal_cents - discount_cents)::int as net,
           (select sum(quantity)::int from order_items where order_id = any(${ids}::bigint[]) and product_name = 'Humita') as humitas
      from orders where id = any(${ids}::bigint[])`;

  const path = `/admin/dashboard?range=today&compare=previous&location=${location}&basis=ordered`;
  await signInTo(page, path, E2E_ADMIN);
  const sales = page.getByRole("table", { name: "Sales", exact: true });
  // The rollup jobs run within a second or so of the payment; the page reads rollups only.
  await expect(async () => {
    await page.reload();
    await expect(sales.getByRole("row", { name: /^Orders/ })).toContainText("3", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(sales.getByRole("row", { name: /^Net sales/ }).getByRole("cell").first()).toHaveText(dollars(expected.net));
  await expect(sales.getByRole("row", { name: /^Average order value/ }).getByRole("cell").first()).toHaveText(dollars(Math.round(expected.net / 3)));
  await expect(page.getByRole("table", { name: "Top products", exact: true }).getByRole("row", { name: /^Humita/ })).toContainText(String(expected.humitas));
  await expect(page.getByRole("img", { name: "Net sales by day" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Top products by units sold" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Orders by hour of day" })).toBeVisible();
  const byHour = page.getByRole("table", { name: "Orders by hour of day", exact: true });
  await expect(byHour.getByRole("row").nth(1)).toBeVisible();
  const byDay = page.getByRole("table", { name: "Net sales by day", exact: true });
  await expect(byDay.getByRole("row")).toHaveCount(2);
  await expect(byDay.getByRole("row").nth(1)).toContainText(dollars(expected.net));

  // The funnel and operations sections: two of the three orders are pickups, none collected late.
  const operations = page.getByRole("table", { name: "Operations", exact: true });
  await expect(operations.getByRole("row", { name: /^Pickups/ }).getByRole("cell").first()).toHaveText("2");
  await expect(operations.getByRole("row", { name: /^Uncollected pickups/ }).getByRole("cell").first()).toHaveText("0");
  await expect(page.getByRole("table", { name: "Funnel", exact: true }).getByRole("row", { name: /^Orders paid/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Orders by weekday" })).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download products (CSV)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^dashboard-products-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-ordered\.csv$/);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv).toString("utf8");
  expect(text.split("\r\n")[0]).toBe("product,units,revenue");
  expect(text).toContain(`\r\nHumita,${expected.humitas},`);

  // The form says what is wrong, and shows no figures, for an inverted range.
  await page.goto(`/admin/dashboard?range=custom&from=2026-05-10&to=2026-05-01&location=${location}`);
  await expect(page.getByText("The range ends before it starts")).toBeVisible();
  await expect(page.getByRole("table", { name: "Sales", exact: true })).toHaveCount(0);

  // axe and the overflow check run inside the page: without JavaScript, that is the server's HTML
  // in a page whose own scripts are all refused (as tests/e2e/ops/accessibility.spec.ts does).
  let checked = page;
  if (!javascriptOn()) {
    const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled: true, storageState: await page.context().storageState() });
    await context.route("**/*", (route) => (route.request().resourceType() === "script" ? route.abort() : route.continue()));
    checked = await context.newPage();
  }
  await checked.goto(path);
  for (const size of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await checked.setViewportSize(size);
    await checked.screenshot({ path: `tests/.artifacts/screenshots/dashboard-${testInfo.project.name}-${size.width}.png`, fullPage: true });
    const wider = await checked.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(wider, `the page is wider than ${size.width} px`).toBeLessThanOrEqual(0);
  }
  const results = await analyzeAccessibility(checked);
  expect(results.passes.length).toBeGreaterThan(0);
  expect(results.violations.map((violation) => ({ rule: violation.id, where: violation.nodes.map((node) => node.target.join(" ")) }))).toEqual([]);

  // The summary email is an owner's form; set, then off again (other journeys expect no summaries).
  await page.goto("/admin/summary-email");
  for (const [frequency, notice] of [["daily", "The daily summary email will come at 08:00"], ["off", "The summary email is off."]]) {
    await page.getByLabel("Send").selectOption(frequency);
    await page.getByLabel("At (local hour)").selectOption("8");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(notice)).toBeVisible();
  }
});

test("staff are refused the figures, with an explanation, and land on the orders", async ({ page, db }, testInfo) => {
  const email = `staff-dash-${testInfo.project.name}-${Date.now().toString(36)}@masa.example`;
  const password = "staff-password-2468";
  await db`insert into admin_users (email, name, password_hash, role) values (${email}, 'Staff', ${await hashPassword(password)}, 'staff')`;
  await signInTo(page, "/admin/dashboard", { email, password });
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("The sales dashboard is for the shop's owners")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  const csv = await page.request.get("/admin/dashboard.csv?table=sales");
  expect(csv.status()).toBe(403);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/orders$/);
});
