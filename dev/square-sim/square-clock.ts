// Square's own clock for catalog versions and inventory counts: strictly increasing, and optionally skewed from
// ours, so a client that wrongly uses its own clock for `begin_time` misses changes, as it would with Square.
export interface Stamp {
  /** Milliseconds since the epoch on Square's clock; also the catalog `version` of what changed. */
  ms: number;
  /** The same instant as RFC 3339 (`updated_at`, `calculated_at`, `latest_time`). */
  iso: string;
}

export class SquareClock {
  private last = 0;

  /** `skewMs`: how far Square's clock is ahead of ours (negative: behind). */
  constructor(private readonly skewMs = 0) {}

  /** A new instant, later than every one handed out before (two changes never share a time). */
  next(): Stamp {
    const ms = Math.max(Date.now() + this.skewMs, this.last + 1);
    this.last = ms;
    return { ms, iso: new Date(ms).toISOString() };
  }
}
