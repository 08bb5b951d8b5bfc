// Tells the service worker (public/sw.js) which order this page shows and its status, so the
// offline page can show it when the shop cannot be reached. Renders nothing; without JavaScript
// (and so without a service worker) it does nothing.
import { useEffect } from "react";

export function KeepOrderForOffline({ url, number, status }: { url: string; number: number; status: string }) {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.active?.postMessage({ type: "order-viewed", url, number, status }))
      .catch(() => {});
  }, [url, number, status]);
  return null;
}
