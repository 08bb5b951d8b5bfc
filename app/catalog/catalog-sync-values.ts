// How a Square catalog object's values become Larder's row values: its version (only a newer one
// changes a row), names with a fallback, cents and small integers clamped to what the columns hold,
// whether it is sold at a location, and Square's -1 for "not set".
import type { CatalogObject } from "./square-catalog.server";

export const idsOf = (objects: CatalogObject[]) => objects.flatMap((object) => (object.id ? [object.id] : []));

export const version = (object: CatalogObject) => Number(object.version ?? 0);

/** A row changes only for a newer version than the one it has; a row Square never sent has none. */
export const isNewer = (row: { squareVersion: number | null } | undefined, object: CatalogObject) =>
  !row || row.squareVersion === null || version(object) > row.squareVersion;

export function cleanName(name: string | null | undefined, fallback: string): string {
  const trimmed = (name ?? "").trim();
  return trimmed.length > 0 ? trimmed : fallback;
}

export function cents(amount: bigint | number | null | undefined): number {
  return Math.max(Number(amount ?? 0), 0);
}

export function smallInt(value: bigint | number | null | undefined): number {
  const number = Number(value ?? 0);
  return Number.isFinite(number) ? Math.max(Math.min(Math.trunc(number), 1_000_000), -1_000_000) : 0;
}

/** Whether an object is sold at a Square location (Square's default is everywhere). */
export function presentAt(object: CatalogObject, locationId: string): boolean {
  if (object.absentAtLocationIds?.includes(locationId)) return false;
  if (object.presentAtAllLocations === false) return object.presentAtLocationIds?.includes(locationId) ?? false;
  return true;
}

/** Square's -1 (or nothing) means "not set". */
export function setCount(value: bigint | number | null | undefined): number | null {
  const number = value === null || value === undefined ? -1 : Number(value);
  return number >= 0 ? number : null;
}
