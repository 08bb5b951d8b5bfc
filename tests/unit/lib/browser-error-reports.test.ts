// Browser error reports: the CSP lets the page reach the DSN's origin (connect-src only) when one is
// set and not otherwise, and an event leaves without user, breadcrumbs, query strings, order
// tokens or emails, keeping our request id tag.
import { describe, expect, it } from "vitest";
import type { ErrorEvent } from "@sentry/browser";
import { contentSecurityPolicy } from "~/lib/security-headers";
import { scrubBrowserEvent } from "~/lib/browser-error-tracking.client";

const base = { nonce: "abc", square: "production" as const, simulatorUrl: "http://127.0.0.1:4010", https: true };
const directive = (policy: string, name: string) => policy.split("; ").find((part) => part.startsWith(`${name} `)) ?? "";

describe("the CSP and a browser DSN", () => {
  it("allows the DSN's origin in connect-src only, and only when set", () => {
    const withDsn = contentSecurityPolicy({ ...base, errorReportDsn: "https://key@o1.ingest.sentry.io/42" });
    expect(directive(withDsn, "connect-src")).toContain("https://o1.ingest.sentry.io");
    expect(withDsn.replace(directive(withDsn, "connect-src"), "")).not.toContain("sentry.io");
    expect(contentSecurityPolicy(base)).not.toContain("sentry.io");
  });
});

describe("scrubBrowserEvent", () => {
  it("keeps the request id and drops personal data", () => {
    const event = scrubBrowserEvent({
      type: undefined,
      user: { email: "ana@example.com" },
      breadcrumbs: [{ message: "clicked" }],
      extra: { form: "ana@example.com" },
      tags: { request_id: "req-1" },
      request: { url: "https://shop.test/orders/AbCdEfGh1234567890_-xyz?checkout=square&email=ana%40example.com", headers: { Referer: "https://shop.test/cart" } },
      exception: { values: [{ type: "Error", value: "failed for ana@example.com on /orders/AbCdEfGh1234567890_-xyz" }] },
    } as ErrorEvent);
    expect(event.tags).toEqual({ request_id: "req-1" });
    expect(event.request).toEqual({ url: "https://shop.test/orders/[token]" });
    expect(event.exception?.values?.[0].value).toBe("failed for [email] on /orders/[token]");
    expect(event.breadcrumbs).toEqual([]);
    expect(JSON.stringify(event)).not.toMatch(/ana|AbCdEfGh|clicked|checkout=|Referer/);
  });
});
