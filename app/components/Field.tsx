// A labelled form field with its error, the one way forms show input problems.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
}

function describedBy(name: string, error?: string, hint?: ReactNode) {
  return [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
}

function FieldShell({ label, name, error, hint, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={name}>{label}</label>
      {hint ? <p id={`${name}-hint`} className="hint">{hint}</p> : null}
      {children}
      {error ? <p id={`${name}-error`} className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

export function TextField({ label, name, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} name={name} error={error} hint={hint}>
      <input id={name} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(name, error, hint)} {...input} />
    </FieldShell>
  );
}

export function SelectField({ label, name, error, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell label={label} name={name} error={error} hint={hint}>
      <select id={name} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(name, error, hint)} {...select}>
        {children}
      </select>
    </FieldShell>
  );
}

export function TextAreaField({ label, name, error, hint, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} name={name} error={error} hint={hint}>
      <textarea id={name} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(name, error, hint)} {...textarea} />
    </FieldShell>
  );
}

/** A checkbox sends "on" when ticked and nothing when not, so forms read it the same with or without JavaScript. */
export function CheckboxField({ label, name, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={error ? "field field-checkbox field-invalid" : "field field-checkbox"}>
      <label htmlFor={name}>
        <input type="checkbox" id={name} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(name, error, hint)} {...input} />
        {" "}{label}
      </label>
      {hint ? <p id={`${name}-hint`} className="hint">{hint}</p> : null}
      {error ? <p id={`${name}-error`} className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  return message ? <p className="form-error" role="alert">{message}</p> : null;
}

export function Notice({ message }: { message?: string | null }) {
  return message ? <p className="notice" role="status">{message}</p> : null;
}
