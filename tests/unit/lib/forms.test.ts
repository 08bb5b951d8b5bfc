import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, shopErrorToForm, wholeNumberText } from "~/lib/forms";

function formData(entries: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.append(key, value);
  return data;
}

const schema = z.object({ name: z.string().min(1, "Enter your name."), quantity: z.string().refine(wholeNumberText, "Whole number.") });

describe("parseForm", () => {
  it("returns typed data when the form is valid", () => {
    const result = parseForm(formData({ name: "Ana", quantity: "3" }), schema);
    expect(result).toEqual({ ok: true, data: { name: "Ana", quantity: "3" }, values: { name: "Ana", quantity: "3" } });
  });

  it("returns the first error of each field and every value typed", () => {
    const result = parseForm(formData({ name: "", quantity: "2.5" }), schema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({ name: "Enter your name.", quantity: "Whole number." });
    expect(result.values).toEqual({ name: "", quantity: "2.5" });
  });
});

describe("wholeNumberText", () => {
  it.each(["1", "42", " 7 ", "099"])("accepts %j", (value) => expect(wholeNumberText(value)).toBe(true));
  it.each(["", "1.5", "-1", "1e2", "ten", "0x10", "1 2"])("refuses %j", (value) => expect(wholeNumberText(value)).toBe(false));
});

describe("shopErrorToForm", () => {
  it("puts a database refusal on the field it names", () => {
    expect(shopErrorToForm({ status: 422, message: "Enter your name.", field: "name" }, { name: "" }, ["name"])).toEqual({
      errors: { name: "Enter your name." },
      values: { name: "" },
    });
  });

  it("shows a refusal about no field of this form above the form", () => {
    expect(shopErrorToForm({ status: 409, message: "Sold out.", field: "variantId" }, {}, ["name"])).toEqual({
      errors: {},
      formError: "Sold out.",
      values: {},
    });
  });
});
