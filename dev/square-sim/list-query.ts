// The query ListPayments and ListRefunds share: time ranges, sort field and order, location, limit and cursor.
import { badRequest } from "./errors";
import { decodeCursor, page } from "./paging";

interface Listable {
  created_at: string;
  updated_at: string;
  location_id: string;
}

const MAX_LIMIT = 100;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function parseTime(query: URLSearchParams, field: string): number | undefined {
  const value = query.get(field);
  if (value === null || value === "") return undefined;
  const time = Date.parse(value);
  if (!RFC3339.test(value) || Number.isNaN(time)) {
    throw badRequest("INVALID_TIME", `\`${field}\` must be an RFC 3339 timestamp, got "${value}".`, field);
  }
  return time;
}

/** [begin, end): begin inclusive, end exclusive; an absent end is open. */
function timeRange(query: URLSearchParams, beginField: string, endField: string, defaultBegin?: number) {
  const begin = parseTime(query, beginField) ?? defaultBegin ?? -Infinity;
  const end = parseTime(query, endField) ?? Infinity;
  if (begin > end) throw badRequest("INVALID_TIME_RANGE", `\`${beginField}\` is after \`${endField}\`.`, beginField);
  return (iso: string) => {
    const time = Date.parse(iso);
    return time >= begin && time < end;
  };
}

/**
 * Filters, sorts and pages `items` (in creation order) the way Square's list endpoints do: `begin_time`
 * (default a year ago) and `end_time` on `created_at`, `updated_at_begin_time`/`updated_at_end_time` on
 * `updated_at`, `sort_field` CREATED_AT (default) or UPDATED_AT, `sort_order` DESC (default) or ASC,
 * `location_id`, `limit` 1..100 (above 100 means 100), `cursor`. `keep` adds endpoint-specific filters.
 */
export function listPage<T extends Listable>(items: T[], query: URLSearchParams, keep: (item: T) => boolean) {
  const sortOrder = (query.get("sort_order") || "DESC").toUpperCase();
  if (sortOrder !== "ASC" && sortOrder !== "DESC") {
    throw badRequest("INVALID_SORT_ORDER", "`sort_order` must be ASC or DESC.", "sort_order");
  }
  const sortField = (query.get("sort_field") || "CREATED_AT").toUpperCase();
  if (sortField !== "CREATED_AT" && sortField !== "UPDATED_AT") {
    throw badRequest("INVALID_ENUM_VALUE", "`sort_field` must be CREATED_AT or UPDATED_AT.", "sort_field");
  }
  const limit = query.get("limit") ? Number(query.get("limit")) : MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw badRequest("INVALID_VALUE", "`limit` must be a positive integer.", "limit");
  }
  const created = timeRange(query, "begin_time", "end_time", Date.now() - YEAR_MS);
  const updated = timeRange(query, "updated_at_begin_time", "updated_at_end_time");
  const locationId = query.get("location_id");

  const timeOf = (item: T) => (sortField === "UPDATED_AT" ? item.updated_at : item.created_at);
  const ascending = items
    .filter((item) => created(item.created_at) && updated(item.updated_at))
    .filter((item) => !locationId || item.location_id === locationId)
    .filter(keep)
    // Stable: equal timestamps keep creation order.
    .sort((a, b) => Date.parse(timeOf(a)) - Date.parse(timeOf(b)));
  const sorted = sortOrder === "ASC" ? ascending : ascending.reverse();
  return page(sorted, decodeCursor(query.get("cursor")), Math.min(limit, MAX_LIMIT));
}
