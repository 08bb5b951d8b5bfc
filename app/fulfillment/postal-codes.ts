// Postal codes as an admin types them for a delivery zone, and as they are stored: upper case.

const POSTAL_CODE = /^[A-Z0-9][A-Z0-9-]{1,8}[A-Z0-9]$/;

/**
 * The postal codes typed in a textarea (separated by commas, spaces or new lines), upper-cased and
 * without repeats, or the first one that is not a postal code.
 */
export function parsePostalCodes(text: string): { ok: true; codes: string[] } | { ok: false; error: string } {
  const codes: string[] = [];
  for (const token of text.toUpperCase().split(/[\s,;]+/).filter(Boolean)) {
    if (!POSTAL_CODE.test(token)) return { ok: false, error: `"${token}" is not a postal code (3 to 10 letters, digits or dashes).` };
    if (!codes.includes(token)) codes.push(token);
  }
  if (codes.length === 0) return { ok: false, error: "List at least one postal code." };
  if (codes.length > 500) return { ok: false, error: "List at most 500 postal codes in one zone." };
  return { ok: true, codes };
}
