// Reads shared while the storefront is unchanged (catalog/storefront-changes.server.ts): one read
// for concurrent and later callers, a new read after a change, at the end of the minute, after a
// failure, and on every call while nothing listens for changes; a LISTEN that failed is tried again
// on a timer, not by whoever asks whether the process is listening.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("~/lib/logger.server", () => ({ logger: { warn: () => {}, error: () => {} } }));
const { listenForStorefrontChanges, markStorefrontChanged, onStorefrontChange, storefrontGeneration, storefrontListening, storefrontMemo } = await import(
  "~/catalog/storefront-changes.server"
);
type Sql = Parameters<typeof listenForStorefrontChanges>[0];

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 12, 0, 10) });
  globalThis.__larderStorefrontChanges = { generation: 0, listening: true, started: true, listeners: new Set(), memos: new Map() };
});
afterEach(() => vi.useRealTimers());

const counter = () => {
  let reads = 0;
  return { read: () => Promise.resolve(++reads), reads: () => reads };
};

describe("storefrontMemo", () => {
  it("reads once for every caller until the storefront changes", async () => {
    const menu = counter();
    expect(await Promise.all([storefrontMemo("menu", menu.read), storefrontMemo("menu", menu.read)])).toEqual([1, 1]);
    expect(await storefrontMemo("menu", menu.read)).toBe(1);
    markStorefrontChanged();
    expect(await storefrontMemo("menu", menu.read)).toBe(2);
    expect(menu.reads()).toBe(2);
  });

  it("keeps keys apart", async () => {
    const product = counter();
    await storefrontMemo("product:a", product.read);
    await storefrontMemo("product:b", product.read);
    expect(product.reads()).toBe(2);
  });

  it("reads again when the minute ends", async () => {
    const menu = counter();
    await storefrontMemo("menu", menu.read);
    vi.setSystemTime(Date.UTC(2026, 11, 2, 12, 0, 59, 999));
    expect(await storefrontMemo("menu", menu.read)).toBe(1);
    vi.setSystemTime(Date.UTC(2026, 11, 2, 12, 1, 0));
    expect(await storefrontMemo("menu", menu.read)).toBe(2);
  });

  it("does not keep a failed read", async () => {
    let fail = true;
    const read = () => (fail ? Promise.reject(new Error("database busy")) : Promise.resolve("menu"));
    await expect(storefrontMemo("menu", read)).rejects.toThrow("database busy");
    fail = false;
    expect(await storefrontMemo("menu", read)).toBe("menu");
  });

  it("reads every time while nothing listens for changes", async () => {
    globalThis.__larderStorefrontChanges!.listening = false;
    const menu = counter();
    await storefrontMemo("menu", menu.read);
    await storefrontMemo("menu", menu.read);
    expect(menu.reads()).toBe(2);
  });

  it("tells the change listeners", () => {
    const heard = vi.fn();
    onStorefrontChange(heard);
    markStorefrontChanged();
    expect(heard).toHaveBeenCalledTimes(1);
  });
});

describe("listenForStorefrontChanges", () => {
  it("tries a failed LISTEN again 10 s later, and asking whether it listens tries nothing", async () => {
    globalThis.__larderStorefrontChanges = { generation: 0, listening: false, started: false, listeners: new Set(), memos: new Map() };
    let attempts = 0;
    const sql = {
      listen: (_channel: string, _onNotify: () => void, onListen: () => void) => {
        attempts += 1;
        if (attempts === 1) return Promise.reject(new Error("connect ECONNREFUSED"));
        onListen();
        return Promise.resolve();
      },
    } as unknown as Sql;

    listenForStorefrontChanges(sql);
    await vi.advanceTimersByTimeAsync(0);
    expect(storefrontListening()).toBe(false);
    expect(storefrontListening()).toBe(false);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(attempts).toBe(1);

    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(2);
    expect(storefrontListening()).toBe(true);
    expect(storefrontGeneration()).toBe(1); // what was notified while nothing listened was not heard
  });
});
