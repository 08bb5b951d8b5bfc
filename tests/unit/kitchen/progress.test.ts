// The customer's progress line and state words, per kind of fulfilment.
import { describe, expect, it } from "vitest";
import { customerStateLabel, orderProgress } from "~/kitchen/progress";

const current = (steps: ReturnType<typeof orderProgress>) => steps?.find((step) => step.status === "current")?.label ?? null;

describe("order progress", () => {
  it("walks a pickup from placed to picked up", () => {
    expect(current(orderProgress({ state: "pending_payment", fulfillment: "pickup", acceptedAt: null }))).toBe("Placed");
    expect(current(orderProgress({ state: "paid", fulfillment: "pickup", acceptedAt: null }))).toBe("Paid");
    expect(current(orderProgress({ state: "paid", fulfillment: "pickup", acceptedAt: "2026-12-01T10:00:00Z" }))).toBe("Accepted");
    expect(current(orderProgress({ state: "preparing", fulfillment: "pickup", acceptedAt: "x" }))).toBe("Preparing");
    expect(current(orderProgress({ state: "ready", fulfillment: "pickup", acceptedAt: "x" }))).toBe("Ready for pickup");
    const done = orderProgress({ state: "completed", fulfillment: "pickup", acceptedAt: "x" })!;
    expect(done.every((step) => step.status === "done")).toBe(true);
    expect(done.at(-1)!.label).toBe("Picked up");
  });

  it("never says pickup for a delivery or shipped for a pickup", () => {
    expect(orderProgress({ state: "ready", fulfillment: "delivery", acceptedAt: "x" })!.map((step) => step.label)).toEqual([
      "Placed", "Paid", "Accepted", "Preparing", "Out for delivery", "Delivered",
    ]);
    expect(current(orderProgress({ state: "ready", fulfillment: "delivery", acceptedAt: "x" }))).toBe("Preparing");
    expect(current(orderProgress({ state: "out_for_delivery", fulfillment: "delivery", acceptedAt: "x" }))).toBe("Out for delivery");
    expect(orderProgress({ state: "ready", fulfillment: "shipping", acceptedAt: "x" })!.at(-1)!.label).toBe("Shipped");
    expect(customerStateLabel("completed", "pickup")).toBe("Picked up");
    expect(customerStateLabel("completed", "delivery")).toBe("Delivered");
    expect(customerStateLabel("completed", "shipping")).toBe("Shipped");
    expect(customerStateLabel("ready", "shipping")).toBe("Packed");
  });

  it("shows no progress for a cancelled or refunded order", () => {
    expect(orderProgress({ state: "cancelled", fulfillment: "pickup", acceptedAt: null })).toBeNull();
    expect(orderProgress({ state: "refunded", fulfillment: "delivery", acceptedAt: "x" })).toBeNull();
  });

  it("has no Paid step before the kitchen for an order paid at pickup", () => {
    const steps = orderProgress({ state: "pending_payment", fulfillment: "pickup", acceptedAt: "x", payAtPickup: true });
    expect(steps?.map((step) => step.label)).toEqual(["Placed", "Accepted", "Preparing", "Ready for pickup", "Picked up"]);
    expect(current(steps)).toBe("Accepted");
    expect(current(orderProgress({ state: "ready", fulfillment: "pickup", acceptedAt: "x", payAtPickup: true }))).toBe("Ready for pickup");
    expect(customerStateLabel("pending_payment", "pickup", true)).toBe("Confirmed: pay at pickup");
    expect(orderProgress({ state: "cancelled", fulfillment: "pickup", acceptedAt: "x", payAtPickup: true })).toBeNull();
  });
});
