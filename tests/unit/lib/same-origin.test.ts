import { describe, expect, it } from "vitest";
import { checkSameOrigin } from "~/lib/same-origin";

const shop = ["https://shop.example.com"];

describe("checkSameOrigin", () => {
  it("lets reads through and leaves webhooks to their signature", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(checkSameOrigin(method, "/admin", {}, shop).ok).toBe(true);
    expect(checkSameOrigin("POST", "/webhooks/square", {}, shop).ok).toBe(true);
  });

  it("judges by Origin first, then Sec-Fetch-Site, then Referer", () => {
    expect(checkSameOrigin("POST", "/cart", { origin: "https://shop.example.com" }, shop).ok).toBe(true);
    // An Origin from elsewhere is not rescued by a same-origin Sec-Fetch-Site or Referer.
    expect(checkSameOrigin("POST", "/cart", { origin: "https://evil.example", secFetchSite: "same-origin", referer: "https://shop.example.com/" }, shop).ok).toBe(false);
    expect(checkSameOrigin("POST", "/cart", { secFetchSite: "same-origin" }, shop).ok).toBe(true);
    expect(checkSameOrigin("POST", "/cart", { secFetchSite: "same-site", referer: "https://shop.example.com/" }, shop).ok).toBe(false);
    expect(checkSameOrigin("POST", "/cart", { referer: "https://shop.example.com/cart?x=1" }, shop).ok).toBe(true);
    expect(checkSameOrigin("POST", "/cart", { referer: "https://shop.example.com.evil.example/" }, shop).ok).toBe(false);
  });

  it("refuses look-alikes, opaque origins and requests that say nothing", () => {
    for (const origin of ["null", "http://shop.example.com", "https://shop.example.com:8443", "https://admin.shop.example.com", "not a url", "javascript:alert(1)"]) {
      expect(checkSameOrigin("POST", "/admin/login", { origin }, shop)).toMatchObject({ ok: false });
    }
    expect(checkSameOrigin("DELETE", "/admin/orders/1", {}, shop)).toEqual({ ok: false, reason: "no Origin, Sec-Fetch-Site or Referer header" });
    expect(checkSameOrigin("POST", "/cart", { referer: "ftp://shop.example.com/" }, shop).ok).toBe(false);
  });
});
