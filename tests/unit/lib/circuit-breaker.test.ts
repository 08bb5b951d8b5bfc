import { describe, expect, it } from "vitest";
import { CircuitBreaker, type BreakerState } from "~/lib/circuit-breaker";

function breaker(threshold = 3, cooldownMs = 1_000) {
  let now = 0;
  const changes: BreakerState[] = [];
  const subject = new CircuitBreaker({ failureThreshold: threshold, cooldownMs, now: () => now, onStateChange: (state) => changes.push(state) });
  return { subject, changes, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreaker", () => {
  it("stays closed below the threshold and forgets failures after a success", () => {
    const { subject } = breaker(3);
    subject.recordFailure();
    subject.recordFailure();
    subject.recordSuccess();
    subject.recordFailure();
    subject.recordFailure();
    expect(subject.state).toBe("closed");
    expect(subject.tryAcquire()).toBe(true);
  });

  it("opens after the threshold of failures in a row and refuses calls", () => {
    const { subject, changes } = breaker(3);
    for (let i = 0; i < 3; i++) subject.recordFailure();
    expect(subject.state).toBe("open");
    expect(subject.tryAcquire()).toBe(false);
    expect(changes).toEqual(["open"]);
  });

  it("lets exactly one probe through after the cooldown, and closes when it succeeds", () => {
    const { subject, changes, advance } = breaker(1, 1_000);
    subject.recordFailure();
    advance(999);
    expect(subject.tryAcquire()).toBe(false);
    advance(1);
    expect(subject.state).toBe("half_open");
    expect(subject.tryAcquire()).toBe(true);
    expect(subject.tryAcquire()).toBe(false);
    subject.recordSuccess();
    expect(subject.state).toBe("closed");
    expect(changes).toEqual(["open", "half_open", "closed"]);
  });

  it("reopens for another cooldown when the probe fails", () => {
    const { subject, advance } = breaker(2, 500);
    subject.recordFailure();
    subject.recordFailure();
    advance(500);
    expect(subject.tryAcquire()).toBe(true);
    subject.recordFailure();
    expect(subject.state).toBe("open");
    advance(499);
    expect(subject.tryAcquire()).toBe(false);
    advance(1);
    expect(subject.tryAcquire()).toBe(true);
  });

  it("frees the probe slot when the probe was refused for its own input", () => {
    const { subject, advance } = breaker(1, 100);
    subject.recordFailure();
    advance(100);
    expect(subject.tryAcquire()).toBe(true);
    subject.release();
    expect(subject.state).toBe("half_open");
    expect(subject.tryAcquire()).toBe(true);
  });
});
