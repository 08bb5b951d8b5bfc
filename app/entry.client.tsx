import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

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
