// The second step of signing in, for members with two-factor: after the right password the admin
// session holds only "password given, code due" (no member) for five minutes and five tries; the
// right code or an unused recovery code then signs in with a new session.
import { redirect } from "@remix-run/node";
import { getAdminSession, commitAdminSession } from "~/lib/session.server";
import { sql } from "~/lib/db.server";
import { recordAudit } from "~/ops/audit.server";
import { replaceAdminSession, signIn, type AdminUser } from "./auth.server";
import { safeRedirect } from "./safe-redirect";
import { hasTwoFactor, verifySecondFactor } from "./two-factor.server";

const PENDING_MS = 5 * 60 * 1000;
const TRIES = 5;

export async function needsSecondFactor(admin: AdminUser): Promise<boolean> {
  return hasTwoFactor(admin.id);
}

/** After the right password: remember who is half signed in, and ask for the code. */
export async function askForCode(request: Request, admin: AdminUser, redirectTo: string) {
  const cookie = await replaceAdminSession(request, {
    pendingTwoFactor: { adminUserId: admin.id, since: Date.now(), redirectTo: safeRedirect(redirectTo), tries: 0 },
  });
  return redirect("/admin/login/code", { headers: { "Set-Cookie": cookie } });
}

/** Whether this browser is half signed in (password given, code due, not timed out). */
export async function codeIsDue(request: Request): Promise<boolean> {
  const pending = (await getAdminSession(request)).get("pendingTwoFactor");
  return !!pending && Date.now() - pending.since < PENDING_MS && pending.tries < TRIES;
}

export type CodeOutcome = { signedIn: Response } | { refused: string; status: 401 | 409; headers?: HeadersInit };

/** Checks the code; signs in with a fresh session when it is right. */
export async function submitCode(request: Request, code: string, audit: { requestId: string; ip: string | null }): Promise<CodeOutcome> {
  const session = await getAdminSession(request);
  const pending = session.get("pendingTwoFactor");
  if (!pending || Date.now() - pending.since >= PENDING_MS || pending.tries >= TRIES) {
    return { refused: "Sign in again: the time for the code ran out.", status: 409 };
  }
  const [admin] = await sql<AdminUser[]>`
    select id, email, name, role from admin_users where id = ${pending.adminUserId} and deactivated_at is null`;
  if (admin && (await verifySecondFactor(admin.id, code))) {
    await recordAudit(sql, { admin, ...audit }, { action: "admin.sign_in", subjectType: "admin_user", subjectId: admin.id, after: { two_factor: true } });
    return { signedIn: await signIn(request, admin, pending.redirectTo) };
  }
  session.set("pendingTwoFactor", { ...pending, tries: pending.tries + 1 });
  return {
    refused: pending.tries + 1 >= TRIES ? "That code is not right. Sign in again." : "That code is not right (or was already used). Enter the code your app shows now.",
    status: 401,
    headers: { "Set-Cookie": await commitAdminSession(session) },
  };
}
