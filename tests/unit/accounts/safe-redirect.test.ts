import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/accounts/safe-redirect";

describe("safeRedirect", () => {
  it.each(["/admin", "/admin/orders/1042", "/admin/board?date=2025-03-01&location=1"])("keeps %j", (to) => expect(safeRedirect(to)).toBe(to));

  it.each([
    null, undefined, "", "https://evil.example/admin", "//evil.example/admin", "/cart",
    "/admin\r\nSet-Cookie: injected=1", "/admin\n", "/admin\u0000", "/admin\t/orders", "/admin\u007f", "/admin\\@evil.example", "/admin/\\\\evil.example",
  ])("sends %j to the admin's landing page instead", (to) => expect(safeRedirect(to)).toBe("/admin"));
});
