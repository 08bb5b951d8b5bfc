// scrypt work is bounded: at most two runs at once (libuv's pool is the whole shop's), the rest wait
// their turn in order, and past 32 waiting a guess is refused at once instead of queueing forever.
import { describe, expect, it } from "vitest";
import { hashPassword, passwordWork, PasswordWorkBusyError, verifyPassword } from "~/accounts/password.server";

describe("scrypt work", () => {
  it("runs at most two at once and gets every answer right", async () => {
    const stored = await hashPassword("right");
    const checks = Array.from({ length: 6 }, (_, i) => verifyPassword(i % 2 ? "right" : "wrong", stored));
    expect(passwordWork()).toEqual({ running: 2, waiting: 4 });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, passwordWork().running)), 1);
    const answers = await Promise.all(checks);
    clearInterval(sampler);
    expect(answers).toEqual([false, true, false, true, false, true]);
    expect(peak).toBeLessThanOrEqual(2);
    expect(passwordWork()).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses a guess at once when 32 are already waiting, and recovers", async () => {
    const stored = await hashPassword("right");
    const queued = Array.from({ length: 34 }, () => verifyPassword("wrong", stored));
    expect(passwordWork()).toEqual({ running: 2, waiting: 32 });
    await expect(verifyPassword("right", stored)).rejects.toBeInstanceOf(PasswordWorkBusyError);
    await Promise.all(queued);
    await expect(verifyPassword("right", stored)).resolves.toBe(true);
  }, 60_000);
});
