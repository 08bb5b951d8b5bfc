// The pure pieces of the phone checkout: which pickup day is listed, when the first slot is "as
// soon as possible", a time sent with another day, a preset tip's amount, and times with their zone.
import { describe, expect, it } from "vitest";
import { asapPickupSlot, pickupDayMismatch, shownPickupDay } from "~/ordering/pickup-choice";
import { tipForPercent } from "~/ordering/order-money";
import { formatTimeInZone, sameClock } from "~/lib/time";

const CHICAGO = "America/Chicago";
// Tue Dec 1 and Wed Dec 2 2026 in Chicago (UTC−6).
const slots = ["2026-12-01T18:40:00.000Z", "2026-12-01T18:55:00.000Z", "2026-12-02T14:00:00.000Z"];

describe("pickup as a day, then a time", () => {
  it("lists the day asked for, else the chosen time's day, else the first day", () => {
    expect(shownPickupDay(slots, CHICAGO, {})).toBe("2026-12-01");
    expect(shownPickupDay(slots, CHICAGO, { pickupDay: "2026-12-02" })).toBe("2026-12-02");
    expect(shownPickupDay(slots, CHICAGO, { pickupDay: "2026-12-09", pickupAt: slots[2] })).toBe("2026-12-02");
    expect(shownPickupDay(slots, CHICAGO, { pickupAt: "not a time" })).toBe("2026-12-01");
    expect(shownPickupDay([], CHICAGO, {})).toBeNull();
  });

  it("offers the first slot as soon as possible only when it is within the kitchen's soonest", () => {
    const now = new Date("2026-12-01T18:05:00.000Z");
    expect(asapPickupSlot(slots, 35, now)).toBe(slots[0]);
    expect(asapPickupSlot(slots, 34, now)).toBeNull();
    expect(asapPickupSlot([], 35, now)).toBeNull();
  });

  it("refuses a time from another day than the one sent with it (in the shop's zone)", () => {
    expect(pickupDayMismatch(slots[2], "2026-12-01", CHICAGO)).toBe(true);
    expect(pickupDayMismatch(slots[2], "2026-12-02", CHICAGO)).toBe(false);
    // 00:30 UTC on Dec 2 is still Dec 1 in Chicago.
    expect(pickupDayMismatch("2026-12-02T00:30:00.000Z", "2026-12-01", CHICAGO)).toBe(false);
    expect(pickupDayMismatch(undefined, "2026-12-01", CHICAGO)).toBe(false);
  });
});

describe("tip amounts", () => {
  it("are the percentage of the subtotal after the discount, half to even like price_order()", () => {
    expect(tipForPercent({ subtotalCents: 4900, discountCents: 0 }, 15)).toBe(735);
    expect(tipForPercent({ subtotalCents: 4900, discountCents: 490 }, 15)).toBe(662); // 661.5 → 662
    expect(tipForPercent({ subtotalCents: 4430, discountCents: 0 }, 15)).toBe(664); // 664.5 → 664
    expect(tipForPercent({ subtotalCents: 100, discountCents: 200 }, 20)).toBe(0);
  });
});

describe("times with their zone", () => {
  it("names the shop's zone when asked", () => {
    expect(formatTimeInZone(slots[0], CHICAGO, true)).toBe("12:40 PM CST");
    expect(formatTimeInZone(slots[0], CHICAGO, false)).toBe("12:40 PM");
    expect(formatTimeInZone("2026-07-01T17:40:00.000Z", CHICAGO, true)).toBe("12:40 PM CDT");
  });

  it("counts zone aliases as the same clock, and other zones as another", () => {
    expect(sameClock("US/Central", CHICAGO)).toBe(true);
    expect(sameClock("America/Denver", CHICAGO)).toBe(false);
    expect(sameClock("Not/AZone", CHICAGO)).toBe(false);
  });
});
