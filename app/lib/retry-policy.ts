// When a call to an outside service is worth repeating, and how long to wait first: exponential
// backoff with full jitter, never shorter than the server's Retry-After.

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterSeconds: number | null, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const floor = retryAfterSeconds !== null ? retryAfterSeconds * 1000 : 0;
  return Math.min(Math.max(jittered, floor), Math.max(policy.maxDelayMs, floor));
}

/** HTTP statuses that say "try again later": rate limited, or the server failed. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500);
}

export function parseRetryAfter(value: string | null | undefined): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(0, (date - Date.now()) / 1000), 60);
}
