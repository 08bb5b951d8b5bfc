// The checkout form's answers about the note and the box for texts: a note over 500 characters and a
// ticked box with a number that cannot take texts come back 422 on their fields, with what was typed,
// and no order is made; the same details with the box unticked place the order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let checkout: typeof import("~/routes/checkout");
let session: typeof import("~/lib/session.server");

beforeAll(async () => {
  harness = await startAppHarness();
  checkout = await import("~/routes/checkout");
  session = await import("~/lib/session.server");
});

afterAll(async () => {
  await harness?.stop();
});

/** Posts the checkout form with a cart of one Humita in the session, as the browser would. */
async function submit(fields: Record<string, string>) {
  const { sql } = harness.database;
  const [{ id: cartId }] = await sql<{ id: string }[]>`insert into carts default values returning id`;
  const [{ id: variantId }] = await sql<{ id: number }[]>`
    select v.id from variants v join products p on p.id = v.product_id where p.slug = 'humita' and v.name = 'Single'`;
  await sql`select cart_add_item(${cartId}, ${variantId}, 1)`;
  const cookieSession = await session.getSession(new Request("http://shop.test/checkout"));
  cookieSession.set("cartId", cartId);
  const cookie = (await session.commitSession(cookieSession)).split(";")[0];
  const [{ slot }] = await sql<{ slot: Date }[]>`select max(s) as slot from pickup_slots(1) s`;
  const body = new URLSearchParams({
    intent: "place", checkoutKey: crypto.randomUUID(), name: "Ana", email: "ana.checkout@example.com",
    phone: "(217) 555-0142", fulfillment: "pickup", pickupAt: slot.toISOString(), ...fields,
  });
  const result = await checkout.action({
    request: new Request("http://shop.test/checkout", { method: "POST", headers: { cookie }, body }),
    params: {},
    context: { requestId: "test" },
  } as unknown as Parameters<typeof checkout.action>[0]);
  const orders = await sql<{ customer_note: string | null; sms_phone: string | null }[]>`
    select customer_note, sms_phone from orders where cart_id = ${cartId}`;
  if (result instanceof Response) return { status: result.status, orders };
  const failure = result as unknown as { data: { errors: Record<string, string>; values: Record<string, string> }; init: ResponseInit | null };
  return { status: failure.init?.status, errors: failure.data.errors, values: failure.data.values, orders };
}

describe("checkout's note and texts", () => {
  it("refuses a note over 500 characters on its field, keeping what was typed", async () => {
    const note = "n".repeat(501);
    const answer = await submit({ customerNote: note });
    expect(answer.status).toBe(422);
    expect(answer.errors).toEqual({ customerNote: "Keep the note to 500 characters or fewer." });
    expect(answer.values?.customerNote).toBe(note);
    expect(answer.orders).toEqual([]);
  });

  it("counts a line break sent as CRLF as one character", async () => {
    const note = `${"a".repeat(249)}\r\n${"b".repeat(250)}`;
    const answer = await submit({ customerNote: note });
    expect(answer.status).toBe(303);
    expect(answer.orders).toEqual([{ customer_note: `${"a".repeat(249)}\n${"b".repeat(250)}`, sms_phone: null }]);
  });

  it("refuses, on the phone field, a ticked box with a number that cannot take texts; unticked, the same number is fine", async () => {
    const refused = await submit({ phone: "(555) 010-2030", smsConsent: "on" });
    expect(refused.status).toBe(422);
    expect(refused.errors?.phone).toMatch(/^We cannot send texts to that number\./);
    expect(refused.orders).toEqual([]);
    const placed = await submit({ phone: "(555) 010-2030" });
    expect(placed.status).toBe(303);
    expect(placed.orders).toEqual([{ customer_note: null, sms_phone: null }]);
  });

  it("keeps the consent with the number in E.164 form when the box is ticked", async () => {
    const answer = await submit({ smsConsent: "on", customerNote: "  No onions  " });
    expect(answer.status).toBe(303);
    expect(answer.orders).toEqual([{ customer_note: "No onions", sms_phone: "+12175550142" }]);
  });
});
