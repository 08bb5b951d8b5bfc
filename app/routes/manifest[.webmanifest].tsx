// GET /manifest.webmanifest: the storefront as an installable app (fulfillment/web-app.ts).
import { shopName } from "~/fulfillment/shop.server";
import { webAppManifest } from "~/fulfillment/web-app";

export async function loader() {
  return new Response(JSON.stringify(webAppManifest(await shopName())), {
    headers: { "Content-Type": "application/manifest+json", "Cache-Control": "public, max-age=300" },
  });
}
