// What the menu editor's admin actions share: who may change things, the audit context of the
// request, post/redirect/get with a one-time notice, and a database refusal shown on the form that
// was sent (pages with several forms say which one with `form`).
import type { AppLoadContext } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { AuditContext } from "~/ops/audit.server";
import type { AdminUser } from "~/accounts/auth.server";
import { isShopError } from "./db.server";
import { shopErrorToForm, type FormFailure } from "./forms";
import { commitSession, getSession } from "./session.server";

/** A failed form: field errors and the values typed, tagged with the form they belong to. */
export type AdminFormFailure = FormFailure & { form: string };

export function auditContext(admin: AdminUser, context: AppLoadContext): AuditContext {
  return { admin, requestId: context.requestId, ip: context.clientIp };
}

export function failed(form: string, failure: FormFailure, status: number) {
  return data<AdminFormFailure>({ ...failure, form }, { status });
}

/** Staff may look; only an owner changes the menu. */
export function refuseUnlessOwner(admin: AdminUser, form: string) {
  if (admin.role === "owner") return null;
  return failed(form, { errors: {}, formError: "Only an owner can change the menu.", values: {} }, 403);
}

/**
 * Runs one change; a refusal (LR404/LR409/LR422) becomes the form's failure, on the field it names
 * when that field is on the form, with the typed values kept. Anything else is a real error.
 */
export async function attempt<T>(
  form: string,
  values: Record<string, string>,
  fields: readonly string[],
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof failed> }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const refusal = isShopError(error);
    if (!refusal) throw error;
    return { ok: false, response: failed(form, shopErrorToForm(refusal, values, fields), refusal.status) };
  }
}

/** Reads (and so consumes) the one-time notice left by the last change. */
export async function readNotice(request: Request) {
  const session = await getSession(request);
  const notice = session.get("notice") ?? null;
  // Reading a flash consumes it; only then is there anything to save.
  const headers = notice ? { "Set-Cookie": await commitSession(session) } : undefined;
  return { notice, headers };
}

export async function redirectWithNotice(request: Request, to: string, notice: string) {
  const session = await getSession(request);
  session.flash("notice", notice);
  return redirect(to, { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}
