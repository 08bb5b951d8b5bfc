// The board's rules: where an order sits, which buttons its card offers, how late it is in words.
import { describe, expect, it } from "vitest";
import { boardColumn, canDelay, lateness, nextSteps, owing, waitingToBeAccepted } from "~/kitchen/board";

const now = new Date("2026-12-01T18:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

describe("the board", () => {
  it("puts a paid order in New until it is accepted, then in Accepted", () => {
    expect(boardColumn({ state: "paid", acceptedAt: null })).toBe("new");
    expect(boardColumn({ state: "paid", acceptedAt: at(-1) })).toBe("accepted");
    expect(boardColumn({ state: "refunded", acceptedAt: at(-1) })).toBe("apart");
    expect(boardColumn({ state: "partially_refunded", acceptedAt: null })).toBe("apart");
  });

  it("offers the next step by name, per kind of fulfilment", () => {
    const labels = (state: Parameters<typeof nextSteps>[0]["state"], fulfillment: "pickup" | "delivery" | "shipping", accepted = true) =>
      nextSteps({ state, fulfillment, acceptedAt: accepted ? at(-5) : null }).map((step) => step.label);
    expect(labels("paid", "pickup", false)).toEqual(["Accept"]);
    expect(labels("paid", "pickup")).toEqual(["Start"]);
    expect(labels("preparing", "delivery")).toEqual(["Ready"]);
    expect(labels("ready", "pickup")).toEqual(["Collected"]);
    expect(labels("ready", "delivery")).toEqual(["Out for delivery"]);
    expect(labels("ready", "shipping")).toEqual(["Shipped"]);
    expect(labels("out_for_delivery", "delivery")).toEqual(["Delivered"]);
    expect(labels("completed", "pickup")).toEqual([]);
    expect(canDelay({ state: "preparing", fulfillment: "shipping" })).toBe(false);
    expect(canDelay({ state: "completed", fulfillment: "pickup" })).toBe(false);
  });

  it("says how late an order is in words, until it is ready (or out, for a delivery)", () => {
    expect(lateness({ state: "preparing", fulfillment: "pickup", promisedAt: at(-12) }, now)).toEqual({ level: "late", text: "12 min late" });
    expect(lateness({ state: "paid", fulfillment: "pickup", promisedAt: at(8) }, now)).toEqual({ level: "soon", text: "due in 8 min" });
    expect(lateness({ state: "paid", fulfillment: "pickup", promisedAt: at(125) }, now)).toEqual({ level: "fine", text: "due in 2 h 5 min" });
    expect(lateness({ state: "ready", fulfillment: "pickup", promisedAt: at(-30) }, now)).toBeNull();
    expect(lateness({ state: "ready", fulfillment: "delivery", promisedAt: at(-30) }, now)).toEqual({ level: "late", text: "30 min late" });
    expect(lateness({ state: "paid", fulfillment: "shipping", promisedAt: null }, now)).toBeNull();
  });

  it("flags a new order left unaccepted past the location's limit", () => {
    expect(waitingToBeAccepted({ state: "paid", acceptedAt: null, paidAt: at(-14) }, 10, now)).toBe(14);
    expect(waitingToBeAccepted({ state: "paid", acceptedAt: null, paidAt: at(-3) }, 10, now)).toBeNull();
    expect(waitingToBeAccepted({ state: "paid", acceptedAt: at(-1), paidAt: at(-30) }, 10, now)).toBeNull();
  });

  it("puts an order paid at pickup among the accepted while it waits, lets it be delayed, and says what it owes until paid", () => {
    expect(boardColumn({ state: "pending_payment", acceptedAt: at(-1), payAtPickup: true })).toBe("accepted");
    expect(boardColumn({ state: "pending_payment", acceptedAt: null })).toBe("apart");
    expect(nextSteps({ state: "pending_payment", acceptedAt: at(-1), fulfillment: "pickup", payAtPickup: true }).map((step) => step.label)).toEqual(["Start"]);
    expect(canDelay({ state: "pending_payment", fulfillment: "pickup", payAtPickup: true })).toBe(true);
    expect(canDelay({ state: "pending_payment", fulfillment: "pickup" })).toBe(false);
    expect(owing({ state: "ready", paidAt: null, totalCents: 1250, payAtPickup: true })).toBe(1250);
    expect(owing({ state: "ready", paidAt: at(-1), totalCents: 1250, payAtPickup: true })).toBeNull();
    expect(owing({ state: "cancelled", paidAt: null, totalCents: 1250, payAtPickup: true })).toBeNull();
    expect(owing({ state: "pending_payment", paidAt: null, totalCents: 1250 })).toBeNull();
  });
});
