// app/entry.server.tsx: a streamed page's abort timer is forgotten once the page has gone out (a
// timer left to fire kept every render, its loader data and its request alive six seconds after
// the answer), and a page still streaming when it fires is cut short. RemixServer is replaced by a
// plain component: what is under test is the streaming around it, with React's real renderer.
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createElement, Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

const never = new Promise<never>(() => {});
function Forever(): never {
  throw never; // suspends for good: the page's shell goes out, the rest never does
}

// The server modules it reaches for a busy database, error reports and logs (which would read the
// configuration): not under test here.
vi.mock("~/lib/db.server", () => ({ isDatabaseBusy: () => false }));
vi.mock("~/lib/error-tracking.server", () => ({ reportError: () => {} }));
vi.mock("~/lib/logger.server", () => ({ logger: { error: () => {}, warn: () => {} } }));
vi.mock("@remix-run/react", () => ({
  RemixServer: ({ url }: { url: string }) =>
    url.endsWith("/slow")
      ? createElement("main", null, createElement(Suspense, { fallback: createElement("p", null, "Loading the menu") }, createElement(Forever)))
      : createElement("main", null, createElement("h1", null, "Empanadas")),
}));

const { default: handleRequest, streamTimeout } = await import("~/entry.server");

function render(path: string) {
  return handleRequest(new Request(`http://shop.test${path}`), 200, new Headers(), {} as EntryContext, {
    cspNonce: "bm9uY2Utbm9uY2Utbm9uY2U=",
    requestId: "11111111-2222-4333-8444-555555555555",
  } as unknown as AppLoadContext);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a streamed page", () => {
  it("leaves no abort timer behind once it has been sent", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const response = await render("/");
    expect(await response.text()).toContain("<h1>Empanadas</h1>");
    await new Promise((resolve) => setImmediate(resolve)); // the body's close follows its end
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is cut short when it is still streaming after the timeout", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const response = await render("/slow");
    const text = response.text();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(streamTimeout + 1_000);
    expect(await text).toContain("Loading the menu");
    expect(vi.getTimerCount()).toBe(0);
  });
});
