// Cursor paging for ListCatalog, ListPayments and ListRefunds: the cursor is an opaque offset into the filtered list.
import { badRequest } from "./errors";

export function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const offset = Number(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw badRequest("INVALID_CURSOR", "The cursor is not valid.", "cursor");
  return offset;
}

export function page<T>(items: T[], offset: number, size: number): { items: T[]; cursor?: string } {
  const next = offset + size;
  const slice = items.slice(offset, next);
  return next < items.length
    ? { items: slice, cursor: Buffer.from(String(next), "utf8").toString("base64url") }
    : { items: slice };
}
