// Optional error tracking: with SENTRY_DSN, server errors (a request's, a job's) go to Sentry with
// the request id as a tag, scrubbed of personal data before they leave (no emails, phone numbers,
// cookies, authorization headers, request bodies, query strings or user; names and addresses only
// ever travel in those). Without it, nothing is loaded or sent.
import type { ErrorEvent } from "@sentry/node";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { scrubDeep } from "./scrub-text";

type SentryModule = typeof import("@sentry/node");

declare global {
  // One client per process, whichever copy of this module (server.ts, the Remix build) starts it.
  var __larderSentry: Promise<SentryModule | null> | undefined;
}

export { scrubText } from "./scrub-text";

/** beforeSend: what leaves the process holds no personal data. */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  delete event.user;
  if (event.request) {
    const url = event.request.url ? event.request.url.split("?")[0] : undefined;
    event.request = { url, method: event.request.method };
  }
  delete event.extra;
  if (event.breadcrumbs) event.breadcrumbs = [];
  if (event.contexts) event.contexts = { runtime: event.contexts.runtime, os: event.contexts.os };
  // Tags are ours (request id, task, job id): kept as they are.
  const tags = event.tags;
  return { ...(scrubDeep(event) as ErrorEvent), tags };
}

function start(): Promise<SentryModule | null> {
  if (!env.SENTRY_DSN) return Promise.resolve(null);
  return import("@sentry/node").then((Sentry) => {
    Sentry.init({
      dsn: env.SENTRY_DSN,
      environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV,
      // Errors only: no tracing, no automatic instrumentation of http or the database.
      defaultIntegrations: false,
      integrations: [],
      tracesSampleRate: 0,
      beforeSend: (event) => scrubEvent(event),
      beforeBreadcrumb: () => null,
    });
    logger.info("error tracking on (Sentry)");
    return Sentry;
  });
}

export function startErrorTracking(): Promise<SentryModule | null> {
  return (globalThis.__larderSentry ??= start());
}

/** Reports a server error (no-op without SENTRY_DSN); never throws. */
export function reportError(error: unknown, tags: { requestId?: string; task?: string; jobId?: string }) {
  if (!env.SENTRY_DSN) return;
  void startErrorTracking()
    .then((Sentry) => {
      Sentry?.withScope((scope) => {
        if (tags.requestId) scope.setTag("request_id", tags.requestId);
        if (tags.task) scope.setTag("task", tags.task);
        if (tags.jobId) scope.setTag("job_id", tags.jobId);
        Sentry.captureException(error);
      });
    })
    .catch((failure: unknown) => logger.warn({ err: failure }, "could not report the error to Sentry"));
}
