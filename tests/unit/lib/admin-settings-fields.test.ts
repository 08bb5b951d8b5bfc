// How the admin's settings forms read what people type: dollars, percentages, whole numbers,
// local date-times, weekly hours and postal codes.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  basisPointsToPercentText,
  centsToDollarsText,
  checkboxField,
  dollarsField,
  isLocalDateTime,
  optionalLocalDateTimeField,
  optionalWholeNumberField,
  parsePercentToBasisPoints,
  percentField,
  wholeNumberField,
} from "~/lib/admin-forms";
import { formatDayHours, parseDayHours } from "~/fulfillment/opening-hours";
import { splitPostalCodes } from "~/fulfillment/postal-codes";

describe("percentages", () => {
  it.each([
    ["8.25", 825],
    ["15", 1500],
    ["0", 0],
    ["10.5", 1050],
    [" 7.75 % ", 775],
    ["100", 10000],
  ])("reads %j as %i basis points", (text, bps) => {
    expect(parsePercentToBasisPoints(text)).toBe(bps);
  });

  it.each(["8.255", "abc", "", "-1", "1e2", "8,25", "1000"])("refuses %j", (text) => {
    expect(parsePercentToBasisPoints(text)).toBeNull();
  });

  it("writes basis points back as typed", () => {
    expect([825, 1500, 1050, 5, 0].map(basisPointsToPercentText)).toEqual(["8.25", "15", "10.5", "0.05", "0"]);
  });

  it("keeps a percentage within the field's range", () => {
    const field = percentField({ min: 1, max: 10000 });
    expect(field.safeParse("15").data).toBe(1500);
    expect(field.safeParse("0").error?.issues[0].message).toBe("Enter a percentage from 0.01 to 100.");
    expect(field.safeParse("4.555").error?.issues[0].message).toBe("Enter a percentage like 8.25 (at most two decimals).");
  });
});

describe("dollars", () => {
  it("reads dollars as cents without floating point and refuses a third decimal", () => {
    const field = dollarsField("the fee");
    expect(field.safeParse("4.5").data).toBe(450);
    expect(field.safeParse("3.99").data).toBe(399);
    expect(field.safeParse("0.29").data).toBe(29);
    expect(field.safeParse("4.555").error?.issues[0].message).toBe("Enter the fee in dollars and cents, like 4.50.");
    expect(field.safeParse("-1").success).toBe(false);
  });

  it("writes cents back as dollars", () => {
    expect([399, 950, 0, 5, 123456].map(centsToDollarsText)).toEqual(["3.99", "9.50", "0.00", "0.05", "1234.56"]);
  });
});

describe("whole numbers, limits and checkboxes", () => {
  it("accepts whole numbers in range only", () => {
    const field = wholeNumberField({ min: 5, max: 240, unit: "minutes" });
    expect(field.safeParse(" 15 ").data).toBe(15);
    for (const text of ["4", "241", "1.5", "", "ten", "1e2"]) {
      expect(field.safeParse(text).error?.issues[0].message).toBe("Enter a whole number from 5 to 240 minutes.");
    }
  });

  it("reads an empty limit as none", () => {
    const field = optionalWholeNumberField({ min: 1, max: 1_000_000 });
    expect(field.safeParse("").data).toBeNull();
    expect(field.safeParse(undefined).data).toBeNull();
    expect(field.safeParse("100").data).toBe(100);
    expect(field.safeParse("0").success).toBe(false);
  });

  it("reads a checkbox as ticked only when sent", () => {
    const schema = z.object({ enabled: checkboxField() });
    expect(schema.parse({ enabled: "on" })).toEqual({ enabled: true });
    expect(schema.parse({})).toEqual({ enabled: false });
  });
});

describe("local date-times", () => {
  it("accepts real dates and times only", () => {
    expect(isLocalDateTime("2030-01-15T09:00")).toBe(true);
    expect(isLocalDateTime("2030-02-30T09:00")).toBe(false);
    expect(isLocalDateTime("2030-01-15T24:00")).toBe(false);
    expect(isLocalDateTime("2030-01-15")).toBe(false);
  });

  it("drops seconds and reads empty as none", () => {
    const field = optionalLocalDateTimeField();
    expect(field.safeParse("2030-01-15T09:00:00").data).toBe("2030-01-15T09:00");
    expect(field.safeParse("").data).toBeNull();
    expect(field.safeParse("tomorrow").success).toBe(false);
  });
});

describe("weekly hours", () => {
  it("reads several ranges a day, in any order, and an empty day as closed", () => {
    expect(parseDayHours(1, "13:00-20:00, 8:00 – 12:00")).toEqual({
      ok: true,
      ranges: [
        { weekday: 1, opensAt: "08:00", closesAt: "12:00" },
        { weekday: 1, opensAt: "13:00", closesAt: "20:00" },
      ],
    });
    expect(parseDayHours(0, "")).toEqual({ ok: true, ranges: [] });
    expect(parseDayHours(0, "Closed")).toEqual({ ok: true, ranges: [] });
    expect(parseDayHours(2, "18:00 to 24:00")).toEqual({ ok: true, ranges: [{ weekday: 2, opensAt: "18:00", closesAt: "24:00" }] });
  });

  it("refuses what is not a range, and a range that ends before it starts", () => {
    expect(parseDayHours(1, "8am-5pm")).toEqual({
      ok: false,
      error: "Write Monday's hours like 08:00-12:00, 13:00-20:00 (24-hour clock), or leave it empty when closed.",
    });
    expect(parseDayHours(1, "25:00-26:00").ok).toBe(false);
    expect(parseDayHours(5, "20:00-08:00")).toEqual({
      ok: false,
      error: "20:00-08:00 closes before it opens: a range must end the same day, after it starts.",
    });
  });

  it("writes ranges back as typed", () => {
    expect(formatDayHours([
      { weekday: 1, opensAt: "08:00", closesAt: "12:00" },
      { weekday: 1, opensAt: "13:00", closesAt: "20:00" },
    ])).toBe("08:00-12:00, 13:00-20:00");
  });
});

describe("postal codes", () => {
  it("splits on commas, semicolons and new lines, never on the space inside a code", () => {
    expect(splitPostalCodes(" 62701, 62702\n62703;K1A 0B1\r\nsw1a 1aa ")).toEqual(["62701", "62702", "62703", "K1A 0B1", "sw1a 1aa"]);
    expect(splitPostalCodes(" \n , ")).toEqual([]);
  });
});
