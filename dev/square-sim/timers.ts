// Work the simulator does later on its own (a refund completing), tracked so tests can await it and reset cancel it.
export class Timers {
  private readonly pending = new Map<NodeJS.Timeout, { done: Promise<void>; settle: () => void }>();

  schedule(delayMs: number, task: () => void): void {
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      try {
        task();
      } finally {
        settle();
      }
    }, delayMs);
    this.pending.set(timer, { done, settle });
  }

  /** Resolves once every scheduled task has run (including tasks scheduled meanwhile). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()].map((entry) => entry.done));
  }

  /** Cancels every scheduled task. */
  clear(): void {
    for (const [timer, entry] of this.pending) {
      clearTimeout(timer);
      entry.settle();
    }
    this.pending.clear();
  }
}
