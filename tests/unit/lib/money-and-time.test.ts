import { describe, expect, it } from "vitest";
import { formatMoney, parseMoneyToCents } from "~/lib/money";
import { formatPickupTime, groupByDay } from "~/lib/time";

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

describe("groupByDay", () => {
  it("groups instants by the zone's calendar day, in order, across midnight and a DST change", () => {
    const instants = [
      "2026-11-01T04:30:00Z", // Oct 31, 11:30 PM CDT
      "2026-11-01T05:30:00Z", // Nov 1, 12:30 AM CDT
      "2026-11-01T07:30:00Z", // Nov 1, 1:30 AM CST (after the change)
      "2026-11-02T05:30:00Z", // Nov 1, 11:30 PM CST
      "2026-11-02T06:30:00Z", // Nov 2, 12:30 AM CST
    ];
    expect(groupByDay(instants, "America/Chicago")).toEqual([
      ["2026-10-31", ["2026-11-01T04:30:00Z"]],
      ["2026-11-01", ["2026-11-01T05:30:00Z", "2026-11-01T07:30:00Z", "2026-11-02T05:30:00Z"]],
      ["2026-11-02", ["2026-11-02T06:30:00Z"]],
    ]);
    expect(groupByDay([], "America/Chicago")).toEqual([]);
  });
});
