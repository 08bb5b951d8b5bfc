// Server rendering: streams HTML, waiting for the whole page for bots.
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { isDatabaseBusy } from "~/lib/db.server";
import { reportError } from "~/lib/error-tracking.server";
import { logger } from "~/lib/logger.server";
import { NonceProvider } from "~/lib/nonce";
import { plainPage } from "~/ops/refusal-pages.server";

// Requests whose loader or action found the database too busy (handleError sees the real error;
// the page only a sanitized one): they get a 503 page that says to try again, not a 500.
const databaseBusy = new WeakSet<Request>();

function busyAnswer(headers: Headers): Response {
  headers.set("Content-Type", "text/html; charset=utf-8");
  headers.set("Retry-After", "5");
  headers.set("Cache-Control", "no-store");
  const page = plainPage("Larder", "We are very busy right now", [
    "The shop could not get to its records in time, so nothing was changed.",
    "Please wait a few seconds and try again.",
  ], { href: "/", label: "Back to the menu" });
  return new Response(page, { status: 503, headers });
}

export function handleDataRequest(response: Response, { request }: { request: Request }) {
  if (!databaseBusy.has(request)) return response;
  return new Response(JSON.stringify({ message: "The shop is very busy right now; nothing was changed. Try again in a few seconds." }), {
    status: 503,
    headers: { "Content-Type": "application/json", "Retry-After": "5", "Cache-Control": "no-store" },
  });
}

// Deferred data must settle within this; rendering is aborted a second later.
export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  if (databaseBusy.has(request)) return busyAnswer(responseHeaders);
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Cleared when the page has been streamed: a timer left to fire would keep the render, its
    // loader data and the request alive six seconds after every answer.
    let abortTimer: ReturnType<typeof setTimeout> | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={loadContext.cspNonce}>
        <RemixServer context={remixContext} url={request.url} nonce={loadContext.cspNonce} />
      </NonceProvider>,
      {
        nonce: loadContext.cspNonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          body.once("close", () => clearTimeout(abortTimer));
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error, requestId: loadContext.requestId }, "render failed");
        },
      },
    );
    abortTimer = setTimeout(abort, streamTimeout + 1_000);
  });
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  if (isDatabaseBusy(error)) {
    databaseBusy.add(request);
    logger.warn({ err: error, requestId: context.requestId, url: request.url }, "database busy: answered 503");
    return;
  }
  logger.error({ err: error, requestId: context.requestId, url: request.url }, "request failed");
  reportError(error, { requestId: context.requestId });
}
