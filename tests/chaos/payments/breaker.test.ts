// Square's payments API goes down for a while: the circuit breaker opens after a run of failures
// (calls are refused at once, nothing reaches Square, checkout says payments are unavailable),
// half-opens after its cooldown, and closes again once a probe succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardToken, startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({
    env: { SQUARE_MAX_ATTEMPTS: "1", SQUARE_BREAKER_THRESHOLD: "3", SQUARE_BREAKER_COOLDOWN_MS: "300" },
  });
});

afterAll(async () => {
  await harness?.stop();
});

async function payNewOrder(i: number) {
  const orderId = await harness.placeOrder(`outage.${i}@example.com`, [["horchata", "16 oz", 1]]);
  return harness.modules.payments.payOrderWithCard(orderId, await cardToken(harness.simulator, "4111111111111111"));
}

describe("circuit breaker", () => {
  it("opens under a sustained outage and closes after recovery", async () => {
    const { square } = harness.modules;
    harness.simulator.faults.add({ operation: "payments.create", status: 503 });

    for (let i = 0; i < 3; i++) expect((await payNewOrder(i)).kind).toBe("confirming");
    expect(square.squareBreakerStates().payments).toBe("open");
    expect(square.isSquareAvailable("payments")).toBe(false);

    // While open, calls are refused here and never reach Square.
    const reachedSquare = harness.simulator.faults.list()[0].fired;
    expect(await payNewOrder(3)).toEqual({ kind: "unavailable", message: "Payments are temporarily unavailable. Your order is saved: please try again in a few minutes." });
    expect(harness.simulator.faults.list()[0].fired).toBe(reachedSquare);

    // Square recovers; after the cooldown one probe goes through and closes the breaker.
    harness.simulator.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(square.squareBreakerStates().payments).toBe("half_open");
    expect(await payNewOrder(4)).toEqual({ kind: "paid" });
    expect(square.squareBreakerStates().payments).toBe("closed");
    expect(await payNewOrder(5)).toEqual({ kind: "paid" });
  });

  it("reopens when the probe fails", async () => {
    const { square } = harness.modules;
    harness.simulator.faults.add({ operation: "payments.create", status: 500 });
    for (let i = 10; i < 13; i++) await payNewOrder(i);
    expect(square.squareBreakerStates().payments).toBe("open");
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await payNewOrder(13)).kind).toBe("confirming");
    expect(square.squareBreakerStates().payments).toBe("open");
    harness.simulator.faults.clear();
  });
});
