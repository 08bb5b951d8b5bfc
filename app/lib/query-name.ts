// A short, stable name for a SQL statement, for metrics: the function it calls ("place_order") or
// the table it reads or writes ("orders"), never the statement's values.

const FUNCTION_CALL = /^\s*select\s+(?:\*\s+from\s+|[\w"]+\s*\.\s*)?([a-z_][a-z0-9_]*)\s*\(/i;
const TABLE = /\b(?:from|into|update|join)\s+(?:only\s+)?([a-z_][a-z0-9_.]*)/i;

export function queryName(strings: readonly string[]): string {
  const text = strings.join("$");
  const call = FUNCTION_CALL.exec(text);
  if (call && !["count", "coalesce", "min", "max", "sum", "now", "exists", "extract"].includes(call[1].toLowerCase())) {
    return call[1].toLowerCase();
  }
  const table = TABLE.exec(text);
  if (table) return table[1].toLowerCase();
  return /^\s*select\s+1\s*$/i.test(text) ? "ping" : "other";
}
