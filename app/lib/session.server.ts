// Browser sessions kept in Postgres (table `sessions`), two of them here: the customer's (cookie
// `__larder`: the cart, checkout notices) and the admin's (cookie `__larder_admin`, sent only to
// /admin and never from another site, ending after 12 hours without a request). Who is signed in is
// read through app/accounts/auth.server.ts, never from here; a customer signed in to their account
// has a third cookie and its own rows (app/accounts/customer-session.server.ts).
import { createCookie, createSessionStorage, redirect, type Session } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import type { JSONValue } from "postgres";
import { sql } from "./db.server";
import { env } from "./env.server";

const SESSION_DAYS = 14;
/** An admin session ends this long after its last request. */
export const ADMIN_IDLE_HOURS = 12;
// The last request is written at most this often, not once per request.
const ADMIN_TOUCH_SECONDS = 60;

const secure = env.isProduction && !env.PUBLIC_URL?.startsWith("http://");

export interface SessionData {
  cartId?: string;
  /** The email a customer asked a sign-in code for, until they use it (app/routes/account.code.tsx). */
  signInEmail?: string;
}
export interface SessionFlash {
  notice?: string;
  paymentError?: string;
}

export interface AdminSessionData {
  /** Marks the row as an admin session: a customer cookie's value pasted into the admin's reads nothing. */
  kind?: "admin";
  adminUserId?: number;
  /** When the password (and code) were last given, epoch ms. */
  signedInAt?: number;
  /** The password was right and a two-factor code is due (app/accounts/two-factor-sign-in.server.ts). */
  pendingTwoFactor?: { adminUserId: number; since: number; redirectTo: string; tries: number };
  /** The order a member of staff is putting together for a customer (admin/orders/new). */
  staffCartId?: string;
  /** While staff correct an unpaid order's items, its number (staffCartId then holds the new items). */
  revisingOrder?: number;
}
export interface AdminSessionFlash {
  notice?: string;
}

const cookie = createCookie("__larder", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure,
  secrets: [env.sessionSecret],
  maxAge: SESSION_DAYS * 24 * 60 * 60,
});

function expiry(expires: Date | undefined) {
  return expires ?? new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000);
}

const storage = createSessionStorage<SessionData, SessionFlash>({
  cookie,
  async createData(data, expires) {
    const id = randomBytes(24).toString("base64url");
    await sql`insert into sessions (id, data, expires_at) values (${id}, ${sql.json(data as JSONValue)}, ${expiry(expires)})`;
    return id;
  },
  async readData(id) {
    const [row] = await sql<{ data: SessionData }[]>`
      select data from sessions where id = ${id} and expires_at > now() and not data ? 'kind'`;
    return row?.data ?? null;
  },
  async updateData(id, data, expires) {
    await sql`
      update sessions set data = ${sql.json(data as JSONValue)}, expires_at = ${expiry(expires)}, updated_at = now()
       where id = ${id} and not data ? 'kind'`;
  },
  async deleteData(id) {
    await sql`delete from sessions where id = ${id} and not data ? 'kind'`;
  },
});

// Strict: a link or form on another site never carries it, so the first visit from an email link
// arrives signed out (the invite page needs no session). The browser keeps the cookie; the row's
// expires_at, pushed on by requests, decides when the session ends.
const adminCookie = createCookie("__larder_admin", {
  httpOnly: true,
  sameSite: "strict",
  path: "/admin",
  secure,
  secrets: [env.sessionSecret],
  maxAge: SESSION_DAYS * 24 * 60 * 60,
});

const idleEnd = sql`now() + make_interval(hours => ${ADMIN_IDLE_HOURS})`;

const adminStorage = createSessionStorage<AdminSessionData, AdminSessionFlash>({
  cookie: adminCookie,
  async createData(data) {
    const id = randomBytes(24).toString("base64url");
    const row = { ...data, kind: "admin" };
    await sql`
      insert into sessions (id, data, admin_user_id, expires_at)
      values (${id}, ${sql.json(row as JSONValue)}, ${data.adminUserId ?? null}, ${idleEnd})`;
    return id;
  },
  async readData(id) {
    const [row] = await sql<{ data: AdminSessionData; idleSeconds: number }[]>`
      select data, extract(epoch from now() - updated_at)::int as "idleSeconds"
        from sessions where id = ${id} and expires_at > now() and data ->> 'kind' = 'admin'`;
    if (!row) return null;
    if (row.idleSeconds >= ADMIN_TOUCH_SECONDS) {
      await sql`update sessions set updated_at = now(), expires_at = ${idleEnd} where id = ${id} and expires_at > now()`;
    }
    return row.data;
  },
  // Never re-creates a row that is gone: a session ended (sign out everywhere, deactivation) while
  // a request was in flight stays ended.
  async updateData(id, data) {
    await sql`
      update sessions
         set data = ${sql.json({ ...data, kind: "admin" } as JSONValue)}, admin_user_id = ${data.adminUserId ?? null},
             expires_at = ${idleEnd}, updated_at = now()
       where id = ${id} and data ->> 'kind' = 'admin' and expires_at > now()`;
  },
  async deleteData(id) {
    await sql`delete from sessions where id = ${id} and data ->> 'kind' = 'admin'`;
  },
});

export type AppSession = Session<SessionData, SessionFlash>;
export type AdminSession = Session<AdminSessionData, AdminSessionFlash>;

// The root loader and the page's loader both need the customer's session; Remix hands each loader
// a Request of its own but the same load context, so a page's loaders share one read through it.
// Only for GET and HEAD: a loader reads the session, it writes it only to consume a flash message
// (which the other loaders do not read). After an action (a POST) the loaders that run re-read what
// the action saved.
const sessionsOfRequest = new WeakMap<object, { cookie: string | null; session: Promise<AppSession> }>();

/**
 * The customer's session. `scope` is the loader's `context` (one object per HTTP request): given it,
 * the loaders of one GET share one read of the row.
 */
export function getSession(request: Request, scope?: object): Promise<AppSession> {
  const cookieHeader = request.headers.get("Cookie");
  if (!scope || (request.method !== "GET" && request.method !== "HEAD")) return storage.getSession(cookieHeader);
  const shared = sessionsOfRequest.get(scope);
  if (shared && shared.cookie === cookieHeader) return shared.session;
  const session = storage.getSession(cookieHeader);
  sessionsOfRequest.set(scope, { cookie: cookieHeader, session });
  // A failed read is not shared: another loader of the page tries again.
  session.catch(() => {
    if (sessionsOfRequest.get(scope)?.session === session) sessionsOfRequest.delete(scope);
  });
  return session;
}

export const commitSession = storage.commitSession;
export const destroySession = storage.destroySession;

export function getAdminSession(request: Request): Promise<AdminSession> {
  return adminStorage.getSession(request.headers.get("Cookie"));
}

export const commitAdminSession = adminStorage.commitSession;
export const destroyAdminSession = adminStorage.destroySession;

/** Reads (and so consumes) the one-time notice the last admin change left, with the header that saves that. */
export async function readNotice(request: Request) {
  const session = await getAdminSession(request);
  const notice = session.get("notice") ?? null;
  // Reading a flash consumes it; only then is there anything to save.
  const headers = notice ? { "Set-Cookie": await commitAdminSession(session) } : undefined;
  return { notice, headers };
}

/** Post/redirect/get in the admin: a 303 to the page, which shows `notice` once. */
export async function redirectWithNotice(request: Request, to: string, notice: string) {
  const session = await getAdminSession(request);
  session.flash("notice", notice);
  return redirect(to, { status: 303, headers: { "Set-Cookie": await commitAdminSession(session) } });
}
