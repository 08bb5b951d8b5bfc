// What makes the storefront installable: its web app manifest and the icons it names. Pure, so the
// manifest route and the icon route agree on one list (the shop's name comes from its settings).

/** The storefront's colours, as public/styles.css paints the frame: the header's ink, the paper. */
export const APP_COLOURS = { theme: "#1f1a14", background: "#fffaf2" } as const;

export type IconPurpose = "any" | "maskable";

export interface AppIcon {
  size: number;
  purpose: IconPurpose;
}

/** PNG icons drawn from the shop's mark: what Chrome and Android want to install (192 and 512, maskable). */
export const APP_ICONS: readonly AppIcon[] = [
  { size: 192, purpose: "any" },
  { size: 512, purpose: "any" },
  { size: 192, purpose: "maskable" },
  { size: 512, purpose: "maskable" },
];

export function appIconUrl(icon: AppIcon): string {
  return `/app-icon.png?size=${icon.size}${icon.purpose === "maskable" ? "&purpose=maskable" : ""}`;
}

/** The icon a query asks for, when it is one of APP_ICONS; anything else is not an icon of ours. */
export function findAppIcon(query: URLSearchParams): AppIcon | null {
  const size = Number(query.get("size"));
  const purpose = query.get("purpose") ?? "any";
  return APP_ICONS.find((icon) => icon.size === size && icon.purpose === purpose && String(size) === query.get("size")) ?? null;
}

/** Home-screen labels have room for about 12 characters: a longer name gives its first word. */
export function shortName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length <= 12) return trimmed;
  const first = trimmed.split(/\s+/)[0].replace(/[^\p{L}\p{N}]+$/u, "");
  return first.length > 0 && first.length <= 12 ? first : `${trimmed.slice(0, 11)}…`;
}

/** The manifest; `colours` are the shop's own (its branding settings) when it has chosen them. */
export function webAppManifest(shopName: string, colours: { theme: string; background: string } = APP_COLOURS) {
  return {
    id: "/",
    name: shopName,
    short_name: shortName(shopName),
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: colours.theme,
    background_color: colours.background,
    icons: [
      { src: "/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      ...APP_ICONS.map((icon) => ({ src: appIconUrl(icon), sizes: `${icon.size}x${icon.size}`, type: "image/png", purpose: icon.purpose })),
    ],
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Where public/sw.js writes the last viewed order's status into the offline page. */
export const LAST_ORDER_SLOT = { start: "<!--last-order-->", end: "<!--/last-order-->" } as const;

/**
 * The page the service worker answers a navigation with when the shop cannot be reached: no
 * scripts, the frame's own stylesheet, and a slot the worker fills with the last order viewed here.
 * It is served at the address the customer asked for, so "Try again" (an empty href) reloads that.
 */
export function offlinePage(shopName: string): string {
  const name = escapeHtml(shopName);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>You are offline — ${name}</title>
<link rel="stylesheet" href="/styles.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body><header class="site-header"><a href="/" class="brand">${name}</a><nav aria-label="Main"><a href="/">Menu</a><a href="/cart">Cart</a></nav></header>
<main><section class="panel"><h1>You are offline</h1>
<p>This page needs a connection to ${name}, and this device cannot reach the shop right now.</p>
<p>Nothing is lost: your cart is kept by the shop, and an order you placed is still on its way. Ordering and paying need a connection.</p>
<p><a href="">Try again</a></p></section>
${LAST_ORDER_SLOT.start}<section class="panel" id="last-order"><h2>Your order</h2><p>When you open an order's page on this device, its status is kept here to read offline.</p></section>${LAST_ORDER_SLOT.end}
</main></body></html>`;
}
