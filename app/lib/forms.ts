// The one way forms are read: FormData → zod schema → typed values, or field errors plus the
// values the person typed (so nothing they entered is lost).
import type { z } from "zod";
import type { ShopError } from "./shop-error";

export type FieldErrors = Record<string, string>;

export interface FormFailure {
  errors: FieldErrors;
  formError?: string;
  values: Record<string, string>;
}

export type FormResult<T> = { ok: true; data: T; values: Record<string, string> } | ({ ok: false } & FormFailure);

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The posted form, or a 4xx Response (thrown, so the page's error boundary shows it): 415 for a
 * body that is not a form (JSON, plain text), 400 for a form body that cannot be read (a broken
 * multipart boundary, a truncated part). Every action reads its form through this.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) {
    throw new Response("This address takes a form (application/x-www-form-urlencoded or multipart/form-data).", { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read: its body is malformed. Reload the page and send it again.", { status: 400 });
  }
}

/**
 * Characters Postgres cannot keep in text: the NUL character. A form field holding one is refused
 * before anything is written ("strip it" would store something other than what was sent).
 */
const UNSTORABLE = /\u0000/;

export const UNSTORABLE_MESSAGE = "This contains a character that can't be stored (a NUL byte). Remove it and try again.";

/** The fields (by name) whose text holds a character that can't be stored. */
export function unstorableFields(formData: FormData): string[] {
  const fields = new Set<string>();
  for (const [key, value] of formData) {
    if (typeof value === "string" && (UNSTORABLE.test(value) || UNSTORABLE.test(key))) fields.add(key.replace(/\u0000/g, ""));
  }
  return [...fields];
}

/** The text fields as typed (one value per name, the last), without characters that can't be stored or shown. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string") values[key.replace(/\u0000/g, "")] = value.replace(/\u0000/g, "");
  }
  return values;
}

export function parseForm<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema): FormResult<z.infer<Schema>> {
  const values = formValues(formData);
  const unstorable = unstorableFields(formData);
  if (unstorable.length) {
    return { ok: false, errors: Object.fromEntries(unstorable.map((field) => [field, UNSTORABLE_MESSAGE])), values };
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** A database refusal (ShopError) shown on the form: on its field when it names one. */
export function shopErrorToForm(error: ShopError, values: Record<string, string>, fields: readonly string[]): FormFailure {
  if (error.field && fields.includes(error.field)) {
    return { errors: { [error.field]: error.message }, values };
  }
  return { errors: {}, formError: error.message, values };
}

/** On a page of several forms: the failure when it is this form's (tagged by the admin's action). */
export function failureOf<Failure extends { form: string | null }>(failure: Failure | undefined, form: string | null): Failure | undefined {
  return failure && failure.form === form ? failure : undefined;
}

/** Form fields hold whole numbers as text; "1.5", "", "ten" and "1e2" are not quantities. */
export function wholeNumberText(value: string): boolean {
  return /^\d{1,9}$/.test(value.trim());
}
