// Why: every admin change is the same four steps (parse the form with zod, make one change, then a
// 303 with a one-time notice, or the form back with its errors and what was typed), so they are
// written once, here; a route says only which change to make and what to say after it.
import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { AdminUser } from "~/accounts/auth.server";
import type { AuditContext } from "~/ops/audit.server";
import { parseForm, readFormData, shopErrorToForm, type FormFailure } from "./forms";
import { redirectWithNotice } from "./session.server";
import { isShopError, type ShopError } from "./shop-error";

/**
 * A refused form: its errors and the values typed, and which form of the page sent it (`form`), so
 * only that one shows them; `null` when the page does not know the form (a stale page's intent).
 */
export type AdminFormFailure = FormFailure & { form: string | null };

/** The change went through: the page to go to and the notice it shows once. */
export interface Done {
  redirectTo: string;
  notice: string;
}

export function done(redirectTo: string, notice: string): Done {
  return { redirectTo, notice };
}

/** A refusal the route decides itself (a domain call answered "no"), shown like the database's own. */
export function refusal(status: ShopError["status"], message: string, field?: string): ShopError {
  return { status, message, field };
}

export interface AdminFormOptions {
  /**
   * The inputs the form shows errors beside, for all its intents or per intent. An error on any
   * other field (a hidden id, a button's value, a refusal about something else) is the form's.
   */
  fields: readonly string[] | Readonly<Record<string, readonly string[]>>;
  /** Which form this is, when a page repeats one (`variant-12`); by default the intent sent. */
  form?: string | ((values: Record<string, string>) => string);
}

const UNKNOWN_FORM = "That form is not one this page knows; reload the page.";

export function auditContext(admin: AdminUser, context: AppLoadContext): AuditContext {
  return { admin, requestId: context.requestId, ip: context.clientIp };
}

function failed(form: string | null, failure: FormFailure, status: number) {
  return data<AdminFormFailure>({ ...failure, form }, { status });
}

/**
 * Parses the posted form with `schema` (a plain schema, or `z.discriminatedUnion("intent", …)` with
 * one branch per form of the page), runs `change` with what it read, and answers: a 303 to
 * `done(...)`'s page with its notice; 422 with the field errors; a refusal (LR404/LR409/LR422 from
 * the database, or `refusal(...)`) with its status, on its field when the form shows that field;
 * 400 for an intent the schema does not know. Anything else thrown (a 404 Response) goes through.
 */
export async function adminAction<Schema extends z.ZodTypeAny>(
  request: Request,
  schema: Schema,
  /** `formData` is the form as posted, for what a schema does not read: an uploaded file. */
  change: (input: z.output<Schema>, formData: FormData) => Promise<Done | ShopError>,
  options: AdminFormOptions,
) {
  const formData = await readFormData(request);
  const form = parseForm(formData, schema);
  const { values } = form;
  if (!form.ok && form.errors.intent) return failed(null, { errors: {}, formError: UNKNOWN_FORM, values }, 400);
  const name = typeof options.form === "function" ? options.form(values) : (options.form ?? values.intent ?? "form");
  // Own keys only: an intent such as "toString" must not find Object.prototype's.
  const perIntent = options.fields as Readonly<Record<string, readonly string[]>>;
  const fields = Array.isArray(options.fields)
    ? (options.fields as readonly string[])
    : (Object.hasOwn(perIntent, values.intent ?? "") ? perIntent[values.intent ?? ""] : []);
  if (!form.ok) {
    const elsewhere = Object.entries(form.errors).find(([field]) => !fields.includes(field));
    return failed(name, { errors: form.errors, formError: elsewhere?.[1], values }, 422);
  }
  let outcome: Done | ShopError;
  try {
    outcome = await change(form.data, formData);
  } catch (error) {
    const refused = isShopError(error);
    if (!refused) throw error;
    outcome = refused;
  }
  if ("redirectTo" in outcome) return redirectWithNotice(request, outcome.redirectTo, outcome.notice);
  return failed(name, shopErrorToForm(outcome, values, fields), outcome.status);
}
