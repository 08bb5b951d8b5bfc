// The one door to Square. Every call has a timeout, is retried (429, 5xx, network errors and
// timeouts only; exponential backoff with jitter, honouring Retry-After) by this module alone — the
// SDK's own retries are off — goes through a circuit breaker per operation family, and is logged
// and counted per attempt. Retrying is safe because every mutating call carries an idempotency key.
// The calls themselves live by domain and all go through squareCall: payments/square-payments.server.ts
// (payment links, payments, refunds, orders) and catalog/square-catalog.server.ts (catalog, stock).
// The SDK (~3,600 modules, ~40 MB) is loaded on the first call; the web server makes that call
// before it listens (server.ts), so no request waits behind the load; the worker loads it when a
// job first needs it (docs/decisions/022).
import type { SquareClient, SquareError } from "square";
import { CircuitBreaker, type BreakerState } from "~/lib/circuit-breaker";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { metrics } from "~/lib/metrics.server";
import { processName } from "~/lib/process-name";
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from "~/lib/retry-policy";

type SquareSdk = typeof import("square");
declare global {
  // One SDK and one client per process, shared by every copy of this module (server.ts, the Remix
  // build and the in-process worker each load it), so one class answers `isSquareError`.
  var __larderSquare: { sdk: SquareSdk; client: SquareClient } | undefined;
  var __larderSquareLoading: Promise<{ sdk: SquareSdk; client: SquareClient }> | undefined;
}

function loadSquare(): Promise<{ sdk: SquareSdk; client: SquareClient }> {
  return (globalThis.__larderSquareLoading ??= import("square").then((sdk) => {
    const client = new sdk.SquareClient({
      token: env.square.accessToken,
      environment: env.square.baseUrl,
      timeoutInSeconds: env.square.timeoutSeconds,
      maxRetries: 0,
    });
    return (globalThis.__larderSquare = { sdk, client });
  }).catch((error: unknown) => {
    // A failed load is not kept: the next call tries again.
    globalThis.__larderSquareLoading = undefined;
    throw error;
  }));
}

/** The configured SDK client (loaded on first use). Calls go through squareCall; this is for loading it ahead (server.ts), tests and scripts. */
export async function squareClient(): Promise<SquareClient> {
  return (await loadSquare()).client;
}

/** An error the SDK threw for an answer from Square (or a request that got none). False before the SDK is loaded: nothing could have thrown one. */
export function isSquareError(error: unknown): error is SquareError {
  const loaded = globalThis.__larderSquare;
  return loaded !== undefined && error instanceof loaded.sdk.SquareError;
}

function isSquareTimeout(error: unknown): boolean {
  const loaded = globalThis.__larderSquare;
  return loaded !== undefined && error instanceof loaded.sdk.SquareTimeoutError;
}

/** Square cannot be used right now (breaker open, or still failing after retries); try later. */
export class SquareUnavailableError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: "breaker_open" | "failing",
    options?: { cause?: unknown },
  ) {
    super(reason === "breaker_open" ? `Square ${operation} refused: circuit open` : `Square ${operation} kept failing`, options);
  }
}

const breakerLevels: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };
declare global {
  // One breaker per family per process, shared by every copy of this module (server.ts, the
  // Remix build and the in-process worker each load it).
  var __larderSquareBreakers: Map<string, CircuitBreaker> | undefined;
}
const breakers = (globalThis.__larderSquareBreakers ??= new Map<string, CircuitBreaker>());

function breakerFor(family: string): CircuitBreaker {
  let breaker = breakers.get(family);
  if (!breaker) {
    breaker = new CircuitBreaker({
      failureThreshold: env.square.breakerThreshold,
      cooldownMs: env.square.breakerCooldownMs,
      onStateChange: (state) => {
        metrics.squareBreakerState.set({ family }, breakerLevels[state]);
        logger.warn({ square: { family, breaker: state } }, "square circuit breaker changed state");
        // Recorded for the owners' alarm (evaluate_incidents), which runs in the worker.
        sql`select record_breaker_state(${processName}, ${family}, ${state})`.catch((error: unknown) =>
          logger.warn({ err: error, square: { family, breaker: state } }, "could not record the breaker's state"),
        );
      },
    });
    metrics.squareBreakerState.set({ family }, 0);
    breakers.set(family, breaker);
  }
  return breaker;
}

/** What the browser needs to show Square's card form (public values only). */
export function webPaymentsConfig() {
  return { scriptUrl: env.square.webPaymentsScriptUrl, applicationId: env.square.applicationId, locationId: env.square.locationId };
}

/** The seller's country, which Apple Pay and Google Pay payment requests name. */
export function squareLocationCountry(): string {
  return env.square.locationCountry;
}

/** Breaker state per operation family, for health pages and checkout. */
export function squareBreakerStates(): Record<string, BreakerState> {
  return Object.fromEntries([...breakers].map(([family, breaker]) => [family, breaker.state]));
}

export function isSquareAvailable(family: string): boolean {
  return breakerFor(family).state !== "open";
}

interface Failure {
  retryable: boolean;
  status?: number;
  retryAfterSeconds: number | null;
}

function classify(error: unknown): Failure {
  if (isSquareTimeout(error)) return { retryable: true, retryAfterSeconds: null };
  if (isSquareError(error)) {
    const retryAfter = parseRetryAfter(error.rawResponse?.headers?.get?.("retry-after"));
    // No status means the request never got an answer (connection refused or reset).
    return { retryable: error.statusCode === undefined || isRetryableStatus(error.statusCode), status: error.statusCode, retryAfterSeconds: retryAfter };
  }
  return { retryable: true, retryAfterSeconds: null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function squareCall<T>(operation: string, call: (square: SquareClient) => Promise<T>): Promise<T> {
  const { client } = await loadSquare();
  const family = operation.split(".")[0];
  const breaker = breakerFor(family);
  const policy = { maxAttempts: env.square.maxAttempts, baseDelayMs: 200, maxDelayMs: 5_000 };
  for (let attempt = 1; ; attempt++) {
    if (!breaker.tryAcquire()) {
      metrics.squareCalls.inc({ operation, outcome: "breaker_open" });
      logger.warn({ square: { operation, attempt, outcome: "breaker_open" } }, "square call refused");
      throw new SquareUnavailableError(operation, "breaker_open");
    }
    const started = performance.now();
    try {
      const result = await call(client);
      const seconds = (performance.now() - started) / 1000;
      breaker.recordSuccess();
      metrics.squareCalls.inc({ operation, outcome: "ok" });
      metrics.squareCallDuration.observe({ operation }, seconds);
      logger.info({ square: { operation, attempt, outcome: "ok", ms: Math.round(seconds * 1000) } }, "square call");
      return result;
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const failure = classify(error);
      metrics.squareCallDuration.observe({ operation }, seconds);
      metrics.squareCalls.inc({ operation, outcome: failure.retryable ? "retryable_error" : "client_error" });
      const log = { square: { operation, attempt, outcome: failure.retryable ? "retryable_error" : "client_error", status: failure.status, ms: Math.round(seconds * 1000) }, err: error };
      if (!failure.retryable) {
        // Square answered and refused this request (4xx): Square itself is fine.
        breaker.release();
        logger.warn(log, "square call refused");
        throw error;
      }
      breaker.recordFailure();
      if (attempt >= policy.maxAttempts) {
        logger.error(log, "square call failed");
        throw new SquareUnavailableError(operation, "failing", { cause: error });
      }
      logger.warn(log, "square call failed; retrying");
      await sleep(retryDelayMs(policy, attempt, failure.retryAfterSeconds));
    }
  }
}
