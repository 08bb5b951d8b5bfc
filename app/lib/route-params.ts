// Route params that name a row (`/admin/orders/1042`): a whole number the column can hold, or null
// so the route answers 404. Without this, "99999999999" reached Postgres and failed as a 500.

/** The largest value of a Postgres `integer` column (an order's number). */
export const INTEGER_MAX = 2_147_483_647;

/** "1042" → 1042; "abc", "-1", "0", "1.5", "1e3" and numbers past `max` (a bigint id's safe range by default) → null. */
export function rowNumberParam(text: string | undefined, max = Number.MAX_SAFE_INTEGER): number | null {
  if (!text || !/^\d{1,16}$/.test(text)) return null;
  const value = Number(text);
  return value >= 1 && value <= max ? value : null;
}
