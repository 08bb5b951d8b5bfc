// A circuit breaker: after `failureThreshold` failures in a row it opens and refuses calls at once;
// after `cooldownMs` it lets one probe through (half-open); the probe's outcome closes or reopens it.

export type BreakerState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (state: BreakerState) => void;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private current: BreakerState = "closed";
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === "open" && this.now() - this.openedAt >= this.options.cooldownMs) {
      this.transition("half_open");
    }
    return this.current;
  }

  /** Whether a call may go out now; in half-open state only one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "half_open" && !this.probeInFlight) {
      this.probeInFlight = true;
      return true;
    }
    return false;
  }

  recordSuccess() {
    this.failures = 0;
    this.probeInFlight = false;
    if (this.current !== "closed") this.transition("closed");
  }

  recordFailure() {
    this.failures += 1;
    const probeFailed = this.current === "half_open";
    this.probeInFlight = false;
    if (probeFailed || (this.current === "closed" && this.failures >= this.options.failureThreshold)) {
      this.openedAt = this.now();
      this.transition("open");
    }
  }

  /** A call that neither succeeded nor failed against the service (e.g. refused for bad input). */
  release() {
    this.probeInFlight = false;
  }

  private transition(state: BreakerState) {
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
