// Times shown to people are in the location's own time zone.
import { dateTimeFormat } from "~/lib/intl";

export function formatPickupTime(value: string | Date, timeZone: string): string {
  return dateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(value));
}

export function formatTimestamp(value: string | Date, timeZone = "UTC"): string {
  return dateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** ISO instants grouped by their local calendar day (YYYY-MM-DD), in order. */
export function groupByDay(instants: string[], timeZone: string): [string, string[]][] {
  const dayOf = dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const groups = new Map<string, string[]>();
  for (const instant of instants) {
    const day = dayOf.format(new Date(instant));
    const group = groups.get(day);
    if (group) group.push(instant);
    else groups.set(day, [instant]);
  }
  return [...groups];
}

/** A local calendar day (YYYY-MM-DD) for people: "Tue, Nov 24". */
export function formatDay(day: string): string {
  return dateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" }).format(new Date(`${day}T12:00:00Z`));
}

export function formatTimeOfDay(value: string | Date, timeZone: string): string {
  return dateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(value));
}

/** The zone's short name at that instant: "CST", "CDT" (or "GMT+1" where English has none). */
export function zoneAbbreviation(value: string | Date, timeZone: string): string {
  const parts = dateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(new Date(value));
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

/** A time of day with the zone's short name after it when `withZone`: "12:40 PM CST". */
export function formatTimeInZone(value: string | Date, timeZone: string, withZone: boolean): string {
  const time = formatTimeOfDay(value, timeZone);
  return withZone ? `${time} ${zoneAbbreviation(value, timeZone)}` : time;
}

/** An instant's local calendar day (YYYY-MM-DD) in the zone. */
export function localDay(value: string | Date, timeZone: string): string {
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(value));
}

/** Whether two zone names keep the same clock now and in six months (aliases, like US/Central, count as one). */
export function sameClock(zone: string, other: string, now = new Date()): boolean {
  if (zone === other) return true;
  const halfYear = new Date(now.getTime() + 182 * 86_400_000);
  const clock = (timeZone: string, at: Date) =>
    dateTimeFormat("en-US", { timeZone, dateStyle: "short", timeStyle: "short" }).format(at);
  try {
    return clock(zone, now) === clock(other, now) && clock(zone, halfYear) === clock(other, halfYear);
  } catch {
    return false;
  }
}
