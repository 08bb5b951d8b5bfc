// A tiny router on node:http: handlers return a Reply value instead of writing to the socket.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SquareApiError, badRequest, notFound } from "./errors";

export interface Request {
  url: URL;
  params: Record<string, string>;
  body: string;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
}

/** `hang`: never answered; the socket is held until the client gives up, or destroyed after `destroyAfterMs`. */
export type Reply =
  | (Answer & { json: unknown })
  | (Answer & { html: string })
  | (Answer & { location: string })
  | (Answer & { text: string; contentType: string })
  | { hang: true; destroyAfterMs?: number };

export type Handler = (request: Request) => Reply | Promise<Reply>;

export interface Route {
  method: "GET" | "POST" | "OPTIONS" | "DELETE";
  /** Path with `:name` segments, e.g. "/v2/orders/:orderId". */
  path: string;
  handler: Handler;
  /** The Square operation this route is, e.g. "payments.create": what fault rules match on. */
  operation?: string;
  /** A /v2/ route that needs no bearer token (the Web Payments tokenizer, called from browsers). */
  public?: true;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, json: body, ...(headers ? { headers } : {}) };
}

export function html(status: number, page: string): Reply {
  return { status, html: page };
}

export function seeOther(location: string): Reply {
  return { status: 303, location };
}

export function text(status: number, body: string, contentType: string, headers?: Record<string, string>): Reply {
  return { status, text: body, contentType, ...(headers ? { headers } : {}) };
}

export function hang(destroyAfterMs?: number): Reply {
  return { hang: true, destroyAfterMs };
}

/** Parses a JSON request body that must be an object, failing the way Square does. */
export function parseJsonObject(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest("EXPECTED_JSON_BODY", "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw badRequest("EXPECTED_JSON_BODY", "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) {
      const value = safeDecode(got[i]);
      if (!value) return null;
      params[want[i].slice(1)] = value;
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}

export function findRoute(routes: Route[], method: string, pathname: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new SquareApiError(413, [
        { category: "INVALID_REQUEST_ERROR", code: "BAD_REQUEST", detail: "The request body is larger than 1 MB." },
      ]);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function errorReply(error: unknown): Reply {
  if (error instanceof SquareApiError) return json(error.status, { errors: error.errors });
  return json(500, {
    errors: [
      {
        category: "API_ERROR",
        code: "INTERNAL_SERVER_ERROR",
        detail: error instanceof Error ? error.message : String(error),
      },
    ],
  });
}

export function routeNotFound(method: string, pathname: string): Reply {
  return errorReply(notFound(`No route for ${method} ${pathname}.`));
}

function holdOpen(res: ServerResponse, destroyAfterMs: number | undefined): void {
  if (destroyAfterMs === undefined) return;
  const timer = setTimeout(() => res.destroy(), destroyAfterMs);
  res.once("close", () => clearTimeout(timer));
}

/** Writes a reply; `done` runs once the response is finished or its connection is gone (at once for a hang). */
export function writeReply(res: ServerResponse, reply: Reply, done: () => void): void {
  if ("hang" in reply) {
    holdOpen(res, reply.destroyAfterMs);
    done();
    return;
  }
  res.once("close", done);
  const headers = reply.headers ?? {};
  if ("location" in reply) {
    res.writeHead(reply.status, { ...headers, location: reply.location, "content-length": "0" });
    res.end();
  } else if ("html" in reply) {
    const type = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };
    res.writeHead(reply.status, { ...headers, ...type });
    res.end(reply.html);
  } else if ("text" in reply) {
    res.writeHead(reply.status, { ...headers, "content-type": reply.contentType });
    res.end(reply.text);
  } else {
    res.writeHead(reply.status, { ...headers, "content-type": "application/json" });
    res.end(JSON.stringify(reply.json));
  }
}
