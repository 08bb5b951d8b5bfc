// A labelled form field with its error, the one way forms show input problems. `id` defaults to the
// field's name; pass one when a page has several forms with fields of the same name.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

interface FieldProps {
  label: string;
  name: string;
  id?: string;
  error?: string;
  hint?: ReactNode;
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
}

function FieldShell({ label, id, error, hint, children }: Omit<FieldProps, "name"> & { id: string; children: ReactNode }) {
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      {children}
      {error ? <p id={`${id}-error`} className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

export function TextField({ label, name, id = name, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} id={id} error={error} hint={hint}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input} />
    </FieldShell>
  );
}

export function TextAreaField({ label, name, id = name, error, hint, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} id={id} error={error} hint={hint}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...textarea} />
    </FieldShell>
  );
}

export function SelectField({ label, name, id = name, error, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell label={label} id={id} error={error} hint={hint}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...select}>
        {children}
      </select>
    </FieldShell>
  );
}

/** A checkbox with its label beside it; it sends "on" when ticked and nothing when not. */
export function CheckboxField({ label, name, id = name, error, hint, ...input }: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  return (
    <div className={error ? "field field-check field-invalid" : "field field-check"}>
      <span>
        <input type="checkbox" id={id} name={name} value="on" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input} />{" "}
        <label htmlFor={id}>{label}</label>
      </span>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      {error ? <p id={`${id}-error`} className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  return message ? <p className="form-error" role="alert">{message}</p> : null;
}

export function Notice({ message }: { message?: string | null }) {
  return message ? <p className="notice" role="status">{message}</p> : null;
}
