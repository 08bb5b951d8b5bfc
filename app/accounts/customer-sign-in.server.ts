// Customers sign in with a one-time code or link by email (docs/decisions/019). Asking for one is
// limited per email and per address (every request counts: each sends an email); a wrong code or
// link is limited per email and per address before it is checked, and only a right one gives its
// attempt back. Any address gets a code (the account is made on first use), so no answer says
// whether the shop knows an email.
import { createHash, createHmac, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { sql, isShopError, type ShopError } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { giveBackAttempt, takeAttempt, type LimitKey, type TooMany } from "~/ops/rate-limit.server";
import { accountCookieFor, newAccountSession } from "./customer-session.server";

// Six digits are a million guesses: hashed alone they are reversed in a second, so the hash is
// keyed by a secret the database does not hold.
const codeKey = Buffer.from(hkdfSync("sha256", env.sessionSecret, "larder", "customer sign-in code", 32));

const normal = (email: string) => email.trim().toLowerCase();

export function signInCodeHash(email: string, code: string): Buffer {
  return createHmac("sha256", codeKey).update(`${normal(email)}\n${code}`).digest();
}

export function signInLinkHash(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Emails a new code and link to `email`; a refusal when the address or the client asked too often. */
export async function requestSignInCode(email: string, ip: string | null): Promise<TooMany | null> {
  const tooMany = await takeAttempt([{ limit: "account_code_email_per_email", value: normal(email) }, { limit: "account_code_email_per_ip", value: ip }]);
  if (tooMany) return tooMany;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const token = randomBytes(32).toString("base64url");
  await sql`select request_customer_sign_in(${email}, ${code}, ${signInCodeHash(email, code)}, ${token}, ${signInLinkHash(token)})`;
  return null;
}

export type SignInOutcome =
  | { ok: true; customerId: number; setCookie: string }
  | { ok: false; tooMany: TooMany }
  | { ok: false; refused: ShopError };

async function signIn(keys: LimitKey[], email: string | null, codeHash: Buffer | null, linkHash: Buffer | null): Promise<SignInOutcome> {
  const tooMany = await takeAttempt(keys);
  if (tooMany) return { ok: false, tooMany };
  const session = newAccountSession();
  try {
    const [{ customerId }] = await sql<{ customerId: number }[]>`
      select sign_in_customer(${email}, ${codeHash}, ${linkHash}, ${session.id}, ${session.expires}) as "customerId"`;
    await giveBackAttempt(keys);
    return { ok: true, customerId, setCookie: await accountCookieFor(session) };
  } catch (error) {
    const refused = isShopError(error);
    if (!refused) throw error;
    return { ok: false, refused };
  }
}

/** Signs in with the emailed code; a wrong, used or expired code counts against the limits. */
export function signInWithCode(email: string, code: string, ip: string | null): Promise<SignInOutcome> {
  return signIn([{ limit: "account_code_wrong_per_email", value: normal(email) }, { limit: "account_code_wrong_per_ip", value: ip }],
    email, signInCodeHash(email, code), null);
}

/** Signs in with the emailed link's token; a wrong one counts against the address's limit. */
export function signInWithLink(token: string, ip: string | null): Promise<SignInOutcome> {
  return signIn([{ limit: "account_code_wrong_per_ip", value: ip }], null, null, signInLinkHash(token));
}

export type LinkState = "usable" | "used" | "expired" | "unknown";

/** What the emailed link can still do, read before it is used (the page's GET changes nothing). */
export async function signInLinkState(token: string): Promise<LinkState> {
  const [row] = await sql<{ used: boolean; expired: boolean }[]>`
    select used_at is not null as used, expires_at <= now() as expired from customer_sign_in_codes where link_hash = ${signInLinkHash(token)}`;
  if (!row) return "unknown";
  return row.used ? "used" : row.expired ? "expired" : "usable";
}
