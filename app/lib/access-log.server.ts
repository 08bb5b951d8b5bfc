// The access log: a request id of ours on every answer (X-Request-Id), and one JSON line per
// request when its answer is finished (or the client went away): the request (id, method, URL with
// secrets taken out, headers with credentials redacted, client address), the answer's status and
// own headers, the time taken. These are the lines pino-http wrote, built here directly: pino-http
// made two child loggers per request and ran the redaction paths on every line, ~8 % of the app's
// CPU on a page served from memory (issue 15).
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import pino from "pino";
import { env } from "./env.server";
import { logDestination } from "./logger.server";

const REDACTED_REQUEST_HEADERS = new Set(["authorization", "cookie", "x-square-hmacsha256-signature"]);
const LOGGED_RESPONSE_HEADERS = ["content-type", "content-length", "content-encoding", "location", "cache-control", "retry-after", "set-cookie", "x-request-id"];

// The line is built with the secrets already out, so this logger has no redaction paths to run.
const accessLogger = pino({ level: env.LOG_LEVEL, base: { service: "larder" } }, logDestination);

/** The request's id (ours), set by accessLog before anything else runs. */
export function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

function loggedRequestHeaders(headers: Request["headers"]): Record<string, unknown> {
  const logged: Record<string, unknown> = {};
  for (const name in headers) logged[name] = REDACTED_REQUEST_HEADERS.has(name) ? "[redacted]" : headers[name];
  return logged;
}

function loggedResponseHeaders(res: Response): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of LOGGED_RESPONSE_HEADERS) {
    const value = res.getHeader(name);
    if (value !== undefined) kept[name] = name === "set-cookie" ? "[redacted]" : value;
  }
  return kept;
}

export function accessLog(options: {
  /** The URL as logged: tokens and searched-for personal data taken out. */
  loggedUrl: (url: string) => string;
  /** A client's own request id, logged beside ours when it is short and plain. */
  clientRequestIdOf: (req: Request) => string | undefined;
  /** Requests not logged (health checks). */
  ignore: (req: Request) => boolean;
  /** A shed request (503 by the in-flight cap) is the cap working: a warning, not an error. */
  isShed: (res: Response) => boolean;
}) {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    if (options.ignore(req)) return next();
    const startedAt = Date.now();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const line: Record<string, unknown> = {};
      const clientRequestId = options.clientRequestIdOf(req);
      if (clientRequestId) line.clientRequestId = clientRequestId;
      line.req = {
        id,
        method: req.method,
        url: options.loggedUrl(req.originalUrl),
        headers: loggedRequestHeaders(req.headers),
        remoteAddress: req.socket.remoteAddress,
        remotePort: req.socket.remotePort,
      };
      line.res = { statusCode: res.statusCode, headers: loggedResponseHeaders(res) };
      line.responseTime = Date.now() - startedAt;
      if (!res.writableFinished) {
        line.err = { message: "the client went away before the answer was finished" };
        accessLogger.warn(line, "request aborted");
      } else if (res.statusCode >= 500 && !options.isShed(res)) {
        accessLogger.error(line, "request errored");
      } else {
        accessLogger[res.statusCode >= 400 ? "warn" : "info"](line, "request completed");
      }
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
}
