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

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

export function parseForm<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema): FormResult<z.infer<Schema>> {
  const values = formValues(formData);
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
