// GET /robots.txt: crawlers may read the storefront, not the admin, accounts or anyone's order page;
// and where the sitemap is (the menu and products only). The cart and checkout stay crawlable: a
// crawler's cart is empty and holds no one's data, and a blocked page fails Lighthouse's SEO audit.
import { env } from "~/lib/env.server";

export function loader() {
  const body = ["User-agent: *", "Disallow: /admin", "Disallow: /orders/", "Disallow: /account", "Allow: /", "", `Sitemap: ${env.publicUrl}/sitemap.xml`, ""].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
