// The installable storefront's pieces: the manifest, the icons it names (drawn with sharp), the
// offline page and the slot public/sw.js writes the last viewed order into.
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { appIconPng } from "~/fulfillment/app-icons.server";
import { APP_ICONS, LAST_ORDER_SLOT, appIconUrl, findAppIcon, offlinePage, shortName, webAppManifest } from "~/fulfillment/web-app";
import { loader as iconLoader } from "~/routes/app-icon[.png]";

const serviceWorker = readFileSync(path.resolve(import.meta.dirname, "../../../public/sw.js"), "utf8");

describe("web app manifest", () => {
  it("installs the shop under its own name, standalone from the menu, with every icon", () => {
    const manifest = webAppManifest("Masa & Co. Empanadas");
    expect(manifest).toMatchObject({ name: "Masa & Co. Empanadas", short_name: "Masa", start_url: "/", scope: "/", display: "standalone" });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual(["any any", "192x192 any", "512x512 any", "192x192 maskable", "512x512 maskable"]);
  });

  it("shortens a long name for the home screen, keeping a short one whole", () => {
    expect(shortName("  Tacos Lupe ")).toBe("Tacos Lupe");
    expect(shortName("Masa & Co. Empanadas")).toBe("Masa");
    expect(shortName("Panaderia, Rosa y Hijos")).toBe("Panaderia");
    expect(shortName("Supercalifragilistic Bakes")).toBe("Supercalifr…");
  });

  it("finds only the icons it names", () => {
    for (const icon of APP_ICONS) expect(findAppIcon(new URL(appIconUrl(icon), "http://shop").searchParams)).toEqual(icon);
    for (const query of ["", "size=64", "size=0192", "size=192.0", "size=192&purpose=monochrome", "size=512&purpose="]) {
      expect(findAppIcon(new URLSearchParams(query)), query).toBeNull();
    }
  });
});

describe("app icons", () => {
  it("draws each as an opaque PNG of its size", async () => {
    for (const icon of APP_ICONS) {
      const meta = await sharp(await appIconPng(icon)).metadata();
      expect([meta.format, meta.width, meta.height], `${icon.size} ${icon.purpose}`).toEqual(["png", icon.size, icon.size]);
    }
  });

  it("keeps a maskable icon's mark inside the launcher's safe zone: its corners are plain paper", async () => {
    const { data, info } = await sharp(await appIconPng({ size: 192, purpose: "maskable" })).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const paper = at(0, 0);
    expect(paper).toEqual([0xff, 0xfa, 0xf2]);
    // The edge of the central 60 % circle's bounding square (20 % in from each side) is still paper.
    expect(at(Math.round(192 * 0.19), Math.round(192 * 0.5))).toEqual(paper);
    // The mark itself is drawn: the middle of its dome is the mark's orange (#d98e2f), not paper.
    expect(at(96, 86)).toEqual([0xd9, 0x8e, 0x2f]);
  });

  it("answers the route with the PNG, and a 404 naming the sizes for anything else", async () => {
    const found = await iconLoader({ request: new Request("http://shop/app-icon.png?size=512&purpose=maskable"), params: {}, context: { requestId: "icon-test", clientIp: null } });
    expect(found.status).toBe(200);
    expect(found.headers.get("content-type")).toBe("image/png");
    const missing = await iconLoader({ request: new Request("http://shop/app-icon.png?size=1024"), params: {}, context: { requestId: "icon-test", clientIp: null } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/192 and 512/);
  });
});

describe("offline page", () => {
  it("escapes the shop's name, has no script, and carries the slot the service worker fills", () => {
    const page = offlinePage(`Tia <b>"Rosa"</b>`);
    expect(page).toContain("Tia &#60;b&#62;&#34;Rosa&#34;&#60;/b&#62;");
    expect(page).not.toMatch(/<script|\son\w+=/i);
    const slot = page.indexOf(LAST_ORDER_SLOT.start);
    expect(slot).toBeGreaterThan(0);
    expect(page.indexOf(LAST_ORDER_SLOT.end)).toBeGreaterThan(slot);
    // public/sw.js replaces exactly this span.
    expect(serviceWorker).toContain(String.raw`const SLOT = /<!--last-order-->[\s\S]*?<!--\/last-order-->/;`);
    expect(`${LAST_ORDER_SLOT.start}x${LAST_ORDER_SLOT.end}`).toBe("<!--last-order-->x<!--/last-order-->");
  });

  it("is kept by the service worker, which stores only GETs and never the cart, checkout or admin", () => {
    expect(serviceWorker).toMatch(/const SHELL_FILES = \["\/offline", /);
    expect(serviceWorker).toContain(`if (request.method !== "GET") return;`);
    expect(serviceWorker).toContain("isAdmin(url.pathname)) return;");
  });
});
