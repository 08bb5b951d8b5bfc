// Which client address is believed: Fly's own header behind Fly, the socket elsewhere, and never
// something that is not an IP address (it would break the audit log's inet column).
import { describe, expect, it } from "vitest";
import { clientIpOf } from "~/lib/client-ip";

describe("client address", () => {
  it("believes Fly-Client-IP only behind Fly, and never X-Forwarded-For", () => {
    const headers = { "fly-client-ip": "203.0.113.7", "x-forwarded-for": "198.51.100.1" };
    expect(clientIpOf(headers, "10.0.0.2", true)).toBe("203.0.113.7");
    expect(clientIpOf(headers, "10.0.0.2", false)).toBe("10.0.0.2");
    expect(clientIpOf({ "x-forwarded-for": "198.51.100.1" }, "::ffff:127.0.0.1", false)).toBe("127.0.0.1");
    expect(clientIpOf({ "fly-client-ip": "2001:db8::1" }, undefined, true)).toBe("2001:db8::1");
  });

  it("drops what is not an IP address", () => {
    expect(clientIpOf({ "fly-client-ip": "not-an-ip" }, "10.0.0.2", true)).toBeNull();
    expect(clientIpOf({ "fly-client-ip": "1.2.3.4, 5.6.7.8" }, "10.0.0.2", true)).toBeNull();
    expect(clientIpOf({}, undefined, true)).toBeNull();
    expect(clientIpOf({}, "garbage", false)).toBeNull();
  });
});
