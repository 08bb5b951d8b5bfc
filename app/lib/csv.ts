// CSV as spreadsheets read it (RFC 4180): a field with a comma, a quote or a line break is quoted,
// its quotes doubled; lines end in CRLF. A field starting with = + - @ is prefixed with a quote so
// a spreadsheet does not run it as a formula (CSV injection).
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
