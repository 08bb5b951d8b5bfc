// Times shown to people are in the location's own time zone.

export function formatPickupTime(value: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(value));
}

export function formatTimestamp(value: string | Date, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** ISO instants grouped by their local calendar day (YYYY-MM-DD), in order. */
export function groupByDay(instants: string[], timeZone: string): [string, string[]][] {
  const dayOf = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const groups = new Map<string, string[]>();
  for (const instant of instants) {
    const day = dayOf.format(new Date(instant));
    groups.set(day, [...(groups.get(day) ?? []), instant]);
  }
  return [...groups];
}

/** A local calendar day (YYYY-MM-DD) for people: "Tue, Nov 24". */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" }).format(new Date(`${day}T12:00:00Z`));
}

export function formatTimeOfDay(value: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(value));
}
