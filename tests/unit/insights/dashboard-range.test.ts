// The dashboard's GET form read into days: presets in the location's own calendar, the comparison
// periods (29 February included), and bad input named per field.
import { describe, expect, it } from "vitest";
import { change, formatChange, parseDashboardQuery } from "~/insights/dashboard-range";

const zones: Record<number, string> = { 1: "America/Los_Angeles", 2: "Pacific/Auckland" };
const parse = (input: Record<string, string>, now: Date) =>
  parseDashboardQuery(input, [1, 2], (location) => zones[location ?? 1], now);

describe("parseDashboardQuery", () => {
  // 07:30 UTC on 2 March: still 1 March in Los Angeles, already the 2nd in Auckland.
  const now = new Date("2026-03-02T07:30:00Z");

  it("reads presets as the location's local days, with the period before as the comparison", () => {
    expect(parse({ range: "today" }, now)).toMatchObject({ ok: true, query: { from: "2026-03-01", to: "2026-03-01", compareFrom: "2026-02-28", compareTo: "2026-02-28" } });
    expect(parse({ range: "today", location: "2" }, now)).toMatchObject({ ok: true, query: { from: "2026-03-02", location: 2 } });
    expect(parse({ range: "yesterday" }, now)).toMatchObject({ ok: true, query: { from: "2026-02-28", to: "2026-02-28" } });
    expect(parse({}, now)).toMatchObject({ ok: true, query: { range: "7d", from: "2026-02-23", to: "2026-03-01", compareFrom: "2026-02-16", compareTo: "2026-02-22", basis: "ordered", location: null } });
    expect(parse({ range: "30d", basis: "fulfilled" }, now)).toMatchObject({ ok: true, query: { from: "2026-01-31", to: "2026-03-01", basis: "fulfilled" } });
    expect(parse({ range: "month", location: "2" }, now)).toMatchObject({ ok: true, query: { from: "2026-03-01", to: "2026-03-02", compareFrom: "2026-02-27", compareTo: "2026-02-28" } });
  });

  it("compares with the same days a year earlier, 29 February standing in as the 28th", () => {
    expect(parse({ range: "custom", from: "2028-02-29", to: "2028-03-01", compare: "year" }, now))
      .toMatchObject({ ok: true, query: { compareFrom: "2027-02-28", compareTo: "2027-03-01" } });
  });

  it("takes a custom range of up to three years", () => {
    expect(parse({ range: "custom", from: "2023-01-01", to: "2025-12-31" }, now)).toMatchObject({ ok: true });
  });

  it.each([
    [{ range: "custom", from: "2026-03-05", to: "2026-03-01" }, "to", /ends before it starts/],
    [{ range: "custom", from: "2023-01-01", to: "2026-01-02" }, "to", /longer than three years/],
    [{ range: "custom", from: "2026-13-01", to: "2026-03-01" }, "from", /“2026-13-01” is not a date/],
    [{ range: "custom", from: "2026-03-01" }, "to", /is not a date/],
    [{ location: "3" }, "location", /no location “3”/],
    [{ location: "1e3" }, "location", /no location/],
    [{ compare: "week" }, "compare", /previous period/],
    [{ basis: "paid" }, "basis", /order date/],
    [{ range: "all" }, "range", /Choose a range/],
  ])("refuses %o, naming %s", (input, field, message) => {
    const parsed = parse(input, now);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[field]).toMatch(message);
  });
});

describe("change", () => {
  it("is a fraction of the comparison, 'new' from nothing, ±0 for nothing on both sides", () => {
    expect(formatChange(change(150, 100))).toBe("+50 %");
    expect(formatChange(change(50, 100))).toBe("−50 %");
    expect(formatChange(change(5, 0))).toBe("new");
    expect(formatChange(change(0, 0))).toBe("±0 %");
    expect(formatChange(change(-20, -10))).toBe("−100 %");
  });
});
