// The small HTML pages Express answers with itself, before Remix: in the shop's frame, no scripts.
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function plainPage(shopName: string, title: string, paragraphs: string[], link?: { href: string; label: string }): string {
  const body = paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join("\n");
  const back = link ? `\n<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : "";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${escapeHtml(shopName)}</title><link rel="stylesheet" href="/styles.css"></head>
<body><header class="site-header"><span class="brand">${escapeHtml(shopName)}</span></header>
<main><section class="panel"><h1>${escapeHtml(title)}</h1>
${body}${back}</section></main></body></html>`;
}

/** The answer to a form posted from another site (server.ts's same-origin check). */
export function crossSitePage(shopName: string, shopUrl: string): string {
  return plainPage(
    shopName,
    "This form came from another site",
    [
      "For your safety we only accept forms sent from this shop's own pages, and this one was not, so nothing was changed.",
      "If you were using the shop, go back to it, reload the page and try again.",
    ],
    { href: `${shopUrl}/`, label: `Go to ${shopName}` },
  );
}

declare global {
  // The shop's name as this process last read it for the storefront (branding.server.ts).
  var __larderShopName: string | undefined;
}

/**
 * The answer when the process is at its in-flight cap (ops/load-shedding.server.ts): no database
 * read, so the shop's name is the one the storefront last showed ("Larder" before any page did).
 */
export function busyPage(retryAfterSeconds: number, shopName = globalThis.__larderShopName ?? "Larder"): string {
  return plainPage(shopName, "We're very busy right now", [
    `So many people are ordering at once that we could not take your request. Please try again in ${retryAfterSeconds} seconds: nothing was changed.`,
  ], { href: "/", label: "Back to the menu" });
}
