// The production plan's pure rules: the day it opens on (tomorrow from 2 pm local time), days and
// windows read from the address, lines with made/remaining and changes since printed, CSV quoting.
import { describe, expect, it } from "vitest";
import { addDays, defaultPlanDay, parseDay, parseWindow, planLines, signed, windowValue, type PlanRow } from "~/kitchen/production";

const row = (overrides: Partial<PlanRow>): PlanRow => ({
  categoryName: "Savory empanadas", categorySort: 0, productName: "Beef Criolla", variantId: 1, variantName: "Single", unitsPerVariation: 1,
  modifierList: null, modifierName: null, quantity: 0, units: 0, pendingQuantity: 0, pendingUnits: 0, ...overrides,
});

describe("the day the plan opens on", () => {
  const zone = "America/Los_Angeles";
  it("is today before 2 pm local time and tomorrow from 2 pm", () => {
    expect(defaultPlanDay(zone, new Date("2031-03-14T20:59:00Z"))).toBe("2031-03-14"); // 13:59 PDT
    expect(defaultPlanDay(zone, new Date("2031-03-14T21:00:00Z"))).toBe("2031-03-15"); // 14:00 PDT
    // 23:30 local is already the next day in UTC: tomorrow is still counted from the local day.
    expect(defaultPlanDay(zone, new Date("2031-03-15T06:30:00Z"))).toBe("2031-03-15");
    expect(defaultPlanDay(zone, new Date("2031-12-31T23:00:00Z"))).toBe("2032-01-01"); // 15:00 PST on Dec 31
    expect(defaultPlanDay("Asia/Tokyo", new Date("2031-03-14T04:59:00Z"))).toBe("2031-03-14");
    expect(defaultPlanDay("Asia/Tokyo", new Date("2031-03-14T05:00:00Z"))).toBe("2031-03-15");
  });

  it("adds calendar days across months and leap days", () => {
    expect(addDays("2032-02-28", 1)).toBe("2032-02-29");
    expect(addDays("2031-02-28", 1)).toBe("2031-03-01");
  });

  it("reads only real days from the address", () => {
    expect(parseDay("2031-03-14")).toBe("2031-03-14");
    expect(parseDay("2031-02-30")).toBeNull();
    expect(parseDay("tomorrow")).toBeNull();
    expect(parseDay("2031-3-14")).toBeNull();
    expect(parseDay(null)).toBeNull();
  });
});

describe("a window in the address", () => {
  it("reads back what it writes, and tells a bad one from the whole day", () => {
    const slot = { fulfillment: "pickup" as const, start: "2031-03-14T16:00:00.000Z" };
    expect(parseWindow(windowValue(slot))).toEqual(slot);
    expect(parseWindow("shipping")).toEqual({ fulfillment: "shipping", start: null });
    expect(parseWindow("")).toBeNull();
    expect(parseWindow(null)).toBeNull();
    expect(parseWindow("pickup@yesterday")).toBeUndefined();
    expect(parseWindow("collection@2031-03-14T16:00:00Z")).toBeUndefined();
  });
});

describe("plan lines", () => {
  it("joins modifiers to their line, subtracts what is made and says how a line moved since printed", () => {
    const rows = [
      row({ variantId: 2, variantName: "Half dozen", unitsPerVariation: 6, quantity: 14, units: 84, pendingQuantity: 1, pendingUnits: 6 }),
      row({ variantId: 2, variantName: "Half dozen", unitsPerVariation: 6, modifierList: "Add a salsa", modifierName: "Chimichurri", quantity: 5, units: 30 }),
      row({ categoryName: "Sweet empanadas", productName: "Humita", variantId: 3, quantity: 4, units: 4 }),
    ];
    const printed = { id: 1, printedAt: "2031-03-14T01:05:00Z", lines: [row({ variantId: 2, variantName: "Half dozen", units: 72 }), row({ productName: "Ham & Cheese", variantId: 9, units: 5 })] };
    const { categories, goneSincePrinted } = planLines(rows, [{ variantId: 2, madeUnits: 50, madeBy: "Bea", madeAt: "2031-03-14T02:00:00Z" }], printed);
    expect(categories.map((category) => category.name)).toEqual(["Savory empanadas", "Sweet empanadas"]);
    const [half] = categories[0].lines;
    expect([half.units, half.made?.madeUnits, half.remainingUnits, half.sincePrinted]).toEqual([84, 50, 34, 12]);
    expect(half.modifiers).toEqual([{ list: "Add a salsa", name: "Chimichurri", quantity: 5, units: 30, pendingQuantity: 0 }]);
    const [humita] = categories[1].lines;
    expect([humita.made, humita.remainingUnits, humita.sincePrinted]).toEqual([null, 4, 4]);
    expect(goneSincePrinted).toEqual([{ productName: "Ham & Cheese", variantName: "Single", printedUnits: 5 }]);
    expect(signed(12)).toBe("+12");
    expect(signed(-3)).toBe("−3");
  });

  it("shows no change when never printed or unchanged, and never a negative remainder", () => {
    const rows = [row({ quantity: 3, units: 3 })];
    expect(planLines(rows, [], null).categories[0].lines[0].sincePrinted).toBeNull();
    const same = { id: 1, printedAt: "2031-03-14T01:05:00Z", lines: [row({ units: 3 })] };
    expect(planLines(rows, [{ variantId: 1, madeUnits: 5, madeBy: "Bea", madeAt: "2031-03-14T02:00:00Z" }], same).categories[0].lines[0])
      .toMatchObject({ sincePrinted: null, remainingUnits: 0 });
  });
});
