// A pickup slot or delivery window picker, grouped by day: the storefront's checkout and the
// admin's phone orders offer the same times (fulfillment_slots) the same way.
import { SelectField } from "./Field";
import { formatDay, formatTimeOfDay, groupByDay } from "~/lib/time";

export function SlotSelect({ label, name, slots, timeZone, windowMinutes, value, error, hint }: {
  label: string; name: string; slots: string[]; timeZone: string; windowMinutes?: number; value: string; error?: string; hint?: string;
}) {
  return (
    <SelectField label={label} name={name} defaultValue={value} error={error} hint={hint}>
      <option value="">Choose a time</option>
      {groupByDay(slots, timeZone).map(([day, daySlots]) => (
        <optgroup key={day} label={formatDay(day)}>
          {daySlots.map((slot) => (
            <option key={slot} value={slot}>
              {formatDay(day)}, {formatTimeOfDay(slot, timeZone)}
              {windowMinutes ? `–${formatTimeOfDay(new Date(Date.parse(slot) + windowMinutes * 60_000), timeZone)}` : ""}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );
}
