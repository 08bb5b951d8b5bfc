import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// Browser errors go to Sentry only when the page names a DSN (root.tsx, SENTRY_BROWSER_DSN); the
// SDK is its own chunk, fetched only then.
const { sentryDsn, sentryEnvironment, requestId } = document.documentElement.dataset;
if (sentryDsn) {
  import("./lib/browser-error-tracking.client")
    .then(({ startBrowserErrorTracking }) => startBrowserErrorTracking({ dsn: sentryDsn, environment: sentryEnvironment, requestId }))
    .catch((error: unknown) => console.warn("error tracking not started", error));
}

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}
// The server's HTML is painted first, then hydrated: the frame's callback runs just before the
// browser paints, and the timeout after it. Without this a phone could run the hydration before its
// first paint, in one long task (Lighthouse mobile, checkout: total blocking time 170 ms before,
// 65 ms after). A hidden tab gets no frames, so it hydrates straight away.
if (document.visibilityState === "visible") requestAnimationFrame(() => setTimeout(hydrate, 0));
else hydrate();

// The service worker (public/sw.js): the offline page and the cached shell. Pages work without it.
// Registered once the page has loaded (this module is imported late, often after the load event).
function registerServiceWorker() {
  navigator.serviceWorker.register("/sw.js").catch((error: unknown) => console.warn("service worker not registered", error));
}
if ("serviceWorker" in navigator && window.isSecureContext) {
  if (document.readyState === "complete") registerServiceWorker();
  else window.addEventListener("load", registerServiceWorker, { once: true });
}
