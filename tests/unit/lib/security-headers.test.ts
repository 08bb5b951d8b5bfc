import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isPrivatePath, securityHeaders } from "~/lib/security-headers";

const directive = (csp: string, name: string) => csp.split("; ").find((part) => part.startsWith(`${name} `) || part === name)?.split(" ").slice(1);

describe("contentSecurityPolicy", () => {
  it("allows exactly Square's Web Payments SDK origins of the configured environment", () => {
    const production = contentSecurityPolicy({ nonce: "abc", square: "production", simulatorUrl: "http://127.0.0.1:4010", https: true });
    expect(directive(production, "script-src")).toEqual(["'self'", "'nonce-abc'", "https://web.squarecdn.com", "https://js.squareup.com", "https://pay.google.com"]);
    expect(directive(production, "form-action")).toEqual(["'self'", "https://square.link", "https://checkout.square.site"]);
    expect(production).not.toContain("sandbox");
    expect(production).toContain("upgrade-insecure-requests");
    const sandbox = contentSecurityPolicy({ nonce: "abc", square: "sandbox", simulatorUrl: "http://127.0.0.1:4010", https: true });
    expect(directive(sandbox, "script-src")).toEqual(["'self'", "'nonce-abc'", "https://sandbox.web.squarecdn.com", "https://js.squareupsandbox.com", "https://pay.google.com"]);
    expect(directive(sandbox, "connect-src")).toContain("https://pci-connect.squareupsandbox.com");
    const simulator = contentSecurityPolicy({ nonce: "abc", square: "simulator", simulatorUrl: "http://127.0.0.1:4010/", https: false });
    expect(directive(simulator, "script-src")).toEqual(["'self'", "'nonce-abc'", "http://127.0.0.1:4010"]);
    expect(simulator).not.toContain("upgrade-insecure-requests");
    // Google Pay's pay.js (script, its sheet's frame and calls) with the real SDK; the simulator's stand-in needs none.
    for (const csp of [production, sandbox]) {
      for (const name of ["script-src", "connect-src", "frame-src"]) expect(directive(csp, name)).toContain("https://pay.google.com");
    }
    expect(simulator).not.toContain("google");
    for (const csp of [production, sandbox, simulator]) {
      expect(directive(csp, "script-src")).not.toContain("'unsafe-inline'");
      expect(directive(csp, "frame-ancestors")).toEqual(["'none'"]);
    }
  });

  it("puts each answer's own nonce in a policy otherwise built once per setting", () => {
    const options = { square: "production" as const, simulatorUrl: "http://127.0.0.1:4010", https: true };
    const first = contentSecurityPolicy({ ...options, nonce: "first" });
    const second = contentSecurityPolicy({ ...options, nonce: "second" });
    expect(directive(first, "script-src")?.[1]).toBe("'nonce-first'");
    expect(second).toBe(first.replace("'nonce-first'", "'nonce-second'"));
    expect(first).not.toContain("second");
    // Another setting is its own policy, not the first one's kept copy.
    const withReports = contentSecurityPolicy({ ...options, nonce: "third", errorReportDsn: "https://key@o1.ingest.sentry.io/2" });
    expect(directive(withReports, "connect-src")).toContain("https://o1.ingest.sentry.io");
    expect(directive(second, "connect-src")).not.toContain("https://o1.ingest.sentry.io");
    expect(contentSecurityPolicy({ ...options, https: false, nonce: "x" })).not.toContain("upgrade-insecure-requests");
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only over HTTPS and no-store only on private pages", () => {
    const options = { nonce: "n", square: "production" as const, simulatorUrl: "http://127.0.0.1:4010", https: true };
    expect(securityHeaders("/", options)["Strict-Transport-Security"]).toBe("max-age=63072000");
    expect(securityHeaders("/", { ...options, https: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders("/", options)["Cache-Control"]).toBeUndefined();
    expect(securityHeaders("/orders/abc", options)["Cache-Control"]).toBe("no-store");
    expect(securityHeaders("/admin/board", options)["Permissions-Policy"]).toMatch(
      /^payment=\(self "https:\/\/web\.squarecdn\.com" "https:\/\/connect\.squareup\.com" "https:\/\/pay\.google\.com"\), camera=\(\)/,
    );
  });

  it("knows which pages are private", () => {
    expect(["/admin", "/admin/orders/1", "/orders/token"].every(isPrivatePath)).toBe(true);
    expect(["/", "/administrator", "/products/x", "/cart", "/ordersx"].some(isPrivatePath)).toBe(false);
  });
});
