// Browser errors to Sentry, loaded by entry.client.tsx only when the page names a DSN (so the
// menu's JavaScript does not carry the SDK otherwise). Errors only: uncaught errors and rejections,
// no tracing, no breadcrumbs, no user. What leaves holds no personal data: no emails or phone
// numbers, no query strings, no order-page tokens; the server's request id is a tag.
import type { ErrorEvent } from "@sentry/browser";
import { scrubDeep, scrubUrl } from "./scrub-text";

export interface BrowserErrorTracking {
  dsn: string;
  environment?: string;
  requestId?: string;
}

/** beforeSend: the event as it may leave the browser. */
export function scrubBrowserEvent(event: ErrorEvent): ErrorEvent {
  delete event.user;
  delete event.extra;
  event.breadcrumbs = [];
  const url = event.request?.url ? scrubUrl(event.request.url) : undefined;
  delete event.request;
  const tags = event.tags;
  return { ...(scrubDeep(event) as ErrorEvent), tags, ...(url ? { request: { url } } : {}) };
}

export async function startBrowserErrorTracking(config: BrowserErrorTracking): Promise<void> {
  const Sentry = await import("@sentry/browser");
  Sentry.init({
    dsn: config.dsn,
    environment: config.environment,
    defaultIntegrations: false,
    // httpContext names the page (its address scrubbed below); no breadcrumbs, no tracing.
    integrations: [Sentry.globalHandlersIntegration(), Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration(), Sentry.httpContextIntegration()],
    beforeBreadcrumb: () => null,
    beforeSend: (event) => scrubBrowserEvent(event),
    initialScope: config.requestId ? { tags: { request_id: config.requestId } } : undefined,
  });
}
