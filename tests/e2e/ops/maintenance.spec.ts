// An owner puts the storefront into maintenance: customers get a friendly 503 with Retry-After,
// while the admin, health checks and webhooks keep working; the switch is in the audit log.
import { E2E_ADMIN } from "../support/constants";
import { expect, test } from "../support/fixtures";

test("maintenance mode closes the storefront only, and is audit-logged", async ({ page, request, db }) => {
  await page.goto("/admin/maintenance");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Maintenance mode" })).toBeVisible();

  await page.getByLabel("Message for customers (optional)").fill("Restocking the ovens, back at 3pm.");
  await page.getByRole("button", { name: "Turn on maintenance mode" }).click();
  try {
    await expect(page.getByText("Maintenance mode is on")).toBeVisible();

    const storefront = await request.get("/");
    expect(storefront.status()).toBe(503);
    expect(storefront.headers()["retry-after"]).toBe("300");
    expect(await storefront.text()).toContain("Restocking the ovens, back at 3pm.");
    expect((await request.get("/products/humita")).status()).toBe(503);
    expect((await request.get("/healthz")).status()).toBe(200);
    expect((await request.get("/readyz")).status()).toBe(200);
    // Webhooks still reach their handler (this unsigned one is refused by it, not by maintenance).
    expect((await request.post("/webhooks/square", { data: "{}" })).status()).toBe(401);

    await page.goto("/admin/orders");
    await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
    await page.goto("/admin/maintenance");
  } finally {
    await page.getByRole("button", { name: "Turn off maintenance mode" }).click();
  }
  await expect(page.getByText("Maintenance mode is off")).toBeVisible();
  expect((await request.get("/")).status()).toBe(200);

  await page.goto("/admin/audit");
  await expect(page.getByRole("row", { name: /maintenance\.enable/ }).first()).toContainText(E2E_ADMIN.email);
  const entries = await db<{ action: string }[]>`select action from audit_log where subject_id = 'shop.maintenance' order by id desc limit 2`;
  expect(entries.map((entry) => entry.action)).toEqual(["maintenance.disable", "maintenance.enable"]);
});
