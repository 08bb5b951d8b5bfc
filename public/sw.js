// The storefront's service worker (registered from app/entry.client.tsx, so only with JavaScript
// on; docs/decisions/018-installable-storefront-service-worker.md). It keeps the shell (the offline
// page, the stylesheet, the icon) and the build's fingerprinted assets, and when the shop cannot be
// reached it answers a page navigation with the offline page, which shows the status of the order
// last opened on this device. It never stores a POST, the cart, checkout or any admin page: only
// GETs of the paths below are ever put in a cache, and admin pages are not even intercepted.
const VERSION = "v1";
const SHELL = `larder-shell-${VERSION}`;
const ASSETS = "larder-assets";
const LAST_ORDER = "larder-last-order";
const CACHES = [SHELL, ASSETS, LAST_ORDER];
const SHELL_FILES = ["/offline", "/styles.css", "/favicon.svg", "/manifest.webmanifest"];
const LAST_ORDER_KEY = "/offline/last-order.json";
const SLOT = /<!--last-order-->[\s\S]*?<!--\/last-order-->/;
const MAX_ASSETS = 80;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("larder-") && !CACHES.includes(name)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

function isAdmin(path) {
  return path === "/admin" || path.startsWith("/admin/");
}

// The order page tells the worker what it shows (app/components/KeepOrderForOffline.tsx): with
// JavaScript on, Remix loads it by data request, so there is no page response here to read.
self.addEventListener("message", (event) => {
  const order = event.data;
  if (!order || order.type !== "order-viewed") return;
  if (typeof order.url !== "string" || !/^\/orders\/[A-Za-z0-9_-]{1,200}$/.test(order.url)) return;
  if (!Number.isInteger(order.number) || order.number < 1) return;
  if (typeof order.status !== "string" || order.status.length === 0 || order.status.length > 200) return;
  const saved = { url: order.url, number: order.number, status: order.status, savedAt: new Date().toISOString() };
  event.waitUntil(
    caches.open(LAST_ORDER).then((cache) =>
      cache.put(LAST_ORDER_KEY, new Response(JSON.stringify(saved), { headers: { "Content-Type": "application/json" } })),
    ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isAdmin(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (url.pathname.startsWith("/build/")) {
    event.respondWith(fingerprinted(request));
  } else if (SHELL_FILES.includes(url.pathname) && url.search === "") {
    event.respondWith(shellFile(request));
  }
});

// Pages always come from the shop; only when it cannot be reached does the offline page stand in.
async function navigate(request) {
  try {
    return await fetch(request);
  } catch {
    return offlineAnswer();
  }
}

async function offlineAnswer() {
  const page = await caches.match("/offline", { cacheName: SHELL });
  const html = page ? await page.text() : "<!doctype html><title>You are offline</title><h1>You are offline</h1><p>This page needs a connection to the shop.</p>";
  const saved = await caches.match(LAST_ORDER_KEY, { cacheName: LAST_ORDER });
  const order = saved ? await saved.json().catch(() => null) : null;
  return new Response(order ? html.replace(SLOT, lastOrderSection(order)) : html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function lastOrderSection(order) {
  const when = new Date(order.savedAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  return (
    `<section class="panel" id="last-order"><h2>Your order</h2>` +
    `<p><a href="${escapeHtml(order.url)}">Order #${escapeHtml(order.number)}</a>: <strong>${escapeHtml(order.status)}</strong></p>` +
    `<p class="muted">As it stood when you last had it open on this device (${escapeHtml(when)}). Open it again when you are back online for the latest.</p>` +
    `</section>`
  );
}

// /build/* names carry a content hash: a stored copy is the right one for ever.
async function fingerprinted(request) {
  const cache = await caches.open(ASSETS);
  const stored = await cache.match(request);
  if (stored) return stored;
  const answer = await fetch(request);
  if (answer.ok && answer.type === "basic") {
    await cache.put(request, answer.clone());
    const keys = await cache.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_ASSETS)).map((key) => cache.delete(key)));
  }
  return answer;
}

// The shell's unfingerprinted files: fresh from the shop when it answers, the stored copy when not.
async function shellFile(request) {
  const cache = await caches.open(SHELL);
  try {
    const answer = await fetch(request);
    if (answer.ok && answer.type === "basic") await cache.put(request, answer.clone());
    return answer;
  } catch (error) {
    const stored = await cache.match(request);
    if (stored) return stored;
    throw error;
  }
}
