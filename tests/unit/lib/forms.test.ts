import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, readFormData, shopErrorToForm, UNSTORABLE_MESSAGE, wholeNumberText } from "~/lib/forms";

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

describe("parseForm and characters that can't be stored", () => {
  it("refuses a NUL byte on its field, before the schema, and shows the value without it", () => {
    const result = parseForm(formData({ name: "Ana\u0000Lopez", quantity: "3" }), schema);
    expect(result).toEqual({ ok: false, errors: { name: UNSTORABLE_MESSAGE }, values: { name: "AnaLopez", quantity: "3" } });
  });

  it("refuses a NUL byte in a field's name as well", () => {
    const result = parseForm(formData({ name: "Ana", quantity: "3", "extra\u0000": "x" }), schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual({ extra: UNSTORABLE_MESSAGE });
  });

  it("keeps other unusual text: emoji, right-to-left marks, combining accents", () => {
    const name = "Zoë 😀 \u202e\u0301";
    expect(parseForm(formData({ name, quantity: "3" }), schema)).toMatchObject({ ok: true, data: { name } });
  });
});

describe("readFormData", () => {
  const post = (contentType: string | null, body: BodyInit) =>
    new Request("http://shop.test/cart", { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {} });
  const refusal = async (request: Request) => {
    const thrown = await readFormData(request).then(() => null, (error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    return { status: response.status, text: await response.text() };
  };

  it("reads a urlencoded form and a multipart one", async () => {
    expect((await readFormData(post("application/x-www-form-urlencoded", "intent=update&lineId=1"))).get("lineId")).toBe("1");
    const multipart = new FormData();
    multipart.append("intent", "remove");
    expect((await readFormData(new Request("http://shop.test/cart", { method: "POST", body: multipart }))).get("intent")).toBe("remove");
  });

  it("answers 415 for a body that is not a form", async () => {
    for (const type of ["application/json", "text/plain", null]) {
      expect(await refusal(post(type, '{"intent": "update"'))).toEqual({ status: 415, text: expect.stringContaining("takes a form") });
    }
  });

  it("answers 400 for a multipart body that cannot be read", async () => {
    const body = "--right\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--right--\r\n";
    for (const type of ["multipart/form-data", "multipart/form-data; boundary=wrong"]) {
      expect(await refusal(post(type, body))).toEqual({ status: 400, text: expect.stringContaining("malformed") });
    }
    expect(await refusal(post("multipart/form-data; boundary=right", body.slice(0, 30)))).toMatchObject({ status: 400 });
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
