// Pickup time as a day, then a time of that day: which day is shown, whether the soonest slot is
// "as soon as possible", and whether a submitted time belongs to the submitted day. Pure, so the
// checkout's page, its action and unit tests share it.
import { groupByDay, localDay } from "~/lib/time";

/** The day whose times the form lists: the one asked for when it still has times, else the chosen time's, else the first. */
export function shownPickupDay(slots: string[], timeZone: string, asked: { pickupDay?: string; pickupAt?: string }): string | null {
  const days = groupByDay(slots, timeZone).map(([day]) => day);
  if (asked.pickupDay && days.includes(asked.pickupDay)) return asked.pickupDay;
  if (asked.pickupAt && !Number.isNaN(Date.parse(asked.pickupAt))) {
    const day = localDay(asked.pickupAt, timeZone);
    if (days.includes(day)) return day;
  }
  return days[0] ?? null;
}

/** The first slot when it is as soon as the kitchen can be ready (within asapMinutes of now), else null. */
export function asapPickupSlot(slots: string[], asapMinutes: number, now: Date): string | null {
  const first = slots[0];
  if (!first) return null;
  return Date.parse(first) - now.getTime() <= asapMinutes * 60_000 ? first : null;
}

/**
 * Without JavaScript the day and time lists are sent together, and the time list may still be the
 * one of the day shown before the customer picked another: then the time is not on that day.
 */
export function pickupDayMismatch(pickupAt: string | undefined, pickupDay: string | undefined, timeZone: string): boolean {
  if (!pickupAt || !pickupDay || Number.isNaN(Date.parse(pickupAt))) return false;
  return localDay(pickupAt, timeZone) !== pickupDay;
}
