// The shared Intl formatters: the same options give the same formatter back, different options a
// different one, and a bad time zone still throws (and is not kept).
import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat } from "~/lib/intl";

describe("shared Intl formatters", () => {
  it("reuses one formatter per locale and options", () => {
    const a = dateTimeFormat("en-US", { timeZone: "America/Chicago", hour: "numeric" });
    expect(dateTimeFormat("en-US", { timeZone: "America/Chicago", hour: "numeric" })).toBe(a);
    expect(dateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric" })).not.toBe(a);
    expect(numberFormat("en-US", { style: "currency", currency: "USD" })).toBe(numberFormat("en-US", { style: "currency", currency: "USD" }));
    expect(numberFormat("en-US", { style: "currency", currency: "EUR" }).format(1.5)).toBe("€1.50");
  });

  it("still refuses an unknown time zone, every time", () => {
    expect(() => dateTimeFormat("en-US", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => dateTimeFormat("en-US", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
