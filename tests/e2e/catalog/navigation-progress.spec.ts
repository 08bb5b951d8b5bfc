// A slow navigation shows a progress bar along the top after 300 ms (JavaScript on); with JavaScript
// off the browser navigates itself and the page has no bar of its own.
import { expect, javascriptOn, test } from "../support/fixtures";

const PRODUCT = "Beef Criolla";

test("a slow page shows the progress bar until it arrives", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: PRODUCT, exact: true })).toBeVisible();
  // With JavaScript, the click must come once React listens (it sets up Remix's router as it
  // hydrates): a click before that is the browser's own navigation, which shows no bar.
  if (javascriptOn()) await page.waitForFunction(() => "__remixRouter" in window);
  // The next page's response (its data with JavaScript, the document without) takes 1.5 s. Routed on
  // the context: once the shop's service worker controls the page, its requests are the worker's.
  await page.context().route(/\/products\//, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.getByRole("link", { name: PRODUCT, exact: true }).click();
  const bar = page.getByRole("progressbar", { name: "Loading the next page" });
  if (javascriptOn()) {
    await expect(bar).toBeVisible({ timeout: 1200 });
    await expect(page.getByRole("heading", { level: 1, name: PRODUCT })).toBeVisible();
    await expect(bar).toHaveCount(0);
  } else {
    await expect(page.getByRole("heading", { level: 1, name: PRODUCT })).toBeVisible();
    await expect(bar).toHaveCount(0);
  }
});
