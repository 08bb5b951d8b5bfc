// Express in front of Remix, as @remix-run/express does it, with two differences that matter for a
// shop on the internet: the request body is counted as it streams in and cut at 1 MB (6 MB for the photo uploads) whatever the
// headers say (a chunked upload declares no length), and the request's URL is built from the shop's
// configured public URL, never from X-Forwarded-Host or another header a client can set.
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";
import type { IncomingMessage } from "node:http";
import { isCacheablePageRequest, pageBody, type CachedPage, type PageCache } from "~/catalog/page-cache.server";
import { metrics } from "./metrics.server";

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The forms that upload a photo or logo (up to 5 MB, images.server.ts) may send 6 MB, so a file
 * over the photo limit still reaches the form and is refused there with its size, not with a bare 413.
 */
export const UPLOAD_BODY_BYTES = 6 * 1024 * 1024;
const UPLOAD_PATHS = /^\/admin\/(?:branding|menu\/products\/\d{1,15})$/;

export function bodyLimitFor(path: string): number {
  return UPLOAD_PATHS.test(path) ? UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
}

class BodyTooLarge extends Error {}

/** The whole body, or BodyTooLarge as soon as more than `limit` bytes have arrived. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop buffering; the rest is read and dropped by refuseTooLarge.
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * How much of a refused body is read (and dropped) before the 413 is sent. Answering while the
 * sender is still sending, then closing, resets the connection under it (the browser shows
 * "connection reset", a client gets EPIPE) instead of the answer; so the answer waits for the
 * body's end, up to this much. Past it the 413 goes at once and the connection is cut.
 */
export const DRAIN_REFUSED_BYTES = 16 * 1024 * 1024;

export function refuseTooLarge(req: IncomingMessage, res: express.Response, limit = MAX_BODY_BYTES) {
  const answer = () => {
    stop();
    if (res.headersSent || res.destroyed) return;
    res.status(413).set({ Connection: "close", "Cache-Control": "no-store" }).type("text/plain")
      .send(`Request body too large (limit ${limit / 1024 / 1024} MB). Nothing was changed.`);
  };
  let drained = 0;
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_REFUSED_BYTES) answer();
  };
  const stop = () => {
    req.off("data", onData);
    req.off("end", answer);
    req.off("close", stop);
  };
  if (req.readableEnded) return answer();
  req.on("data", onData);
  req.on("end", answer);
  req.on("close", stop);
  req.resume();
}

/** Refuses bodies declared over the limit before anything reads them. */
export function limitDeclaredBodySize(req: express.Request, res: express.Response, next: express.NextFunction) {
  const limit = bodyLimitFor(req.path);
  if (Number(req.headers["content-length"] ?? 0) > limit) return refuseTooLarge(req, res, limit);
  next();
}

function requestHeaders(incoming: IncomingMessage["headers"]): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(key, one);
  }
  return headers;
}

/**
 * Writes a streamed body. Remix's own writeReadableStreamToWritable writes and flushes every chunk
 * React hands over (dozens for a page), and under compression each write is a zlib call of its own:
 * gzip took ~3 ms of a menu page's ~8 ms of CPU (issue 15), where one call on the whole page takes
 * 0.4 ms. Here the chunks that are ready are written as one: the first chunk of a burst schedules
 * one write (and flush) for after the I/O and timers already due, by which time the chunks React
 * had ready have been read; what arrives later is the next burst. So what is ready still goes out
 * at once when the stream pauses (a Suspense boundary, single fetch's data still streaming), at the
 * cost of one setImmediate per burst, not one (and a Promise.race) per chunk.
 */
export async function writeStreamedBody(stream: ReadableStream<Uint8Array>, res: express.Response) {
  const reader = stream.getReader();
  const flushable = res as { flush?: () => void };
  let ready: Uint8Array[] = [];
  let scheduled = false;
  const writeReady = () => {
    scheduled = false;
    if (ready.length === 0 || res.destroyed) return;
    res.write(ready.length === 1 ? ready[0] : Buffer.concat(ready));
    ready = [];
    flushable.flush?.();
  };
  try {
    for (;;) {
      const result = await reader.read();
      if (result.done) {
        writeReady();
        res.end();
        return;
      }
      ready.push(result.value);
      if (!scheduled) {
        scheduled = true;
        setImmediate(writeReady);
      }
    }
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}

/**
 * Writes Remix's answer. Its headers replace any the middleware set (Set-Cookie adds up); where the
 * middleware said `no-store` (private pages), that stays whatever the route asked for.
 */
async function sendResponse(res: express.Response, response: Response) {
  const keepNoStore = res.getHeader("Cache-Control") === "no-store";
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    if (key === "set-cookie") res.append(key, value);
    else res.setHeader(key, value);
  }
  if (keepNoStore) res.setHeader("Cache-Control", "no-store");
  if (response.body) await writeStreamedBody(response.body, res);
  else res.end();
}

export function createRemixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  /** The origin the request's URL is given (the shop's public URL). */
  originOf: (req: express.Request) => string;
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext & { cspNonce: string; requestId: string };
  /** Public pages kept for visitors without a cookie (catalog/page-cache.server.ts). */
  pageCache?: PageCache;
}): express.RequestHandler {
  const handle = createRequestHandler(options.build, options.mode);
  const { pageCache } = options;
  return async (req, res, next) => {
    let render: ReturnType<PageCache["begin"]> | null = null;
    try {
      const context = options.getLoadContext(req, res);
      if (pageCache && isCacheablePageRequest({ method: req.method, path: req.path, url: req.originalUrl, headers: req.headers })) {
        const kept = pageCache.lookup(req.path);
        const shared = kept ? null : pageCache.rendered(req.path);
        const page = kept ?? (shared ? await shared : null);
        if (page) {
          metrics.pageCache.inc({ result: kept ? "hit" : "shared" });
          return sendCachedPage(res, page, context);
        }
        metrics.pageCache.inc({ result: "miss" });
        render = pageCache.begin(req.path);
      }
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req, bodyLimitFor(req.path));
      // Loaders and actions are told when the client goes away before the answer is written.
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const request = new Request(`${options.originOf(req)}${req.originalUrl}`, {
        method: req.method,
        headers: requestHeaders(req.headers),
        body: body ? new Uint8Array(body) : undefined,
        signal: controller.signal,
      });
      const response = await handle(request, context);
      if (!render) return await sendResponse(res, response);
      // Read whole (a page without deferred data), kept if it may be, then sent.
      const text = await response.text();
      render.finish({ status: response.status, headers: [...response.headers.entries()], body: text, nonce: context.cspNonce, requestId: context.requestId });
      render = null;
      res.setHeader("X-Page-Cache", "miss");
      await sendResponse(res, new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers }));
    } catch (error) {
      render?.finish(null);
      if (error instanceof BodyTooLarge) return refuseTooLarge(req, res, bodyLimitFor(req.path));
      next(error);
    }
  };
}

/** A kept page, with this request's nonce and request id; the middleware's headers stay (the CSP names this nonce). */
function sendCachedPage(res: express.Response, page: CachedPage, context: { cspNonce: string; requestId: string }) {
  res.status(page.status);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader("X-Page-Cache", "hit");
  res.end(pageBody(page, context.cspNonce, context.requestId));
}
