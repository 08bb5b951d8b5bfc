// GET /sitemap.xml: the pages search engines may list — the menu and every product on it. The cart,
// checkout, order-status and admin pages are private or personal and are left out (robots.txt too).
import { getMenu } from "~/catalog/catalog.server";
import { env } from "~/lib/env.server";

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

export async function loader() {
  const categories = await getMenu();
  const urls = [`${env.publicUrl}/`, ...categories.flatMap((category) => category.products.map((product) => `${env.publicUrl}/products/${product.slug}`))];
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((url) => `  <url><loc>${escapeXml(url)}</loc></url>`).join("\n")}
</urlset>
`;
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
