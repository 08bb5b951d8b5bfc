// What is wrong with a submitted form, at its top, with a link to each field to fix. It takes focus
// so a keyboard or screen-reader user starts there: without JavaScript by `autofocus` in the
// server's 4xx page, with JavaScript when a new failure arrives (`failure` changes).
import { useEffect, useRef } from "react";

export function ErrorSummary({ errors, formError, fieldIds, failure }: {
  errors: Record<string, string>;
  formError?: string;
  /** The page's field ids by field name; an error on a field not shown is listed without a link. */
  fieldIds: Record<string, string>;
  /** The answer that brought these errors: focus moves here each time it changes. */
  failure: unknown;
}) {
  const summary = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);
  const any = entries.length > 0 || Boolean(formError);
  useEffect(() => {
    if (failure && any) summary.current?.focus();
  }, [failure, any]);
  if (!any) return null;
  return (
    <div ref={summary} className="error-summary" tabIndex={-1} autoFocus aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      {formError ? <p className="form-error">{formError}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, message]) => (
            <li key={field}>{fieldIds[field] ? <a href={`#${fieldIds[field]}`}>{message}</a> : message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
