// Packing's rules: which orders go on which list, in what order, their next step, labels and no-shows.
import { describe, expect, it } from "vitest";
import type { BoardOrder } from "~/kitchen/board";
import { allergensOf, bagsFrom, forPacking, packingView, shelfStep, slotOf, stopStep, uncollected, windowsOf } from "~/kitchen/packing";

let next = 1;
function order(fields: Partial<BoardOrder>): BoardOrder {
  const number = next++;
  return {
    id: number, number, state: "paid", fulfillment: "pickup", customerName: `C${number}`, customerPhone: "555",
    totalCents: 1000, currency: "USD", paidAt: "2026-12-01T10:00:00Z", payAtPickup: false, acceptedAt: "2026-12-01T10:00:00Z",
    delayMinutes: 0, promisedAt: "2026-12-01T17:00:00.000Z", shipOn: null, deliveryZoneName: null, customerNote: null,
    items: [], address: null, noShowAt: null, customerNoShows: 0, ...fields,
  };
}

describe("packing", () => {
  it("takes the delay off the promised time to find the booked slot", () => {
    expect(slotOf({ promisedAt: "2026-12-01T17:10:00.000Z", delayMinutes: 10 })).toBe("2026-12-01T17:00:00.000Z");
    expect(slotOf({ promisedAt: null, delayMinutes: 0 })).toBeNull();
  });

  it("lists one kind, without cancelled or unpaid online orders, pickups by slot and deliveries by zone then postal code", () => {
    const late = order({ promisedAt: "2026-12-01T18:00:00.000Z" });
    const early = order({ promisedAt: "2026-12-01T16:00:00.000Z" });
    const cancelled = order({ state: "cancelled" });
    const unpaid = order({ state: "pending_payment", acceptedAt: null });
    const owing = order({ state: "pending_payment", payAtPickup: true, paidAt: null });
    const north = order({ fulfillment: "delivery", deliveryZoneName: "North", address: { line1: "1 A St", line2: null, postalCode: "62702" } });
    const centreB = order({ fulfillment: "delivery", deliveryZoneName: "Centre", address: { line1: "2 B St", line2: null, postalCode: "62704" } });
    const centreA = order({ fulfillment: "delivery", deliveryZoneName: "Centre", address: { line1: "3 C St", line2: null, postalCode: "62701" } });
    const all = [late, early, cancelled, unpaid, owing, north, centreB, centreA];
    expect(forPacking(all, "pickup").map((o) => o.id)).toEqual([early.id, owing.id, late.id]);
    expect(forPacking(all, "delivery").map((o) => o.id)).toEqual([centreA.id, centreB.id, north.id]);
    expect(forPacking(all, "pickup", "2026-12-01T16:00:00.000Z").map((o) => o.id)).toEqual([early.id]);
    expect(windowsOf(all, "pickup")).toEqual(["2026-12-01T16:00:00.000Z", "2026-12-01T17:00:00.000Z", "2026-12-01T18:00:00.000Z"]);
    expect(windowsOf(all, "shipping")).toEqual([]);
  });

  it("offers the shelf's and the driver's next step", () => {
    expect(shelfStep(order({ state: "preparing" }))?.label).toBe("Packed");
    expect(shelfStep(order({ state: "ready" }))).toEqual({ step: "collected", label: "Collected" });
    expect(shelfStep(order({ state: "completed" }))).toBeNull();
    expect(stopStep(order({ fulfillment: "delivery", state: "ready" }))?.label).toBe("Out for delivery");
    expect(stopStep(order({ fulfillment: "delivery", state: "out_for_delivery" }))?.label).toBe("Delivered");
  });

  it("lists pickups past their time that nobody collected or recorded", () => {
    const now = new Date("2026-12-01T19:00:00Z");
    const due = order({ state: "ready", promisedAt: "2026-12-01T18:00:00.000Z" });
    const recorded = order({ state: "ready", promisedAt: "2026-12-01T18:00:00.000Z", noShowAt: "2026-12-01T18:30:00Z" });
    const collected = order({ state: "completed", promisedAt: "2026-12-01T18:00:00.000Z" });
    const later = order({ state: "ready", promisedAt: "2026-12-01T20:00:00.000Z" });
    expect(uncollected([due, recorded, collected, later], now).map((o) => o.id)).toEqual([due.id]);
  });

  it("reads bag counts and a view from the address, falling back on bad input", () => {
    const params = new URLSearchParams("bags-7=3&bags-8=0&bags-9=abc");
    expect([bagsFrom(params, 7), bagsFrom(params, 8), bagsFrom(params, 9), bagsFrom(params, 10)]).toEqual([3, 1, 1, 1]);
    expect(packingView(new URL("http://x/admin/packing?date=2026-12-05&kind=delivery"), "UTC")).toEqual({ day: "2026-12-05", kind: "delivery", window: null });
    expect(packingView(new URL("http://x/admin/packing?date=nope&kind=boats&window=x"), "UTC").kind).toBe("pickup");
  });

  it("names each allergen once", () => {
    const items = [{ allergens: ["gluten", "dairy"] }, { allergens: ["dairy"] }] as BoardOrder["items"];
    expect(allergensOf({ items })).toEqual(["dairy", "gluten"]);
  });
});
