import { describe, expect, it } from "vitest";
import { formatMoney, parseMoneyToCents } from "~/lib/money";
import { formatPickupTime } from "~/lib/time";

describe("formatMoney", () => {
  it("formats integer cents", () => {
    expect(formatMoney(0)).toBe("$0.00");
    expect(formatMoney(5900)).toBe("$59.00");
    expect(formatMoney(123456789)).toBe("$1,234,567.89");
    expect(formatMoney("450", "USD")).toBe("$4.50");
  });
});

describe("parseMoneyToCents", () => {
  it.each([
    ["12", 1200],
    ["12.5", 1250],
    ["12.50", 1250],
    ["0.07", 7],
    ["$3.10", 310],
    [" 59.00 ", 5900],
  ])("reads %j as %i cents", (text, cents) => expect(parseMoneyToCents(text)).toBe(cents));

  it.each(["", "abc", "1.234", "-5", "1,000", "12.", ".5", "1e3", "12345678"])("refuses %j", (text) =>
    expect(parseMoneyToCents(text)).toBeNull(),
  );
});

describe("formatPickupTime", () => {
  it("shows the time in the location's zone, across a DST change", () => {
    expect(formatPickupTime("2026-03-07T18:00:00Z", "America/Los_Angeles")).toBe("Sat, Mar 7, 10:00 AM");
    expect(formatPickupTime("2026-03-08T17:00:00Z", "America/Los_Angeles")).toBe("Sun, Mar 8, 10:00 AM");
  });
});
