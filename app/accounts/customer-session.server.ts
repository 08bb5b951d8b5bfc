// The signed-in customer's session (docs/decisions/019): its own cookie `__larder_account`, apart
// from the cart's (`__larder`) and the admin's (`__larder_admin`), and its own rows in `sessions`
// (`data.kind = 'customer'`, `customer_id` set), written by sign_in_customer in the transaction
// that spends the code, so a code never signs in without its session nor a session outlive erasure.
import { createCookie, redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import { sql } from "~/lib/db.server";
import { env } from "~/lib/env.server";

/** A customer stays signed in this long after signing in (no idle timeout: the cookie holds no admin rights). */
export const ACCOUNT_SESSION_DAYS = 30;

const accountCookie = createCookie("__larder_account", {
  httpOnly: true,
  // Lax: the link in the sign-in email is a top-level GET from a mail client and must arrive with it.
  sameSite: "lax",
  path: "/",
  secure: env.isProduction && !env.PUBLIC_URL?.startsWith("http://"),
  secrets: [env.sessionSecret],
  maxAge: ACCOUNT_SESSION_DAYS * 24 * 60 * 60,
});

/** A new session's id and end, for sign_in_customer to write. */
export function newAccountSession(): { id: string; expires: Date } {
  return { id: randomBytes(24).toString("base64url"), expires: new Date(Date.now() + ACCOUNT_SESSION_DAYS * 24 * 60 * 60 * 1000) };
}

export function accountCookieFor(session: { id: string; expires: Date }): Promise<string> {
  return accountCookie.serialize(session.id, { expires: session.expires });
}

async function sessionIdOf(request: Request): Promise<string | null> {
  const id: unknown = await accountCookie.parse(request.headers.get("Cookie"));
  return typeof id === "string" && /^[\w-]{32}$/.test(id) ? id : null;
}

/** The signed-in customer's id, or null (no cookie, a forged one, an ended or erased session). */
export async function signedInCustomerId(request: Request): Promise<number | null> {
  const id = await sessionIdOf(request);
  if (!id) return null;
  const [row] = await sql<{ customerId: number }[]>`
    select customer_id as "customerId" from sessions
     where id = ${id} and expires_at > now() and data ->> 'kind' = 'customer' and customer_id is not null`;
  return row?.customerId ?? null;
}

/** The guard of /account: the signed-in customer's id, or a redirect to sign in. */
export async function requireCustomer(request: Request): Promise<number> {
  const customerId = await signedInCustomerId(request);
  if (customerId === null) throw redirect("/account/sign-in");
  return customerId;
}

/** Ends this browser's account session; the Set-Cookie header that forgets it. */
export async function endAccountSession(request: Request): Promise<string> {
  const id = await sessionIdOf(request);
  if (id) await sql`delete from sessions where id = ${id} and data ->> 'kind' = 'customer'`;
  return accountCookie.serialize("", { maxAge: 0 });
}
