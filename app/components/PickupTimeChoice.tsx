// Pickup as a day, then a time on that day. Only the shown day's times are in the page (a week of
// slots as one list was ~145 options to read and to hydrate). Without JavaScript, "Show times"
// re-renders the list for the chosen day (and a time from another day is refused by the server);
// with it, the list follows the day as it changes.
import { useEffect, useState } from "react";
import { SelectField } from "./Field";
import { formatDay, formatTimeInZone, groupByDay, localDay } from "~/lib/time";

export function PickupTimeChoice({ slots, timeZone, shownDay, asapSlot, pickupAt, errors, hint, hydrated, zoneShown }: {
  slots: string[];
  timeZone: string;
  /** The day the server listed (shownPickupDay). */
  shownDay: string;
  asapSlot: string | null;
  pickupAt: string;
  errors: { pickupDay?: string; pickupAt?: string };
  hint?: string;
  hydrated: boolean;
  zoneShown: boolean;
}) {
  const days = groupByDay(slots, timeZone);
  const [day, setDay] = useState(shownDay);
  useEffect(() => setDay(shownDay), [shownDay]);
  const times = days.find(([candidate]) => candidate === day)?.[1] ?? [];
  const time = (slot: string) => formatTimeInZone(slot, timeZone, zoneShown);
  return (
    <div className="pickup-choice">
      <div className="field-row">
        <SelectField label="Pickup day" name="pickupDay" value={day} onChange={(event) => setDay(event.target.value)} error={errors.pickupDay}>
          {days.map(([candidate]) => <option key={candidate} value={candidate}>{formatDay(candidate)}</option>)}
        </SelectField>
        {hydrated ? null : <button type="submit" name="intent" value="quote" className="secondary">Show times</button>}
      </div>
      {/* A new list for a new day: the time chosen on the day before does not carry over. */}
      <SelectField key={day} label="Pickup time" name="pickupAt" defaultValue={day === shownDay ? pickupAt : ""} error={errors.pickupAt} hint={hint}>
        <option value="">Choose a time</option>
        {asapSlot && localDay(asapSlot, timeZone) === day ? (
          <option value={asapSlot} className="asap">As soon as possible (ready about {time(asapSlot)})</option>
        ) : null}
        {times.map((slot) => <option key={slot} value={slot}>{time(slot)}</option>)}
      </SelectField>
    </div>
  );
}
