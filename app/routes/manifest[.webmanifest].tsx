// GET /manifest.webmanifest: the storefront as an installable app (fulfillment/web-app.ts), in the
// shop's own name and colours (its branding settings).
import { storefrontBranding } from "~/fulfillment/branding.server";
import { webAppManifest } from "~/fulfillment/web-app";

export async function loader() {
  const branding = await storefrontBranding();
  return new Response(JSON.stringify(webAppManifest(branding.name, { theme: branding.brandColor, background: branding.backgroundColor })), {
    headers: { "Content-Type": "application/manifest+json", "Cache-Control": "public, max-age=300" },
  });
}
