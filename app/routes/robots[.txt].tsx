// GET /robots.txt: crawlers may read the menu and products, not the admin, the cart, checkout, accounts or
// anyone's order page; and where the sitemap is.
import { env } from "~/lib/env.server";

export function loader() {
  const body = ["User-agent: *", "Disallow: /admin", "Disallow: /orders/", "Disallow: /cart", "Disallow: /checkout", "Disallow: /account", "Allow: /", "", `Sitemap: ${env.publicUrl}/sitemap.xml`, ""].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
