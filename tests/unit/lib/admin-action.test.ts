// What adminAction answers for each outcome of a form: a 303 with the notice, 422 with the errors and
// what was typed, a refusal on its field or on the form, 400 for a form the page does not know.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

vi.mock("~/lib/session.server", () => ({
  redirectWithNotice: async (_request: Request, to: string, notice: string) =>
    new Response(null, { status: 303, headers: { location: to, "x-notice": notice } }),
}));

const { adminAction, done, refusal } = await import("~/lib/admin-action.server");

function post(fields: Record<string, string>) {
  return new Request("http://shop.test/admin/things", { method: "POST", body: new URLSearchParams(fields) });
}

/** The answer as status and body: a redirect's target and notice, or the failure sent back. */
async function answer(result: Awaited<ReturnType<typeof adminAction>>) {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("location"), notice: result.headers.get("x-notice") };
  const failure = result as { data: unknown; init: ResponseInit | null };
  return { status: failure.init?.status, body: failure.data };
}

const pageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: z.string().trim().min(1, "Enter a name."), thingId: z.string().regex(/^\d+$/, "No such thing.") }),
  z.object({ intent: z.literal("remove") }),
]);
const fields = { rename: ["name"], remove: [] };

describe("adminAction", () => {
  it("runs the change and answers 303 with its notice", async () => {
    const change = vi.fn(async () => done("/admin/things", "Renamed."));
    const result = await answer(await adminAction(post({ intent: "rename", name: " Salsa ", thingId: "4" }), pageSchema, change, { fields }));
    expect(result).toEqual({ status: 303, location: "/admin/things", notice: "Renamed." });
    expect(change).toHaveBeenCalledWith({ intent: "rename", name: "Salsa", thingId: "4" }, expect.any(FormData));
  });

  it("sends bad input back with 422, the values typed and the form it came from; an error on a field the form does not show is the form's", async () => {
    const change = vi.fn();
    const result = await answer(await adminAction(post({ intent: "rename", name: "", thingId: "x" }), pageSchema, change, { fields }));
    expect(result).toEqual({
      status: 422,
      body: { form: "rename", errors: { name: "Enter a name.", thingId: "No such thing." }, formError: "No such thing.", values: { intent: "rename", name: "", thingId: "x" } },
    });
    expect(change).not.toHaveBeenCalled();
  });

  it("shows a database refusal on its field when the form shows it, else on the form, with its status", async () => {
    const onField = Object.assign(new Error("Taken."), { code: "LR409", column_name: "name" });
    const elsewhere = Object.assign(new Error("Gone."), { code: "LR404", column_name: "thingId" });
    const form = { intent: "rename", name: "Salsa", thingId: "4" };
    expect(await answer(await adminAction(post(form), pageSchema, async () => { throw onField; }, { fields }))).toEqual({
      status: 409,
      body: { form: "rename", errors: { name: "Taken." }, values: form },
    });
    expect(await answer(await adminAction(post(form), pageSchema, async () => { throw elsewhere; }, { fields }))).toEqual({
      status: 404,
      body: { form: "rename", errors: {}, formError: "Gone.", values: form },
    });
  });

  it("shows the route's own refusal like the database's, tagged with the form a page repeats", async () => {
    const result = await answer(
      await adminAction(post({ intent: "remove", thingId: "7" }), pageSchema, async () => refusal(409, "In use."), {
        fields,
        form: (values) => `thing-${values.thingId}`,
      }),
    );
    expect(result).toEqual({ status: 409, body: { form: "thing-7", errors: {}, formError: "In use.", values: { intent: "remove", thingId: "7" } } });
  });

  it("answers 400, for no form of the page, to an intent the page does not know", async () => {
    const result = await answer(await adminAction(post({ intent: "explode" }), pageSchema, vi.fn(), { fields }));
    expect(result).toEqual({ status: 400, body: { form: null, errors: {}, formError: "That form is not one this page knows; reload the page.", values: { intent: "explode" } } });
  });

  it("lets anything else through: a 404 Response, a real error", async () => {
    const notFound = new Response("Thing not found", { status: 404 });
    await expect(adminAction(post({ intent: "remove" }), pageSchema, async () => { throw notFound; }, { fields })).rejects.toBe(notFound);
    await expect(adminAction(post({ intent: "remove" }), pageSchema, async () => { throw new Error("boom"); }, { fields })).rejects.toThrow("boom");
  });

  it("refuses a NUL byte with 422 whatever the intent, even one named like an object's method", async () => {
    const change = vi.fn();
    for (const intent of ["rename", "toString", "__proto__", "constructor"]) {
      const result = await answer(await adminAction(post({ intent, name: "Sal\u0000sa", thingId: "4" }), pageSchema, change, { fields }));
      expect(result.status, intent).toBe(422);
      expect(JSON.stringify(result.body)).toContain("can't be stored");
    }
    expect(change).not.toHaveBeenCalled();
  });

  it("answers 415 for a body that is not a form", async () => {
    const json = new Request("http://shop.test/admin/things", { method: "POST", body: '{"intent":"remove"}', headers: { "Content-Type": "application/json" } });
    const thrown = await adminAction(json, pageSchema, vi.fn(), { fields }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(415);
  });
});
