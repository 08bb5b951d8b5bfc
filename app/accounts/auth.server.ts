// Admin sign-in, sign-out, and the guards: every /admin route calls requireAdmin, every change only
// an owner may make calls requireOwner.
import { redirect } from "@remix-run/node";
import { sql } from "~/lib/db.server";
import { hashPassword, verifyPassword } from "./password.server";
import { commitSession, destroySession, getSession } from "~/lib/session.server";

export interface AdminUser {
  id: number;
  email: string;
  name: string;
  role: "owner" | "staff";
}

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword("larder-decoy-password");

export async function authenticateAdmin(email: string, password: string): Promise<AdminUser | null> {
  const [row] = await sql<(AdminUser & { password_hash: string })[]>`
    select id, email, name, role, password_hash from admin_users where lower(email) = lower(${email})`;
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  if (!row || !ok) return null;
  await sql`update admin_users set last_login_at = now() where id = ${row.id}`;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function getAdmin(request: Request): Promise<AdminUser | null> {
  const session = await getSession(request);
  const adminUserId = session.get("adminUserId");
  if (!adminUserId) return null;
  const [row] = await sql<AdminUser[]>`select id, email, name, role from admin_users where id = ${adminUserId}`;
  return row ?? null;
}

export async function requireAdmin(request: Request): Promise<AdminUser> {
  const admin = await getAdmin(request);
  if (!admin) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/admin/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return admin;
}

/** Staff may see every admin page; only an owner changes the shop. */
export function isOwner(admin: AdminUser): boolean {
  return admin.role === "owner";
}

/**
 * The guard of an owners-only action: the signed-in owner, or a 403 that says what staff cannot do
 * (the root error page shows it). Pages hide these forms from staff; this refuses hand-made posts.
 */
export async function requireOwner(request: Request, refusal = "Only an owner can make this change."): Promise<AdminUser> {
  const admin = await requireAdmin(request);
  if (!isOwner(admin)) throw new Response(refusal, { status: 403 });
  return admin;
}

// A new session id at every sign-in and sign-out (no session fixation); the cart is kept.
async function rotateSession(request: Request, adminUserId: number | undefined): Promise<string> {
  const old = await getSession(request);
  const cartId = old.get("cartId");
  const destroyed = await destroySession(old);
  const fresh = await getSession(new Request(request.url));
  if (cartId) fresh.set("cartId", cartId);
  if (adminUserId) fresh.set("adminUserId", adminUserId);
  const committed = await commitSession(fresh);
  return adminUserId || cartId ? committed : destroyed;
}

export async function signIn(request: Request, admin: AdminUser, redirectTo: string) {
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": await rotateSession(request, admin.id) } });
}

export async function signOut(request: Request) {
  return redirect("/admin/login", { headers: { "Set-Cookie": await rotateSession(request, undefined) } });
}

export async function createAdminUser(input: { email: string; password: string; name?: string; role?: "owner" | "staff" }) {
  const passwordHash = await hashPassword(input.password);
  const [row] = await sql<AdminUser[]>`
    insert into admin_users (email, name, password_hash, role)
    values (${input.email.trim()}, ${input.name ?? ""}, ${passwordHash}, ${input.role ?? "owner"})
    returning id, email, name, role`;
  return row;
}

// Only same-site paths under /admin, so a crafted link cannot send a fresh sign-in elsewhere; and
// no control characters or backslashes: CR/LF in a Location header would split it (a 500 from
// Node, or an injected header), and browsers read "\" as "/".
export function safeRedirect(to: string | null | undefined): string {
  if (!to || !to.startsWith("/admin") || to.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(to)) return "/admin/orders";
  return to;
}
