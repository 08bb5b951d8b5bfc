// The carrier (picked from a list, or typed under Other) and the tracking number of a shipment, as
// form fields: the board's Shipped form and the tracking form of the order's admin page.
import { SelectField, TextField } from "~/components/Field";
import { CARRIERS, OTHER_CARRIER } from "~/kitchen/shipment-tracking";

/** The carrier (a list, or typed under Other) and the tracking number: the board's Shipped form and the order page's. */
export function TrackingInputs({ idPrefix, values, errors }: { idPrefix: string; values?: Record<string, string>; errors?: Record<string, string> }) {
  return (
    <div className="tracking-inputs">
      <SelectField label="Carrier (optional)" name="carrier" id={`${idPrefix}-carrier`} defaultValue={values?.carrier ?? ""} error={errors?.carrier}>
        <option value="">Not given</option>
        {CARRIERS.map((carrier) => <option key={carrier} value={carrier}>{carrier}</option>)}
        <option value={OTHER_CARRIER}>Other (type it below)</option>
      </SelectField>
      <TextField label="Other carrier (if not listed)" name="otherCarrier" id={`${idPrefix}-other`} maxLength={40} defaultValue={values?.otherCarrier} error={errors?.otherCarrier} />
      <TextField label="Tracking number (optional)" name="trackingNumber" id={`${idPrefix}-tracking`} autoComplete="off" spellCheck={false}
        autoCapitalize="characters" defaultValue={values?.trackingNumber} error={errors?.trackingNumber} />
    </div>
  );
}
