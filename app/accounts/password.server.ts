// Password hashing with scrypt (node:crypto): "scrypt$N$r$p$salt$hash", parts base64.
// scrypt runs in libuv's thread pool, which the whole shop shares (file reads, DNS, zlib): at most
// SCRYPT_AT_ONCE runs at a time, so a flood of guesses queues here instead of filling the pool, and
// past SCRYPT_QUEUE waiting ones a guess is refused at once (PasswordWorkBusyError: 503).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1 };
const SCRYPT_AT_ONCE = 2;
const SCRYPT_QUEUE = 32;

export class PasswordWorkBusyError extends Error {
  constructor() {
    super("Too many sign-ins are being checked right now.");
  }
}

let running = 0;
const waiting: (() => void)[] = [];

/** How many scrypt runs are under way and how many wait for a turn (for tests and health). */
export function passwordWork() {
  return { running, waiting: waiting.length };
}

async function takeTurn(): Promise<void> {
  if (running < SCRYPT_AT_ONCE) {
    running += 1;
    return;
  }
  if (waiting.length >= SCRYPT_QUEUE) throw new PasswordWorkBusyError();
  // The finishing run hands its turn over (running stays counted), so no one can jump the queue.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function endTurn() {
  const next = waiting.shift();
  if (next) next();
  else running -= 1;
}

async function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  await takeTurn();
  try {
    return await new Promise((resolve, reject) => {
      scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
        error ? reject(error) : resolve(key),
      );
    });
  } finally {
    endTurn();
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
