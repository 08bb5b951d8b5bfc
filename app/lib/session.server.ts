// Browser sessions kept in Postgres: the customer's cart and the admin's login share one cookie.
import { createCookie, createSessionStorage, redirect, type Session } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import type { JSONValue } from "postgres";
import { sql } from "./db.server";
import { env } from "./env.server";

const SESSION_DAYS = 14;

export interface SessionData {
  cartId?: string;
  /** The order a member of staff is putting together for a customer (admin/orders/new). */
  staffCartId?: string;
  /** While staff correct an unpaid order's items, its number (staffCartId then holds the new items). */
  revisingOrder?: number;
  adminUserId?: number;
}
export interface SessionFlash {
  notice?: string;
  paymentError?: string;
}

const cookie = createCookie("__larder", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: env.isProduction && !env.PUBLIC_URL?.startsWith("http://"),
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
    await sql`
      insert into sessions (id, data, admin_user_id, expires_at)
      values (${id}, ${sql.json(data as JSONValue)}, ${data.adminUserId ?? null}, ${expiry(expires)})`;
    return id;
  },
  async readData(id) {
    const [row] = await sql<{ data: SessionData }[]>`
      select data from sessions where id = ${id} and expires_at > now()`;
    return row?.data ?? null;
  },
  async updateData(id, data, expires) {
    await sql`
      update sessions
         set data = ${sql.json(data as JSONValue)}, admin_user_id = ${data.adminUserId ?? null},
             expires_at = ${expiry(expires)}, updated_at = now()
       where id = ${id}`;
  },
  async deleteData(id) {
    await sql`delete from sessions where id = ${id}`;
  },
});

export type AppSession = Session<SessionData, SessionFlash>;

export function getSession(request: Request): Promise<AppSession> {
  return storage.getSession(request.headers.get("Cookie"));
}

export const commitSession = storage.commitSession;
export const destroySession = storage.destroySession;

/** Reads (and so consumes) the one-time notice the last change left, with the header that saves that. */
export async function readNotice(request: Request) {
  const session = await getSession(request);
  const notice = session.get("notice") ?? null;
  // Reading a flash consumes it; only then is there anything to save.
  const headers = notice ? { "Set-Cookie": await commitSession(session) } : undefined;
  return { notice, headers };
}

/** Post/redirect/get: a 303 to the page, which shows `notice` once. */
export async function redirectWithNotice(request: Request, to: string, notice: string) {
  const session = await getSession(request);
  session.flash("notice", notice);
  return redirect(to, { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}
