// What the storefront says about a daily item limit: "3 left for Saturday", "Sold out for
// Saturday — available Sunday" (days are the location's calendar days, YYYY-MM-DD).
import { dateTimeFormat } from "~/lib/intl";

export interface DailyLimitNote {
  /** The variation the limit is for; null: the whole product. */
  variantName: string | null;
  day: string;
  itemsLeft: number;
  /** The next day offered with room after `day`; null: none offered. */
  nextDay: string | null;
}

function weekday(day: string): string {
  return dateTimeFormat("en-US", { timeZone: "UTC", weekday: "long" }).format(new Date(`${day}T12:00:00Z`));
}

export function dailyLimitWords(note: DailyLimitNote): string {
  const words = note.itemsLeft > 0
    ? `${note.itemsLeft} left for ${weekday(note.day)}`
    : `Sold out for ${weekday(note.day)}${note.nextDay ? ` — available ${weekday(note.nextDay)}` : ""}`;
  return note.variantName ? `${note.variantName}: ${words.charAt(0).toLowerCase()}${words.slice(1)}` : words;
}
