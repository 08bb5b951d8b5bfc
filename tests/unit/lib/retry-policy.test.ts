import { describe, expect, it } from "vitest";
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from "~/lib/retry-policy";

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("retryDelayMs", () => {
  it("grows exponentially up to the cap, with full jitter", () => {
    expect(retryDelayMs(policy, 1, null, () => 0.999)).toBe(99);
    expect(retryDelayMs(policy, 2, null, () => 0.999)).toBe(199);
    expect(retryDelayMs(policy, 4, null, () => 0.999)).toBe(799);
    expect(retryDelayMs(policy, 10, null, () => 0.999)).toBe(999);
    expect(retryDelayMs(policy, 3, null, () => 0)).toBe(0);
  });

  it("never waits less than the server's Retry-After", () => {
    expect(retryDelayMs(policy, 1, 2, () => 0)).toBe(2_000);
    expect(retryDelayMs(policy, 1, 0.5, () => 0)).toBe(500);
  });
});

describe("isRetryableStatus", () => {
  it.each([429, 500, 502, 503, 504])("retries %i", (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([400, 401, 402, 404, 409, 422, undefined])("does not retry %s", (status) => expect(isRetryableStatus(status)).toBe(false));
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, capped at a minute", () => {
    expect(parseRetryAfter("3")).toBe(3);
    expect(parseRetryAfter("600")).toBe(60);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTenSeconds)).toBeGreaterThan(8);
  });
});
