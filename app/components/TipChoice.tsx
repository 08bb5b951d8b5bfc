// The tip as radio buttons that say what each adds ("15% · $3.45", from the current quote), and an
// amount of the customer's own.
import { TextField } from "./Field";
import { formatMoney } from "~/lib/money";
import { tipForPercent, type OrderMoney } from "~/ordering/order-money";

export function TipChoice({ percentages, quote, tip, onTipChange, tipAmount, errors, hydrated }: {
  percentages: number[];
  quote: OrderMoney | null;
  tip: string;
  onTipChange: (tip: string) => void;
  tipAmount?: string;
  errors: { tip?: string; tipAmount?: string };
  hydrated: boolean;
}) {
  return (
    <fieldset className={errors.tip || errors.tipAmount ? "field field-invalid tip-choice" : "field tip-choice"}>
      <legend>Tip</legend>
      <label className="choice"><input type="radio" id="tip" name="tip" value="" defaultChecked={tip === ""} onChange={() => onTipChange("")} /> No tip</label>
      {percentages.map((percent) => (
        <label key={percent} className="choice">
          <input type="radio" name="tip" value={String(percent)} defaultChecked={tip === String(percent)} onChange={() => onTipChange(String(percent))} />{" "}
          {percent}%{quote ? ` · ${formatMoney(tipForPercent(quote, percent), quote.currency)}` : ""}
        </label>
      ))}
      <label className="choice"><input type="radio" name="tip" value="custom" defaultChecked={tip === "custom"} onChange={() => onTipChange("custom")} /> Other amount</label>
      <div hidden={hydrated && tip !== "custom"}>
        <TextField label="Tip amount" name="tipAmount" inputMode="decimal" defaultValue={tipAmount} error={errors.tipAmount} hint={hydrated ? undefined : "With “Other amount”"} />
      </div>
      {errors.tip ? <p className="field-error" role="alert">{errors.tip}</p> : null}
    </fieldset>
  );
}
