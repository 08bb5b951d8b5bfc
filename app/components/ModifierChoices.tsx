// One modifier list on the product form: checkboxes named "modifier" (radio buttons named
// "modifier.<list id>" when exactly one must be chosen), so the form works without JavaScript.
import type { ProductModifierList } from "~/catalog/catalog.server";
import { formatMoney } from "~/lib/money";

export function choiceRule(list: Pick<ProductModifierList, "minSelected" | "maxSelected">): string {
  const { minSelected: min, maxSelected: max } = list;
  if (min === 0) return max === null ? "Optional" : `Optional, up to ${max}`;
  if (max === min) return `Required, choose ${min}`;
  if (max === null) return `Required, choose at least ${min}`;
  return `Required, choose ${min} to ${max}`;
}

export function ModifierChoices({
  list,
  currency,
  chosen,
  error,
}: {
  list: ProductModifierList;
  currency: string;
  chosen: Set<string>;
  error?: string;
}) {
  const single = list.minSelected === 1 && list.maxSelected === 1;
  const fieldId = `modifierList${list.id}`;
  return (
    <fieldset id={fieldId} className={error ? "field modifier-list field-invalid" : "field modifier-list"} aria-describedby={error ? `${fieldId}-error` : undefined}>
      <legend>
        {list.name} <span className="hint">({choiceRule(list)})</span>
      </legend>
      {list.modifiers.map((modifier) => (
        <label key={modifier.id} className="choice">
          <input
            type={single ? "radio" : "checkbox"}
            name={single ? `modifier.${list.id}` : "modifier"}
            value={modifier.id}
            defaultChecked={chosen.has(String(modifier.id))}
          />{" "}
          {modifier.name}
          {modifier.priceCents > 0 ? <span className="muted"> +{formatMoney(modifier.priceCents, currency)}</span> : null}
        </label>
      ))}
      {error ? <p id={`${fieldId}-error`} className="field-error" role="alert">{error}</p> : null}
    </fieldset>
  );
}
