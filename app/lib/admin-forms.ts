// Zod fields for the admin's forms: dollars to cents, percentages to basis points, whole numbers in
// a range, row ids, checkboxes and local date-times, each parsed strictly (no floating point).
import { z } from "zod";
import { parseMoneyToCents } from "./money";

/** "8.25" or "15" (percent, at most two decimals) to 825 or 1500 basis points; null if not that. */
export function parsePercentToBasisPoints(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

/** 825 to "8.25", 1500 to "15", 1050 to "10.5": as an admin would type it. */
export function basisPointsToPercentText(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const fraction = String(bps % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** 399 to "3.99", 950 to "9.50": the value a money input shows. */
export function centsToDollarsText(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

export const dollarsField = (label = "an amount", example = "4.50") =>
  z
    .string()
    .refine((text) => parseMoneyToCents(text) !== null, `Enter ${label} in dollars and cents, like ${example}.`)
    .transform((text) => parseMoneyToCents(text) as number);

export const percentField = ({ min, max }: { min: number; max: number }) =>
  z
    .string()
    .refine((text) => parsePercentToBasisPoints(text) !== null, "Enter a percentage like 8.25 (at most two decimals).")
    .transform((text) => parsePercentToBasisPoints(text) as number)
    .refine(
      (bps) => bps >= min && bps <= max,
      `Enter a percentage from ${basisPointsToPercentText(min)} to ${basisPointsToPercentText(max)}.`,
    );

export const wholeNumberField = ({ min, max, unit }: { min: number; max: number; unit?: string }) => {
  const range = `from ${min} to ${max}${unit ? ` ${unit}` : ""}`;
  return z
    .string()
    .refine((text) => /^\s*\d{1,9}\s*$/.test(text), `Enter a whole number ${range}.`)
    .transform((text) => Number(text.trim()))
    .refine((value) => value >= min && value <= max, `Enter a whole number ${range}.`);
};

/** An optional whole number (a limit, a count): empty means none. */
export const optionalWholeNumberField = ({
  min,
  max,
  message = `Enter a whole number from ${min} to ${max}, or leave it empty.`,
}: { min: number; max: number; message?: string }) =>
  z
    .string()
    .optional()
    .transform((text) => text?.trim() ?? "")
    .refine((text) => text === "" || /^\d{1,9}$/.test(text), message)
    .transform((text) => (text === "" ? null : Number(text)))
    .refine((value) => value === null || (value >= min && value <= max), message);

/** A row's id (a job, an event, a category), sent by a select or a hidden input. */
export const idField = (message: string) =>
  z
    .string({ required_error: message })
    .regex(/^\d{1,15}$/, message)
    .transform(Number);

/** A checkbox: sent as "on" when ticked, absent when not (forms work without JavaScript). */
export const checkboxField = () =>
  z
    .string()
    .optional()
    .transform((value) => value === "on");

const localDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A `datetime-local` value ("2025-03-01T09:00") that names a real calendar date and time. */
export function isLocalDateTime(text: string): boolean {
  const match = localDateTimePattern.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && year >= 2000;
}

/** An optional local date and time (seconds dropped); empty means none. */
export const optionalLocalDateTimeField = () =>
  z
    .string()
    .optional()
    .transform((text) => (text ?? "").trim().replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):\d{2}(\.\d+)?$/, "$1"))
    .refine((text) => text === "" || isLocalDateTime(text), "Enter a date and time, like 2025-03-01T09:00.")
    .transform((text) => (text === "" ? null : text));

/** A calendar date from a date input ("2025-12-25"). */
export const dateField = () =>
  z
    .string()
    .transform((text) => text.trim())
    .refine((text) => isLocalDateTime(`${text}T00:00`), "Pick a date.");
