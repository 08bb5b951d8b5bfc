// Square's idempotency for create endpoints: per endpoint, the same key with the same body answers the first
// answer again and does nothing; the same key with another body is 400 IDEMPOTENCY_KEY_REUSED.
import { badRequest } from "./errors";
import type { Reply } from "./http";

interface StoredAnswer {
  /** Canonical JSON of the first request body, to tell a replay from a reuse with another body. */
  fingerprint: string;
  reply: Reply;
}

/** JSON with object keys sorted, so two bodies that differ only in key order count as the same request. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner
  );
}

export class IdempotencyStore {
  private readonly answers = new Map<string, StoredAnswer>();

  /**
   * Runs `create` once per (scope, key) and remembers its reply, a snapshot: a replay returns exactly the first
   * answer even if the object changed since. An error `create` throws is not remembered (nothing was created),
   * so a corrected request may reuse the key. No key (or an empty one): runs every time.
   */
  run(scope: string, key: string | undefined, body: unknown, create: () => Reply): { reply: Reply; replayed: boolean } {
    if (!key) return { reply: create(), replayed: false };
    const id = `${scope}\u0000${key}`;
    const fingerprint = canonicalJson(body);
    const previous = this.answers.get(id);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw badRequest(
          "IDEMPOTENCY_KEY_REUSED",
          "The idempotency key was already used for a request with a different body.",
          "idempotency_key"
        );
      }
      return { reply: previous.reply, replayed: true };
    }
    const reply = create();
    this.answers.set(id, { fingerprint, reply: structuredClone(reply) });
    return { reply, replayed: false };
  }

  clear(): void {
    this.answers.clear();
  }
}
