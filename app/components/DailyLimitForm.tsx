// The menu editor's daily-limit form for a product or one of its variations: at most how many
// items per fulfilment day and per pickup slot or delivery window (empty: no limit).
import { Form } from "@remix-run/react";
import type { FormFailure } from "~/lib/forms";
import { FormError, TextField } from "./Field";

export interface DailyLimitFormProps {
  /** "product", or the variation's id. */
  limitOf: string;
  /** What the limit is for, as the shop says it: "Beef Criolla (all options)", "Half dozen". */
  label: string;
  saved: { perDay: number | null; perSlot: number | null } | null;
  failure: FormFailure | undefined;
  canEdit: boolean;
  busy: boolean;
}

export function DailyLimitForm({ limitOf, label, saved, failure, canEdit, busy }: DailyLimitFormProps) {
  const prefix = `limit-${limitOf}`;
  const shown = (name: "perDay" | "perSlot") =>
    failure ? failure.values[name] ?? "" : saved?.[name] === null || saved?.[name] === undefined ? "" : String(saved[name]);
  return (
    <Form method="post" className="panel" noValidate aria-label={`Daily limit of ${label}`} key={`${prefix}-${JSON.stringify(saved)}`}>
      <h3>{label}</h3>
      <FormError message={failure?.formError} />
      <input type="hidden" name="intent" value="daily-limit" />
      <input type="hidden" name="limitOf" value={limitOf} />
      <fieldset className="plain" disabled={!canEdit}>
        <TextField label="Most per day" name="perDay" id={`${prefix}-perDay`} inputMode="numeric" size={6}
          hint="Items ordered for one pickup, delivery or shipping day; empty: no limit."
          defaultValue={shown("perDay")} error={failure?.errors.perDay} />
        <TextField label="Most per time" name="perSlot" id={`${prefix}-perSlot`} inputMode="numeric" size={6}
          hint="Items ordered for one pickup time or delivery window; empty: no limit."
          defaultValue={shown("perSlot")} error={failure?.errors.perSlot} />
        {canEdit ? <button type="submit" disabled={busy}>Save daily limit</button> : null}
      </fieldset>
    </Form>
  );
}
