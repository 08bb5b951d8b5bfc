// Rate limits (docs/decisions/008): one counter per key in Postgres (rate_limit(), GCRA), so every
// app machine shares it; keyed by what an attacker controls (an account's email, a client address,
// a cart). The limits themselves are settings (security-settings.server.ts).
import { createHash } from "node:crypto";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { clientIpOf } from "~/lib/client-ip";
import { sql } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { getSecuritySettings, type LimitName } from "./security-settings.server";

/** One limit and the value it counts for (an email, an address, a cart id); null: nothing to count. */
export interface LimitKey {
  limit: LimitName;
  value: string | null | undefined;
}

export interface TooMany {
  retryAfterSeconds: number;
  message: string;
}

function keyOf({ limit, value }: LimitKey & { value: string }): string {
  const normal = value.trim().toLowerCase();
  // Keys stay short whatever was typed; a long value is counted by its hash.
  return `${limit}:${normal.length > 200 ? createHash("sha256").update(normal).digest("hex") : normal}`;
}

async function hit(keys: LimitKey[], cost: 1 | -1): Promise<number> {
  const counted = keys.filter((key): key is LimitKey & { value: string } => Boolean(key.value));
  if (counted.length === 0) return 0;
  const { limits } = await getSecuritySettings();
  for (const key of counted) {
    const { limit, minutes } = limits[key.limit];
    const [{ seconds }] = await sql<{ seconds: number }[]>`
      select rate_limit(${keyOf(key)}, ${limit}, ${minutes * 60}, ${cost}) as seconds`;
    // The first key over its limit refuses; the keys after it are not counted.
    if (seconds > 0) return seconds;
  }
  return 0;
}

/**
 * Counts one attempt against each key, in order; when one is over its limit, says how long to wait
 * (neither it nor the keys after it count this attempt). Check before the work that is being limited is done.
 */
export async function takeAttempt(keys: LimitKey[]): Promise<TooMany | null> {
  const seconds = await hit(keys, 1);
  return seconds > 0 ? { retryAfterSeconds: seconds, message: tooManyAttempts(seconds) } : null;
}

/** Gives an attempt back when it turned out not to be one worth limiting (a right password, a valid code). */
export async function giveBackAttempt(keys: LimitKey[]): Promise<void> {
  await hit(keys, -1);
}

export function waitWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export function tooManyAttempts(seconds: number): string {
  return `Too many attempts. Try again in ${waitWords(seconds)}.`;
}

/** The headers of a 429: when trying again can succeed. */
export function retryAfterHeaders(seconds: number): Record<string, string> {
  return { "Retry-After": String(seconds) };
}

function tooManyPage(seconds: number): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too many requests</title><link rel="stylesheet" href="/styles.css"></head>
<body><main><section class="panel"><h1>Too many requests</h1>
<p>We received too many forms from your connection in a short time. Try again in ${waitWords(seconds)}.</p>
<p class="muted">Nothing was changed by the form you just sent.</p></section></main></body></html>`;
}

/**
 * Express middleware, before Remix: a ceiling on POSTs (and other changes) per client address,
 * limits.post_per_ip. Square's webhooks are exempt (they come from Square's machines). A database
 * failure lets the request through: Remix then reports it properly.
 */
export async function limitPostsPerIp(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS" || req.path.startsWith("/webhooks/")) return next();
  const ip = clientIpOf(req.headers, req.socket.remoteAddress, Boolean(process.env.FLY_APP_NAME));
  let tooMany: TooMany | null;
  try {
    tooMany = await takeAttempt([{ limit: "post_per_ip", value: ip }]);
  } catch (error) {
    logger.warn({ err: error }, "could not check the POST ceiling");
    return next();
  }
  if (!tooMany) return next();
  res.status(429).set({ ...retryAfterHeaders(tooMany.retryAfterSeconds), "Cache-Control": "no-store" }).type("html").send(tooManyPage(tooMany.retryAfterSeconds));
}
