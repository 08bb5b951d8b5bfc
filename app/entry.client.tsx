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

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});

// The service worker (public/sw.js): the offline page and the cached shell. Pages work without it.
// Registered once the page has loaded (this module is imported late, often after the load event).
function registerServiceWorker() {
  navigator.serviceWorker.register("/sw.js").catch((error: unknown) => console.warn("service worker not registered", error));
}
if ("serviceWorker" in navigator && window.isSecureContext) {
  if (document.readyState === "complete") registerServiceWorker();
  else window.addEventListener("load", registerServiceWorker, { once: true });
}
