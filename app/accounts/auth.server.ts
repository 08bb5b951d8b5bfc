// Admin sign-in, sign-out, and the guards: every /admin route calls requireAdmin, every change only
// an owner may make calls requireOwner. The signed-in member lives in the admin's own session
// (lib/session.server.ts); a deactivated member's session is refused on their next request.
import { safeRedirect } from "./safe-redirect";
import { redirect } from "@remix-run/node";
import { sql } from "~/lib/db.server";
import { shopName } from "~/fulfillment/shop.server";
import { hashPassword, verifyPassword } from "./password.server";
import { passwordProblem } from "./password-policy";
import { commitAdminSession, destroyAdminSession, getAdminSession, type AdminSessionData } from "~/lib/session.server";
import type { AuditContext } from "~/ops/audit.server";
import { recordAudit } from "~/ops/audit.server";

export interface AdminUser {
  id: number;
  email: string;
  name: string;
  role: "owner" | "staff";
}

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const decoyHash = hashPassword("larder-decoy-password");

/** The member whose email and password these are, or null (unknown, wrong, or deactivated: one answer). */
export async function authenticateAdmin(email: string, password: string): Promise<AdminUser | null> {
  const [row] = await sql<(AdminUser & { password_hash: string; active: boolean })[]>`
    select id, email, name, role, password_hash, deactivated_at is null as active
      from admin_users where lower(email) = lower(${email})`;
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  if (!row || !ok || !row.active) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

interface SignedIn {
  admin: AdminUser;
  /** The owners require two-factor and this member has not set it up yet. */
  mustEnrol: boolean;
}

async function signedIn(request: Request): Promise<SignedIn | null> {
  const session = await getAdminSession(request);
  const adminUserId = session.get("adminUserId");
  if (!adminUserId) return null;
  const [row] = await sql<(AdminUser & { mustEnrol: boolean })[]>`
    select id, email, name, role, (totp_enabled_at is null and two_factor_required()) as "mustEnrol"
      from admin_users where id = ${adminUserId} and deactivated_at is null`;
  if (!row) return null;
  const { mustEnrol, ...admin } = row;
  return { admin, mustEnrol };
}

export async function getAdmin(request: Request): Promise<AdminUser | null> {
  return (await signedIn(request))?.admin ?? null;
}

/** Pages a member who must set up two-factor may still open. */
const ENROLMENT_PATHS = /^\/admin\/account\/?$/;

export async function requireAdmin(request: Request): Promise<AdminUser> {
  const found = await signedIn(request);
  const url = new URL(request.url);
  if (!found) {
    // Back to the page after signing in; a huge query is dropped rather than made into a Location
    // header too big for a browser or proxy to read.
    const redirectTo = url.search.length > 1000 ? url.pathname : `${url.pathname}${url.search}`;
    throw redirect(`/admin/login?redirectTo=${encodeURIComponent(redirectTo.slice(0, 2000))}`);
  }
  if (found.mustEnrol && !ENROLMENT_PATHS.test(url.pathname)) throw redirect("/admin/account");
  return found.admin;
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

/**
 * A new admin session in place of the request's (a new id at every step of signing in and at
 * sign-out: no session fixation), holding `data`; the Set-Cookie header that says so.
 */
export async function replaceAdminSession(request: Request, data: AdminSessionData | null): Promise<string> {
  const old = await getAdminSession(request);
  const destroyed = await destroyAdminSession(old);
  if (!data) return destroyed;
  const fresh = await getAdminSession(new Request(request.url));
  for (const [key, value] of Object.entries(data)) fresh.set(key as keyof AdminSessionData, value as never);
  return commitAdminSession(fresh);
}

export async function signIn(request: Request, admin: AdminUser, redirectTo: string) {
  await sql`update admin_users set last_login_at = now() where id = ${admin.id}`;
  const cookie = await replaceAdminSession(request, { adminUserId: admin.id, signedInAt: Date.now() });
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export async function signOut(request: Request) {
  return redirect("/admin/login", { headers: { "Set-Cookie": await replaceAdminSession(request, null) } });
}

/** Ends every session of the signed-in member (all their devices), this one included. */
export async function signOutEverywhere(request: Request, audit: AuditContext) {
  await sql.begin(async (tx) => {
    await tx`delete from sessions where admin_user_id = ${audit.admin.id}`;
    await recordAudit(tx, audit, { action: "admin.sign_out_everywhere", subjectType: "admin_user", subjectId: audit.admin.id });
  });
  return redirect("/admin/login", { headers: { "Set-Cookie": await replaceAdminSession(request, null) } });
}

/** Thrown when a password breaks the policy; its message says why, for the form or the terminal. */
export class PasswordRefused extends Error {
  readonly code = "LR422";
  readonly column_name = "password";
}

/** The policy, with the shop's name: the message that refuses `password`, or null. */
export async function passwordRefusal(password: string, email: string | null): Promise<string | null> {
  return passwordProblem(password, { email, shopName: await shopName() });
}

export async function createAdminUser(input: { email: string; password: string; name?: string; role?: "owner" | "staff" }) {
  const problem = await passwordRefusal(input.password, input.email);
  if (problem) throw new PasswordRefused(problem);
  const passwordHash = await hashPassword(input.password);
  const [row] = await sql<AdminUser[]>`
    insert into admin_users (email, name, password_hash, role, password_changed_at)
    values (${input.email.trim()}, ${input.name ?? ""}, ${passwordHash}, ${input.role ?? "owner"}, now())
    returning id, email, name, role`;
  return row;
}

/** Changes the signed-in member's own password, after checking the current one. */
export async function changeOwnPassword(audit: AuditContext, current: string, next: string): Promise<void> {
  const [row] = await sql<{ hash: string }[]>`select password_hash as hash from admin_users where id = ${audit.admin.id}`;
  if (!row || !(await verifyPassword(current, row.hash))) {
    throw Object.assign(new Error("That is not your current password."), { code: "LR422", column_name: "current" });
  }
  const problem = await passwordRefusal(next, audit.admin.email);
  if (problem) throw new PasswordRefused(problem);
  const hash = await hashPassword(next);
  await sql.begin(async (tx) => {
    await tx`update admin_users set password_hash = ${hash}, password_changed_at = now() where id = ${audit.admin.id}`;
    await recordAudit(tx, audit, { action: "account.change_password", subjectType: "admin_user", subjectId: audit.admin.id });
  });
}
