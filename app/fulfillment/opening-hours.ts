// Weekly opening hours as an admin types them, one line per weekday: "08:00-12:00, 13:00-20:00",
// empty when closed. Times are on the location's own clock (24-hour); a range ends the same day.

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export interface OpeningRange {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** "HH:MM" on the location's clock. */
  opensAt: string;
  closesAt: string;
}

const timePattern = /^(\d{1,2}):(\d{2})$/;

function normaliseTime(text: string): string | null {
  const match = timePattern.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return `${String(hours).padStart(2, "0")}:${match[2]}`;
}

/** One day's text to its ranges, or the reason it cannot be read. */
export function parseDayHours(weekday: number, text: string): { ok: true; ranges: OpeningRange[] } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === "" || /^closed$/i.test(trimmed)) return { ok: true, ranges: [] };
  const ranges: OpeningRange[] = [];
  for (const part of trimmed.split(/\s*[,;\n]\s*/).filter(Boolean)) {
    const [from, to, ...rest] = part.split(/\s*(?:-|–|—|\bto\b)\s*/);
    const opensAt = from === undefined ? null : normaliseTime(from);
    const closesAt = to === undefined ? null : normaliseTime(to);
    if (rest.length > 0 || !opensAt || !closesAt) {
      return { ok: false, error: `Write ${WEEKDAYS[weekday]}'s hours like 08:00-12:00, 13:00-20:00 (24-hour clock), or leave it empty when closed.` };
    }
    if (opensAt >= closesAt) {
      return { ok: false, error: `${part} closes before it opens: a range must end the same day, after it starts.` };
    }
    ranges.push({ weekday, opensAt, closesAt });
  }
  if (ranges.length > 6) return { ok: false, error: "Use at most 6 ranges a day." };
  return { ok: true, ranges: ranges.sort((a, b) => a.opensAt.localeCompare(b.opensAt)) };
}

/** A day's ranges as the text the editor shows. */
export function formatDayHours(ranges: OpeningRange[]): string {
  return ranges.map((range) => `${range.opensAt}-${range.closesAt}`).join(", ");
}
