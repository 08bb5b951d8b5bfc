// The storefront as a customer sees it, JavaScript off and on: a photo uploaded in the menu editor
// shows on the menu with its srcset (and actually loads), the category bar stays in view while the
// menu scrolls, and a sold-out product offers a disabled "Sold out" button. The menu and a product
// page are photographed at 390×844 and 1280×800 into tests/.artifacts/screenshots/.
import sharp from "sharp";
import { E2E_ADMIN } from "../support/constants";
import { expect, javascriptOn, signInTo, test } from "../support/fixtures";

const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

/** A warm, empanada-coloured test photo (a golden half-moon on a dark board). */
function testPhoto() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <rect width="1600" height="1200" fill="#3b2a1d"/>
    <path d="M300 800 A500 500 0 0 1 1300 800 Z" fill="#d9962b"/>
    <path d="M300 800 A500 500 0 0 1 1300 800" fill="none" stroke="#b06d17" stroke-width="40" stroke-dasharray="60 40"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

test("a photo uploaded in the menu editor shows on the menu with a responsive srcset", async ({ page, db }) => {
  const [{ id }] = await db<{ id: number }[]>`select id::int from products where slug = 'humita'`;
  await signInTo(page, `/admin/menu/products/${id}`, E2E_ADMIN);
  const form = page.getByRole("form", { name: "Photo" });
  await form.getByLabel(/Upload a photo|Replace the photo/).setInputFiles({ name: "humita.jpg", mimeType: "image/jpeg", buffer: await testPhoto() });
  await form.getByRole("button", { name: "Save photo" }).click();
  await expect(page.getByRole("status").or(page.locator(".notice"))).toContainText("Photo of “Humita” saved.");
  await expect(page.getByRole("img", { name: "The photo of Humita" })).toBeVisible();

  await page.goto("/");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Humita", exact: true }) });
  const photo = card.locator("img.product-image");
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute("srcset", /\/images\/[0-9a-f]{64}-320\.jpg 320w, \/images\/[0-9a-f]{64}-640\.jpg 640w, \/images\/[0-9a-f]{64}-1280\.jpg 1280w/);
  await expect(card.locator("source[type='image/webp']")).toHaveAttribute("srcset", /-320\.webp 320w/);
  await expect(photo).toHaveAttribute("width", "640");
  await expect(photo).toHaveAttribute("height", "480");
  await photo.scrollIntoViewIfNeeded();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // A product without a photo shows the drawn placeholder instead.
  await expect(page.locator(".product-image.placeholder").first()).toBeVisible();

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto("/");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `tests/.artifacts/screenshots/storefront-menu-${javascriptOn() ? "js" : "nojs"}-${size.width}.png`, fullPage: size.width > 1000 });
    await page.goto("/products/humita");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `tests/.artifacts/screenshots/storefront-product-${javascriptOn() ? "js" : "nojs"}-${size.width}.png` });
  }
});

test("the category bar stays in view and takes the customer to a category", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const bar = page.getByRole("navigation", { name: "Menu categories" });
  const links = bar.getByRole("link");
  expect(await links.count()).toBeGreaterThan(1);
  const last = links.last();
  const name = (await last.textContent())!;
  await last.click();
  await expect(page).toHaveURL(/#category-/);
  await expect(page.getByRole("heading", { level: 2, name })).toBeInViewport();
  // Scrolled well down the menu, the bar is still at the top of the screen.
  await expect(bar).toBeInViewport();
  const box = await bar.boundingBox();
  expect(box!.y).toBeLessThan(2);
});

test("a sold-out product shows a disabled Sold out button instead of Add to cart", async ({ page }) => {
  await page.goto("/products/spicy-chorizo");
  await expect(page.getByRole("button", { name: "Sold out" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Spicy Chorizo", exact: true }) })).toContainText("Sold out");
});

test("on a phone, a cart bar stays at the bottom of the menu with the item count, and a line's note reaches the cart", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/products/humita");
  await page.getByLabel("Note for the kitchen").fill("no onions, please");
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByText("Note: no onions, please")).toBeVisible();
  await page.goto("/");
  const bar = page.getByRole("link", { name: /^View cart · \d+ items?$/ });
  await expect(bar).toBeInViewport();
  await page.mouse.wheel(0, 3000);
  await expect(bar).toBeInViewport();
  await bar.click();
  await expect(page).toHaveURL(/\/cart$/);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await expect(page.getByRole("link", { name: /^View cart/ })).toBeHidden();
});
