// CSV as spreadsheets read it: quoting, doubled quotes, CRLF, and no formulas from customers' text.
import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "~/lib/csv";

describe("csv", () => {
  it("quotes what needs quoting and leaves the rest", () => {
    expect(csvField("Beef Criolla")).toBe("Beef Criolla");
    expect(csvField('Ana "La Jefa", Pérez')).toBe('"Ana ""La Jefa"", Pérez"');
    expect(csvField("line one\nline two")).toBe('"line one\nline two"');
    expect(csvField(12)).toBe("12");
    expect(csvField(null)).toBe("");
    expect(csvLine(["a", "b,c", null])).toBe('a,"b,c",\r\n');
    expect(csvLine(["a", 'b"c', 12, 0, null])).toBe('a,"b""c",12,0,\r\n');
  });

  it("keeps a customer's text from running as a spreadsheet formula", () => {
    expect(csvField("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("+1 555 0100")).toBe("'+1 555 0100");
  });
});
