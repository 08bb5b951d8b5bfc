// Hearing that what the storefront's public pages show has changed: the menu, a product, stock,
// daily limits, slots, pauses, hours, the shop's look. Every table those pages read notifies
// `larder_storefront_changed` when a statement changes it (db/functions/catalog/
// tg_storefront__changed.sql); Postgres delivers a notification at commit, so a process that hears
// it and reads again reads the committed state. Each hearing bumps this process's generation:
// whatever was made from an older one (page-cache.server.ts) is no longer served.
import { logger } from "~/lib/logger.server";
import type { Sql } from "~/lib/db.server";

export const STOREFRONT_CHANNEL = "larder_storefront_changed";
const RETRY_MS = 10_000;

interface StorefrontChanges {
  generation: number;
  /** Listening now: a notification would be heard. False before the first LISTEN has answered. */
  listening: boolean;
  started: boolean;
  listeners: Set<() => void>;
  memos: Map<string, Memo>;
}

interface Memo {
  generation: number;
  expiresAt: number;
  value: Promise<unknown>;
}

declare global {
  // One per process: server.ts and the Remix build are two module graphs that both import this.
  var __larderStorefrontChanges: StorefrontChanges | undefined;
}

function state(): StorefrontChanges {
  return (globalThis.__larderStorefrontChanges ??= { generation: 0, listening: false, started: false, listeners: new Set(), memos: new Map() });
}

/** Changes heard so far by this process (with its own): equal generations, same storefront. */
export function storefrontGeneration(): number {
  return state().generation;
}

/** Whether a change would be heard now. */
export function storefrontListening(): boolean {
  return state().listening;
}

/** Calls `listener` whenever a change is heard (a per-process copy of something the pages show drops itself). */
export function onStorefrontChange(listener: () => void): void {
  state().listeners.add(listener);
}

/** A change this process knows of itself, or may have missed (a LISTEN that started again). */
export function markStorefrontChanged(): void {
  const changes = state();
  changes.generation++;
  changes.memos.clear();
  for (const listener of changes.listeners) {
    try {
      listener();
    } catch (error) {
      logger.error({ err: error }, "a storefront change listener failed");
    }
  }
}

/**
 * LISTENs on its own connection (postgres.js keeps one for LISTEN and, when it drops, connects and
 * listens again). Each (re)start of the LISTEN counts as a change: what was notified while the
 * connection was down was not heard. A LISTEN that fails (no database at start) is tried again
 * RETRY_MS later, until one answers.
 */
export function listenForStorefrontChanges(sql: Sql): void {
  const changes = state();
  if (changes.started) return;
  changes.started = true;
  sql
    .listen(STOREFRONT_CHANNEL, () => markStorefrontChanged(), () => {
      changes.listening = true;
      markStorefrontChanged();
    })
    .catch((error: unknown) => {
      // No LISTEN, no cached pages (page-cache.server.ts renders every page) until a later try answers.
      changes.started = false;
      changes.listening = false;
      logger.warn({ err: error, retryInMs: RETRY_MS }, "could not listen for storefront changes; public pages are rendered every time");
      setTimeout(() => listenForStorefrontChanges(sql), RETRY_MS).unref();
    });
}

/** The end of the minute `at` is in (ms since the epoch): what the pages say of time is to the minute. */
export function minuteEnd(at: number): number {
  return (Math.floor(at / 60_000) + 1) * 60_000;
}

/** At most this many reads are kept (keys may come from URLs: product slugs). */
const MAX_MEMOS = 1_000;

/**
 * What `read` returned, shared while the storefront is unchanged and the minute the read began in
 * lasts: for what every visitor is shown alike (the menu, a product, hours, pauses), read once
 * rather than on every page. Concurrent callers share one read; a failed read is not kept; while
 * nothing listens for changes, every call reads. The value is shared: callers must not change it.
 */
export function storefrontMemo<T>(key: string, read: () => Promise<T>): Promise<T> {
  const changes = state();
  if (!changes.listening) return read();
  const now = Date.now();
  const kept = changes.memos.get(key);
  if (kept && kept.generation === changes.generation && now < kept.expiresAt) return kept.value as Promise<T>;
  const memo: Memo = { generation: changes.generation, expiresAt: minuteEnd(now), value: read() };
  if (changes.memos.size >= MAX_MEMOS) changes.memos.clear();
  changes.memos.set(key, memo);
  memo.value.catch(() => {
    if (changes.memos.get(key) === memo) changes.memos.delete(key);
  });
  return memo.value as Promise<T>;
}
