import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { INTEGER_MAX, rowNumberParam } from "~/lib/route-params";

describe("rowNumberParam", () => {
  it.each([["1", 1], ["1042", 1042], ["2147483647", INTEGER_MAX], ["9007199254740991", Number.MAX_SAFE_INTEGER]])("reads %j", (text, value) =>
    expect(rowNumberParam(text)).toBe(value));

  it.each([undefined, "", "0", "-1", "1.5", "1e3", " 1", "abc", "0x10", "99999999999999999999", "9007199254740992"])("refuses %j", (text) =>
    expect(rowNumberParam(text)).toBeNull());

  it("refuses what an integer column cannot hold when given its limit", () => {
    expect(rowNumberParam("2147483648", INTEGER_MAX)).toBeNull();
    expect(rowNumberParam("99999999999", INTEGER_MAX)).toBeNull();
  });
});

describe("reading forms", () => {
  it("goes through readFormData everywhere (a malformed body is a 4xx, not a 500)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && full !== path.join("app", "lib", "forms.ts") && /\.formData\(\)/.test(readFileSync(full, "utf8"))) offenders.push(full);
      }
    };
    walk("app");
    expect(offenders).toEqual([]);
  });
});
