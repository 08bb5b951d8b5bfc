// Photos and the shop's look over HTTP from the built app, as a browser without JavaScript sends
// them: a photo uploaded in the menu editor is resized (WebP and JPEG, 320/640/1280) and kept in
// Postgres, the menu shows it with a srcset, the image route serves it for a year; a file that is
// not an image, or too big, is refused on the form and changes nothing. Branding colours are
// checked (hex, contrast); the menu carries the shop's description, Open Graph tags and JSON-LD.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../app/accounts/password.server";
import { ImageRefusal, resizeImage } from "../../../app/catalog/image-resize.server";
import { seedDemoShop } from "../../../db/seed/demo";
import { send, startAppProcess, type AppProcess } from "../../support/app-process";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let app: AppProcess;
let cookie: string;
let productId: number;
let productSlug: string;
let associationFile: string;

const photo = (width: number, height: number, format: "jpeg" | "png" = "jpeg") =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#fff"/></svg>`) }])
    [format]()
    .toBuffer();

/** Posts a multipart form (fields and at most one file) the way a browser without JavaScript does. */
async function postMultipart(path: string, fields: Record<string, string>, file?: { field: string; name: string; type: string; bytes: Buffer }) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  if (file) body.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const response = await fetch(`${app.url}${path}`, { method: "POST", body, redirect: "manual", headers: { origin: app.url, cookie } });
  return { status: response.status, location: response.headers.get("location"), html: (await response.text()).replaceAll("<!-- -->", "") };
}

async function page(path: string) {
  const answer = await send(`${app.url}${path}`, { headers: { cookie } });
  return { status: answer.status, headers: answer.headers, html: (answer.body ?? "").replaceAll("<!-- -->", "") };
}

const imageCount = async () => (await database.sql<{ n: number }[]>`select count(*)::int as n from images`)[0].n;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  await database.sql`insert into admin_users (email, password_hash, role) values ('owner@masa.example', ${await hashPassword("correct-horse-battery")}, 'owner')`;
  [{ id: productId, slug: productSlug }] = await database.sql<{ id: number; slug: string }[]>`
    select p.id::int, p.slug from products p join categories c on c.id = p.category_id where p.is_active order by c.sort_order, p.sort_order offset 3 limit 1`; // below the fold: lazy
  associationFile = path.join(mkdtempSync(path.join(os.tmpdir(), "larder-apple-pay-")), "association");
  writeFileSync(associationFile, "7B2270737049...from Square's dashboard");
  app = await startAppProcess({ DATABASE_URL: database.url, LOG_LEVEL: "silent", APPLE_PAY_DOMAIN_ASSOCIATION_FILE: associationFile });
  const signIn = await send(`${app.url}/admin/login`, {
    method: "POST",
    body: new URLSearchParams({ email: "owner@masa.example", password: "correct-horse-battery" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
  });
  expect(signIn.status).toBe(302);
  cookie = String(signIn.headers?.["set-cookie"]?.[0]).split(";")[0];
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe("resizing a photo", () => {
  it("makes WebP and JPEG copies 320, 640 and 1280 px wide that keep the aspect ratio", async () => {
    const resized = await resizeImage(await photo(2000, 1500));
    expect(resized).toMatchObject({ width: 2000, height: 1500 });
    expect(resized.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(resized.variants.map((v) => `${v.format} ${v.width}x${v.height}`)).toEqual([
      "webp 320x240", "jpeg 320x240", "webp 640x480", "jpeg 640x480", "webp 1280x960", "jpeg 1280x960",
    ]);
    for (const variant of resized.variants) {
      const metadata = await sharp(variant.bytes).metadata();
      expect(metadata.format).toBe(variant.format);
      expect(metadata.width).toBe(variant.width);
    }
  });

  it("never enlarges a small photo: a 500 px PNG gets 320 and 500", async () => {
    const resized = await resizeImage(await photo(500, 400, "png"));
    expect([...new Set(resized.variants.map((v) => v.width))]).toEqual([320, 500]);
  });

  it("refuses a file that is not an image, an empty one and one over 5 MB, saying which", async () => {
    await expect(resizeImage(new TextEncoder().encode("just some text, not a photo"))).rejects.toThrow(
      new ImageRefusal("That file is not a photo we can read. Upload a JPEG, PNG, WebP or AVIF image."));
    await expect(resizeImage(new Uint8Array())).rejects.toThrow("Choose a photo to upload.");
    await expect(resizeImage(new Uint8Array(5 * 1024 * 1024 + 1))).rejects.toThrow(/^That file is 5\.0 MB; photos can be at most 5 MB/);
    await expect(resizeImage(await photo(2000, 400))).rejects.toThrow(/too long and thin/);
  });
});

describe("a product photo from the menu editor", () => {
  it("uploads a photo that the menu, the product page and the image route then show", async () => {
    const bytes = await photo(1600, 1200);
    const saved = await postMultipart(`/admin/menu/products/${productId}`, { intent: "photo" }, { field: "photo", name: "empanada.jpg", type: "image/jpeg", bytes });
    expect(saved).toMatchObject({ status: 303, location: `/admin/menu/products/${productId}` });
    const [{ sha256, widths }] = await database.sql<{ sha256: string; widths: number[] }[]>`
      select i.sha256, array_agg(v.width order by v.width) filter (where v.format = 'webp') as widths
        from products p join images i on i.id = p.image_id join image_variants v on v.image_id = i.id
       where p.id = ${productId} group by i.sha256`;
    expect(widths).toEqual([320, 640, 1280]);

    const menu = await page("/");
    expect(menu.html).toContain(`srcSet="/images/${sha256}-320.webp 320w, /images/${sha256}-640.webp 640w, /images/${sha256}-1280.webp 1280w"`);
    // Below the first two products a photo loads lazily; products without one get the drawn placeholder.
    expect(menu.html).toMatch(new RegExp(`<img class="product-image " src="/images/${sha256}-640.jpg" srcSet="[^"]+" sizes="[^"]+" alt="" width="640" height="480" loading="lazy"`));
    expect(menu.html).toContain('class="product-image placeholder "');
    // The product page's photo is at the top: loaded at once.
    const product = await page(`/products/${productSlug}`);
    expect(product.html).toContain(`/images/${sha256}-1280.webp 1280w`);
    expect(product.html).toMatch(new RegExp(`src="/images/${sha256}-640.jpg"[^>]+loading="eager"`));

    const image = await fetch(`${app.url}/images/${sha256}-640.webp`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/webp");
    expect(image.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).toBe(640);
    expect((await fetch(`${app.url}/images/${sha256}-641.webp`)).status).toBe(404);
    expect((await fetch(`${app.url}/images/not-a-hash.webp`)).status).toBe(404);
  });

  it("refuses a file that is not an image, and one over 5 MB, on the form, changing nothing", async () => {
    const [before] = await database.sql`select image_id from products where id = ${productId}`;
    const images = await imageCount();
    const text = await postMultipart(`/admin/menu/products/${productId}`, { intent: "photo" },
      { field: "photo", name: "menu.txt", type: "text/plain", bytes: Buffer.from("not a photo") });
    expect(text.status).toBe(422);
    expect(text.html).toContain("That file is not a photo we can read. Upload a JPEG, PNG, WebP or AVIF image.");
    const big = await postMultipart(`/admin/menu/products/${productId}`, { intent: "photo" },
      { field: "photo", name: "huge.jpg", type: "image/jpeg", bytes: Buffer.alloc(5.5 * 1024 * 1024, 7) });
    expect(big.status).toBe(422);
    expect(big.html).toContain("That file is 5.5 MB; photos can be at most 5 MB.");
    const none = await postMultipart(`/admin/menu/products/${productId}`, { intent: "photo" });
    expect(none.status).toBe(422);
    expect(none.html).toContain("Choose a photo to upload.");
    const [after] = await database.sql`select image_id from products where id = ${productId}`;
    expect(after).toEqual(before);
    expect(await imageCount()).toBe(images);
  });

  it("removes the photo when asked: the menu falls back to the placeholder", async () => {
    const removed = await postMultipart(`/admin/menu/products/${productId}`, { intent: "photo", removePhoto: "on" });
    expect(removed.status).toBe(303);
    const [row] = await database.sql`select image_id from products where id = ${productId}`;
    expect(row.image_id).toBeNull();
  });
});

describe("branding", () => {
  const fields = { name: "Masa & Co. Empanadas", heroLine: "Hot from the oven at 8.", description: "Empanadas in Springfield, IL.", brandColor: "#8a3b12", backgroundColor: "#fdf3e7" };

  it("refuses a colour that is not hex, or too light for white text, on its field, changing nothing", async () => {
    const [before] = await database.sql`select * from shop_branding`;
    const notHex = await postMultipart("/admin/branding", { ...fields, brandColor: "orange" });
    expect(notHex.status).toBe(422);
    expect(notHex.html).toContain("Enter the brand colour as a hex colour: # and six digits 0–9 or a–f, such as #8a3b12.");
    const light = await postMultipart("/admin/branding", { ...fields, brandColor: "#f5c542" });
    expect(light.status).toBe(422);
    expect(light.html).toMatch(/White text on this brand colour is hard to read \(contrast 1\.\d:1, at least 4\.5:1 is needed\)/);
    const dark = await postMultipart("/admin/branding", { ...fields, backgroundColor: "#333333" });
    expect(dark.status).toBe(422);
    expect(dark.html).toContain("Choose a lighter background.");
    const notLogo = await postMultipart("/admin/branding", fields, { field: "logo", name: "logo.txt", type: "text/plain", bytes: Buffer.from("nope") });
    expect(notLogo.status).toBe(422);
    expect(notLogo.html).toContain("That file is not a photo we can read.");
    expect((await database.sql`select * from shop_branding`)[0]).toEqual(before);
  });

  it("saves the look: the menu shows the hero line, the colours, the logo and the description in its meta tags", async () => {
    // The storefront keeps a copy of the look (storefrontBranding): the owner's save must replace it at once.
    expect((await page("/")).html).toContain('style="--accent:#8a3b12;--paper:#fdf3e7"');
    const saved = await postMultipart("/admin/branding", { ...fields, brandColor: "#1D4E3A" },
      { field: "logo", name: "logo.png", type: "image/png", bytes: await photo(400, 200, "png") });
    expect(saved).toMatchObject({ status: 303, location: "/admin/branding" });
    const menu = await page("/");
    expect(menu.html).toContain("<title>Menu — Masa &amp; Co. Empanadas</title>");
    expect(menu.html).toContain('<p class="hero-line">Hot from the oven at 8.</p>');
    expect(menu.html).toContain('style="--accent:#1d4e3a;--paper:#fdf3e7"');
    expect(menu.html).toMatch(/<img src="\/images\/[0-9a-f]{64}-320\.webp" alt="" height="40" width="80" class="logo"/);
    expect(menu.html).toContain('<meta name="description" content="Empanadas in Springfield, IL."/>');
    expect(menu.html).toContain('<meta property="og:description" content="Empanadas in Springfield, IL."/>');
    expect(menu.html).not.toContain("Order empanadas for pickup.");
    const [audit] = await database.sql`select action, after from audit_log where action = 'shop.branding' order by id desc limit 1`;
    expect(audit.after).toMatchObject({ hero_line: "Hot from the oven at 8.", brand_color: "#1d4e3a" });
  });
});

describe("findability", () => {
  it("puts the business, its hours and the menu's offers in JSON-LD carrying the request's nonce", async () => {
    const menu = await page("/");
    const csp = String(menu.headers?.["content-security-policy"]);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const match = /<script type="application\/ld\+json" nonce="([^"]*)">(.*?)<\/script>/s.exec(menu.html);
    expect(match?.[1]).toBe(nonce);
    const data = JSON.parse(match![2]);
    expect(data).toMatchObject({
      "@type": "FoodEstablishment",
      name: "Masa & Co. Empanadas",
      address: { streetAddress: "412 Main Street, Springfield, IL 62701" },
      telephone: "(555) 013-4420",
    });
    expect(data.openingHoursSpecification).toContainEqual({ "@type": "OpeningHoursSpecification", dayOfWeek: "https://schema.org/Monday", opens: "08:00", closes: "20:00" });
    const items = data.hasMenu.hasMenuSection.flatMap((section: { hasMenuItem: unknown[] }) => section.hasMenuItem);
    expect(items).toContainEqual(expect.objectContaining({
      "@type": "MenuItem", url: `${app.url}/products/${productSlug}`, offers: expect.objectContaining({ "@type": "Offer", priceCurrency: "USD" }),
    }));
    expect(items.some((item: { offers: { availability: string } }) => item.offers.availability === "https://schema.org/SoldOut")).toBe(true);
  });

  it("serves a sitemap of the menu and products, and a robots.txt that keeps crawlers out of admin and order pages", async () => {
    const sitemap = await page("/sitemap.xml");
    expect(sitemap.status).toBe(200);
    expect(sitemap.headers?.["content-type"]).toBe("application/xml; charset=utf-8");
    expect(sitemap.html).toContain(`<loc>${app.url}/</loc>`);
    expect(sitemap.html).toContain(`<loc>${app.url}/products/${productSlug}</loc>`);
    expect(sitemap.html).not.toMatch(/admin|orders|checkout|cart/);
    const robots = await page("/robots.txt");
    expect(robots.status).toBe(200);
    expect(robots.html).toContain("Disallow: /admin\n");
    expect(robots.html).toContain("Disallow: /orders/\n");
    expect(robots.html).toContain("Disallow: /account\n");
    // An empty cart and checkout hold no one's data: crawlable, so Lighthouse's SEO audit passes.
    expect(robots.html).not.toMatch(/Disallow: \/(cart|checkout)/);
    expect(robots.html).toContain(`Sitemap: ${app.url}/sitemap.xml`);
  });

  it("serves Square's Apple Pay domain association file where Apple looks for it", async () => {
    const association = await page("/.well-known/apple-developer-merchantid-domain-association");
    expect(association.status).toBe(200);
    expect(association.html).toBe("7B2270737049...from Square's dashboard");
    rmSync(associationFile);
    expect((await page("/.well-known/apple-developer-merchantid-domain-association")).status).toBe(404);
  });

  it("shows the real shop and cart on the 404 page, and page titles carry the shop's name", async () => {
    const missing = await send(`${app.url}/no-such-page`);
    expect(missing.status).toBe(404);
    const html = (missing.body ?? "").replaceAll("<!-- -->", "");
    expect(html).toContain("<title>Page not found — Masa &amp; Co. Empanadas</title>");
    expect(html).toMatch(/class="brand"[^>]*>(<img [^>]+>)?Masa &amp; Co\. Empanadas<\/a>/);
    expect(html).toContain(">Cart (0)</a>");
    const product = await page(`/products/${productSlug}`);
    expect(product.html).toMatch(/<title>[^<]+ — Masa &amp; Co\. Empanadas<\/title>/);
  });

  it("shows a sold-out product's button disabled, saying Sold out", async () => {
    const soldOut = await page("/products/spicy-chorizo");
    expect(soldOut.html).toContain('<button type="submit" disabled="" class="sold-out-button">Sold out</button>');
    expect(soldOut.html).not.toContain(">Add to cart<");
  });
});
