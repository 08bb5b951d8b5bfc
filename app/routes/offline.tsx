// GET /offline: the page the service worker keeps and shows when the shop cannot be reached.
import { shopName } from "~/fulfillment/shop.server";
import { offlinePage } from "~/fulfillment/web-app";

export async function loader() {
  return new Response(offlinePage(await shopName()), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" },
  });
}
