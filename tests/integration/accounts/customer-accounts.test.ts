// Customer accounts without passwords, through the routes' own loaders and actions on a real
// database: a one-time code (or link) by email that works once and for 10 minutes, kept only as a
// keyed hash; the same answer for every address; wrong codes limited; the account made on first use
// and linked to past orders with the email; "Order again" with items gone or sold out; saved
// details filling checkout; and the privacy export and erasure covering all of it.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { setGenerousLimits, useDefaultLimits } from "../../support/generous-limits";
import { readReceivedEmails } from "../../support/smtp-sink";
import { variantId } from "../../support/sql-helpers";

let harness: AppHarness;
let signInRoute: typeof import("~/routes/account.sign-in");
let codeRoute: typeof import("~/routes/account.code");
let linkRoute: typeof import("~/routes/account.link.$token");
let accountRoute: typeof import("~/routes/account._index");
let cartRoute: typeof import("~/routes/cart");
let prefill: typeof import("~/accounts/customer-account.server").checkoutPrefill;
let forgetSettings: () => void;
let sessions: typeof import("~/lib/session.server");

const IP = "203.0.113.7";

beforeAll(async () => {
  harness = await startAppHarness();
  signInRoute = await import("~/routes/account.sign-in");
  codeRoute = await import("~/routes/account.code");
  linkRoute = await import("~/routes/account.link.$token");
  accountRoute = await import("~/routes/account._index");
  cartRoute = await import("~/routes/cart");
  prefill = (await import("~/accounts/customer-account.server")).checkoutPrefill;
  forgetSettings = (await import("~/ops/security-settings.server")).forgetSecuritySettings;
  sessions = await import("~/lib/session.server");
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  const { sql } = harness.database;
  await sql`delete from graphile_worker._private_jobs`;
  await sql`delete from rate_limits`;
  await setGenerousLimits(sql);
  forgetSettings();
});

/** A browser: its cookies, carried from one answer to the next request. */
class Browser {
  cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

interface Answer {
  status: number;
  location: string | null;
  data: Record<string, unknown> & { errors?: Record<string, string>; formError?: string; askForNew?: boolean };
  headers: Headers;
}

type Route = { action?: (args: never) => unknown; loader?: (args: never) => unknown };

async function answerOf(browser: Browser, call: () => Promise<unknown>): Promise<Answer> {
  let result: unknown;
  try {
    result = await call();
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    browser.keep(result);
    return { status: result.status, location: result.headers.get("Location"), data: {}, headers: result.headers };
  }
  const init = (result as { init?: ResponseInit | null }).init;
  const data = ((result as { type?: string }).type === "DataWithResponseInit" ? (result as { data: unknown }).data : result) as Answer["data"];
  const headers = new Headers(init?.headers);
  for (const line of headers.getSetCookie()) browser.keep(new Response(null, { headers: { "Set-Cookie": line } }));
  return { status: init?.status ?? 200, location: null, data: data ?? {}, headers };
}

function post(browser: Browser, route: Route, path: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  const request = new Request(`http://shop.test${path}`, {
    method: "POST", headers: { cookie: browser.header(), "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields),
  });
  return answerOf(browser, () => (route.action as (args: unknown) => Promise<unknown>)({ request, params, context: { clientIp: IP, requestId: "req-accounts" } }));
}

function get(browser: Browser, route: Route, path: string, params: Record<string, string> = {}) {
  const request = new Request(`http://shop.test${path}`, { headers: { cookie: browser.header() } });
  return answerOf(browser, () => (route.loader as (args: unknown) => Promise<unknown>)({ request, params, context: { clientIp: IP, requestId: "req-accounts" } }));
}

/** Asks for a code for `email` and returns what the email carried, read from the SMTP server. */
async function requestCode(browser: Browser, email: string): Promise<{ answer: Answer; code: string; token: string; text: string }> {
  const before = readReceivedEmails(harness.mailDir).length;
  const answer = await post(browser, signInRoute, "/account/sign-in", { email });
  await harness.drainJobs();
  const received = readReceivedEmails(harness.mailDir).slice(before).filter((mail) => mail.to.includes(email.toLowerCase()) && mail.subject.endsWith("sign-in code"));
  expect(received).toHaveLength(1);
  const code = /: (\d{6})\n/.exec(received[0].text)?.[1];
  const token = /\/account\/link\/([\w-]{43})/.exec(received[0].text)?.[1];
  expect(code, received[0].text).toBeTruthy();
  expect(token).toBeTruthy();
  return { answer, code: code!, token: token!, text: received[0].text };
}

async function signedIn(email: string): Promise<Browser> {
  const browser = new Browser();
  const { code } = await requestCode(browser, email);
  const answer = await post(browser, codeRoute, "/account/code", { code });
  expect(answer).toMatchObject({ status: 303, location: "/account" });
  return browser;
}

/** A browser on the code page for `email` (as if it had asked), without asking for a new code. */
async function signingInAs(email: string): Promise<Browser> {
  const session = await sessions.getSession(new Request("http://shop.test/account/code"));
  session.set("signInEmail", email);
  const browser = new Browser();
  browser.keep(new Response(null, { headers: { "Set-Cookie": await sessions.commitSession(session) } }));
  return browser;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("signing in with an emailed code", () => {
  it("works once: the code signs in, is kept only as a keyed hash, and the email's copy in the outbox has neither code nor link", async () => {
    const { sql } = harness.database;
    const browser = new Browser();
    const { answer, code, token, text } = await requestCode(browser, "Rosa.Once@Example.com");
    expect(answer).toMatchObject({ status: 303, location: "/account/code" });
    expect(text).toContain("work once, for 10 minutes");

    const [row] = await sql<{ code_hash: Buffer; link_hash: Buffer; email: string; minutes: number }[]>`
      select code_hash, link_hash, email, round(extract(epoch from expires_at - created_at) / 60)::int as minutes
        from customer_sign_in_codes where email = 'rosa.once@example.com'`;
    expect(row.minutes).toBe(10);
    expect(row.code_hash.equals(createHash("sha256").update(code).digest())).toBe(false);
    expect(row.link_hash.equals(createHash("sha256").update(token).digest())).toBe(true);
    const [kept] = await sql<{ text: string; html: string; status: string }[]>`
      select text_body as text, html_body as html, status from email_outbox where template = 'customer_sign_in' and to_address = 'rosa.once@example.com'`;
    expect(kept.status).toBe("sent");
    expect(kept.text).not.toContain(code);
    expect(kept.text + kept.html).not.toContain(token);
    expect(await sql`select 1 from graphile_worker._private_jobs where payload ->> 'code' = ${code}`).toHaveLength(0);

    const page = await get(browser, codeRoute, "/account/code");
    expect(page.data).toEqual({ email: "rosa.once@example.com" });
    const mistaken = await post(browser, codeRoute, "/account/code", { code: wrong(code) });
    expect(mistaken.status).toBe(422);
    expect(mistaken.data.errors).toEqual({ code: "That code is not right. Check the latest email from us and try again." });
    expect(browser.cookies.has("__larder_account")).toBe(false);

    const right = await post(browser, codeRoute, "/account/code", { code: ` ${code.slice(0, 3)} ${code.slice(3)} ` });
    expect(right).toMatchObject({ status: 303, location: "/account" });
    expect(browser.cookies.has("__larder_account")).toBe(true);
    const account = await get(browser, accountRoute, "/account");
    expect(account.status).toBe(200);
    expect((account.data.account as { email: string }).email).toBe("rosa.once@example.com");
    const [session] = await sql`select data, customer_id, admin_user_id from sessions where data ->> 'kind' = 'customer'`;
    expect(session).toMatchObject({ admin_user_id: null, data: { kind: "customer" } });

    // Signed in, the browser forgets which email it was signing in as.
    expect(await sql`select 1 from sessions where data ? 'signInEmail'`).toHaveLength(0);
    // The same code again, from another browser signing in as this email: used.
    const reused = await post(await signingInAs("rosa.once@example.com"), codeRoute, "/account/code", { code });
    expect(reused.status).toBe(409);
    expect(reused.data).toMatchObject({ formError: "This code has already been used. Ask for a new one.", askForNew: true });

    // Its link is spent with it: the page says so and offers a new code; posting it changes nothing.
    const linkPage = await get(new Browser(), linkRoute, `/account/link/${token}`, { token });
    expect(linkPage.status).toBe(410);
    expect(linkPage.data).toEqual({ refusal: "This link has already been used. Ask for a new one." });
    const linkPost = await post(new Browser(), linkRoute, `/account/link/${token}`, {}, { token });
    expect(linkPost.status).toBe(409);
    expect(linkPost.data.formError).toBe("This link has already been used. Ask for a new one.");
  });

  it("refuses a code used once already, and a code or link past its 10 minutes, saying to ask for a new one", async () => {
    const { sql } = harness.database;
    const browser = new Browser();
    const { code } = await requestCode(browser, "used.twice@example.com");
    const thief = await signingInAs("used.twice@example.com");
    expect(await post(browser, codeRoute, "/account/code", { code })).toMatchObject({ status: 303 });
    const again = await post(thief, codeRoute, "/account/code", { code });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ formError: "This code has already been used. Ask for a new one.", askForNew: true });

    const late = new Browser();
    const expired = await requestCode(late, "late@example.com");
    await sql`update customer_sign_in_codes set created_at = now() - interval '11 minutes', expires_at = now() - interval '1 minute' where email = 'late@example.com'`;
    const tooLate = await post(late, codeRoute, "/account/code", { code: expired.code });
    expect(tooLate.status).toBe(409);
    expect(tooLate.data.formError).toMatch(/^This code has expired/);
    const linkPage = await get(new Browser(), linkRoute, `/account/link/${expired.token}`, { token: expired.token });
    expect(linkPage).toMatchObject({ status: 410, data: { refusal: expect.stringMatching(/^This link has expired/) } });
    expect(await sql`select 1 from customer_accounts a join customers c on c.id = a.customer_id where c.email = 'late@example.com'`).toHaveLength(0);

    // A fresh code works; the link signs in too, from a button (opening it changes nothing).
    const fresh = await requestCode(late, "late@example.com");
    const reader = new Browser();
    expect(await get(reader, linkRoute, `/account/link/${fresh.token}`, { token: fresh.token })).toMatchObject({ status: 200, data: { refusal: null } });
    expect(await sql`select used_at from customer_sign_in_codes where link_hash = sha256(convert_to(${fresh.token}, 'UTF8'))`).toEqual([{ used_at: null }]);
    expect(await post(reader, linkRoute, `/account/link/${fresh.token}`, {}, { token: fresh.token })).toMatchObject({ status: 303, location: "/account" });
    expect(reader.cookies.has("__larder_account")).toBe(true);
    const unknown = "A".repeat(43);
    expect(await get(new Browser(), linkRoute, `/account/link/${unknown}`, { token: unknown })).toMatchObject({ status: 404 });
  });

  it("gives the same answer whether or not the shop knows the email", async () => {
    const { sql } = harness.database;
    await harness.placeOrder("known.customer@example.com");
    const known = await requestCode(new Browser(), "known.customer@example.com");
    const unknown = await requestCode(new Browser(), "never.ordered@example.com");
    const shape = (answer: Answer, text: string, code: string, token: string) => ({
      status: answer.status, location: answer.location, data: answer.data,
      text: text.replace(code, "CODE").replace(token, "TOKEN"),
    });
    expect(shape(known.answer, known.text, known.code, known.token)).toEqual(shape(unknown.answer, unknown.text, unknown.code, unknown.token));
    const rows = await sql<{ email: string }[]>`
      select email from customer_sign_in_codes where email in ('known.customer@example.com', 'never.ordered@example.com') order by email`;
    expect(rows).toHaveLength(2);
    // Nothing is made for an address until its code is used.
    expect(await sql`select 1 from customers where email = 'never.ordered@example.com'`).toHaveLength(0);
  });

  it("limits wrong codes per email (a right one gives its attempt back) and codes emailed per address", async () => {
    const { sql } = harness.database;
    await useDefaultLimits(sql);
    forgetSettings();
    try {
      const browser = new Browser();
      const { code } = await requestCode(browser, "guesser@example.com");
      for (let attempt = 0; attempt < 10; attempt++) {
        expect((await post(browser, codeRoute, "/account/code", { code: String(100000 + attempt) === code ? "999999" : String(100000 + attempt) })).status).toBe(422);
      }
      const refused = await post(browser, codeRoute, "/account/code", { code });
      expect(refused.status).toBe(429);
      expect(refused.data.formError).toMatch(/^Too many attempts\. Try again in \d+ (seconds|minutes?)\.$/);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(browser.cookies.has("__larder_account")).toBe(false);
      expect(await sql`select used_at from customer_sign_in_codes where email = 'guesser@example.com'`).toEqual([{ used_at: null }]);

      // Another email from the same address still signs in, and its right code is not counted.
      await sql`delete from rate_limits where key like 'account_code_wrong_per_ip:%'`;
      const other = await signedIn("patient@example.com");
      expect(other.cookies.has("__larder_account")).toBe(true);
      const [{ count }] = await sql<{ count: number }[]>`select count(*)::int from rate_limits where key = 'account_code_wrong_per_email:patient@example.com' and tat > now()`;
      expect(count).toBe(0);

      // Five codes per email per 15 minutes: the sixth request sends nothing.
      const asker = new Browser();
      for (let request = 0; request < 4; request++) await post(asker, signInRoute, "/account/sign-in", { email: "asker@example.com" });
      await post(asker, signInRoute, "/account/sign-in", { email: "ASKER@example.com" });
      const sixth = await post(asker, signInRoute, "/account/sign-in", { email: "asker@example.com" });
      expect(sixth.status).toBe(429);
      expect(sixth.data.formError).toMatch(/^Too many attempts/);
      const [{ sent }] = await sql<{ sent: number }[]>`select count(*)::int as sent from email_outbox where to_address = 'asker@example.com'`;
      expect(sent).toBe(5);
    } finally {
      await setGenerousLimits(sql);
      forgetSettings();
    }
  });
});

describe("the account", () => {
  it("is made on first use, linked to past orders with the verified email, and fills checkout", async () => {
    const { sql } = harness.database;
    const first = await harness.placeOrder("Linked.Past@example.com");
    const second = await harness.placeOrder("linked.past@example.com", [["humita", "Single", 3]]);
    // An order from before customer records were kept for it.
    await sql`update orders set customer_id = null where id = ${first}`;
    await sql`update orders set address_line1 = null where id in (${first}, ${second})`;
    const browser = await signedIn("linked.past@example.com");
    const [{ customer_id: customerId }] = await sql`select customer_id from customer_accounts a join customers c on c.id = a.customer_id where c.email = 'linked.past@example.com'`;
    expect(await sql`select id from orders where customer_id = ${customerId} order by id`).toEqual([{ id: first }, { id: second }]);

    const page = await get(browser, accountRoute, "/account");
    const orders = page.data.orders as { number: number; publicToken: string; state: string; items: string }[];
    const tokens = await sql<{ public_token: string }[]>`select public_token from orders where id in (${first}, ${second}) order by id desc`;
    expect(orders.map((order) => order.publicToken)).toEqual(tokens.map((row) => row.public_token));
    expect(orders[0]).toMatchObject({ state: "pending_payment", items: "3 × Humita (Single)" });
    expect(page.data.account).toMatchObject({ name: "Ana", phone: "555 010 2030", addressLine1: "" });

    // Saved details, then checkout starts from them; a guest's checkout starts empty.
    const saved = await post(browser, accountRoute, "/account", {
      intent: "save", name: "Ana Linked", phone: "(217) 555-0199", addressLine1: "12 Elm St", addressLine2: "",
      addressCity: "Springfield", addressRegion: "IL", addressPostalCode: "62701", smsConsent: "on",
    });
    expect(saved).toMatchObject({ status: 303, location: "/account" });
    const request = new Request("http://shop.test/checkout", { headers: { cookie: browser.header() } });
    expect(await prefill(request)).toEqual({
      name: "Ana Linked", email: "linked.past@example.com", phone: "(217) 555-0199", addressLine1: "12 Elm St",
      addressCity: "Springfield", addressRegion: "IL", addressPostalCode: "62701", smsConsent: "on",
    });
    expect(await prefill(new Request("http://shop.test/checkout"))).toEqual({});
    const [consents] = await sql`select marketing_consent_at, sms_consent_at from customer_accounts where customer_id = ${customerId}`;
    expect(consents.marketing_consent_at).toBeNull();
    expect(consents.sms_consent_at).toBeInstanceOf(Date);

    const refused = await post(browser, accountRoute, "/account", { intent: "save", name: "Ana", phone: "", smsConsent: "on" });
    expect(refused.status).toBe(422);
    expect(refused.data.errors).toEqual({ phone: "Add a phone number to get texts about your orders." });
    const halfAddress = await post(browser, accountRoute, "/account", { intent: "save", name: "Ana", addressCity: "Springfield" });
    expect(halfAddress.data.errors).toEqual({ addressLine1: "Enter the street address, or clear the whole address." });

    // Signing out ends the session in the database, not only in the browser.
    const cookie = browser.header();
    expect(await post(browser, accountRoute, "/account", { intent: "signOut" })).toMatchObject({ status: 303, location: "/" });
    const stale = await answerOf(new Browser(), () => accountRoute.loader({ request: new Request("http://shop.test/account", { headers: { cookie } }), params: {}, context: {} } as never));
    expect(stale).toMatchObject({ status: 302, location: "/account/sign-in" });
  });

  it("orders again: same items, options, choices and notes into the cart, saying what is gone or sold out", async () => {
    const { sql } = harness.database;
    const [{ id: cartId }] = await sql<{ id: string }[]>`insert into carts default values returning id`;
    const [{ id: chimichurri }] = await sql<{ id: number }[]>`select id from modifiers where name = 'Chimichurri'`;
    await sql`select cart_add_item(${cartId}, ${await variantId(sql, "beef-criolla", "Dozen")}, 2, ${[chimichurri]}::bigint[], 'extra crispy')`;
    await sql`select cart_add_item(${cartId}, ${await variantId(sql, "humita", "Half dozen")}, 1)`;
    await sql`select cart_add_item(${cartId}, ${await variantId(sql, "chipa", "Bag of 6")}, 1)`;
    await sql`select cart_add_item(${cartId}, ${await variantId(sql, "ham-cheese", "Single")}, 4)`;
    const [{ slot }] = await sql<{ slot: Date }[]>`select pickup_slots(1) as slot limit 1`;
    const [{ order_id: orderId }] = await sql`select order_id from place_order(${cartId}, gen_random_uuid(), 1, 'Ana', 'again@example.com', '555 010 2030', ${slot})`;
    const [{ number }] = await sql<{ number: number }[]>`select number from orders where id = ${orderId}`;

    // Since then: Humita left the menu, Chipa sold out, only 3 Ham & Cheese singles are left.
    await sql`update products set is_active = false where slug = 'humita'`;
    await sql`update variants set sold_out = true where id = ${await variantId(sql, "chipa", "Bag of 6")}`;
    await sql`insert into inventory_levels (variant_id, location_id, quantity) values (${await variantId(sql, "ham-cheese", "Single")}, shop_location_id(), 3)
              on conflict (variant_id, location_id) do update set quantity = 3`;
    try {
      const browser = await signedIn("again@example.com");
      const answer = await post(browser, accountRoute, "/account", { intent: "orderAgain", orderNumber: String(number) });
      expect(answer).toMatchObject({ status: 303, location: "/cart" });
      const cart = await get(browser, cartRoute, "/cart");
      const lines = (cart.data.cart as { lines: { productName: string; variantName: string; quantity: number; note: string; modifiers: { name: string }[] }[] }).lines;
      expect(lines.map(({ productName, variantName, quantity, note, modifiers }) => ({ productName, variantName, quantity, note, modifiers: modifiers.map((m) => m.name) })))
        .toEqual([{ productName: "Beef Criolla", variantName: "Dozen", quantity: 2, note: "extra crispy", modifiers: ["Chimichurri"] }]);
      expect(cart.data.notice).toBe(`Added from order #${number}: 2 × Beef Criolla (Dozen). Not added: Humita (Half dozen) is no longer on the menu. `
        + "Chipa (cheese bread) (Bag of 6) is sold out. Only 3 of Ham & Cheese (Single) left.");

      // Another customer's order is not theirs to repeat.
      const [{ number: othersNumber }] = await sql<{ number: number }[]>`select number from orders where id = ${await harness.placeOrder("someone.else@example.com")}`;
      const refused = await post(browser, accountRoute, "/account", { intent: "orderAgain", orderNumber: String(othersNumber) });
      expect(refused.status).toBe(404);
      expect(refused.data.formError).toBe("That order is not one of yours.");
    } finally {
      await sql`update products set is_active = true where slug = 'humita'`;
      await sql`update variants set sold_out = false where id = ${await variantId(sql, "chipa", "Bag of 6")}`;
      await sql`delete from inventory_levels where variant_id = ${await variantId(sql, "ham-cheese", "Single")}`;
    }
  });
});

describe("privacy", () => {
  /** Every text and JSON column of every table holding `needle`. */
  async function whereFound(needle: string): Promise<string[]> {
    const { sql } = harness.database;
    const columns = await sql<{ schema: string; table: string; column: string }[]>`
      select c.table_schema as schema, c.table_name as table, c.column_name as column
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
       where c.table_schema in ('public', 'private', 'graphile_worker')
         and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.udt_name in ('_text', '_varchar'))`;
    const found: string[] = [];
    for (const { schema, table, column } of columns) {
      const [{ hits }] = await sql<{ hits: number }[]>`
        select count(*)::int as hits from ${sql(schema)}.${sql(table)} where strpos(lower(${sql(column)}::text), lower(${needle})) > 0`;
      if (hits > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  it("exports the account and erases it: saved details, consents, sign-in codes and signed-in sessions", async () => {
    const { sql } = harness.database;
    const EMAIL = "philippa.quarrington@example.com";
    const orderId = await harness.placeOrder(EMAIL);
    await sql`select cancel_unpaid_order(${orderId}, 'changed her mind')`;
    const browser = await signedIn(EMAIL);
    expect((await post(browser, accountRoute, "/account", {
      intent: "save", name: "Philippa Quarrington", phone: "(217) 555-0177", addressLine1: "9 Marigold Crescent",
      addressCity: "Springfield", addressRegion: "IL", addressPostalCode: "62701", marketingConsent: "on",
    })).status).toBe(303);
    // A second browser that asked for a code and has not used it yet.
    await post(new Browser(), signInRoute, "/account/sign-in", { email: EMAIL });
    await harness.drainJobs();

    const [{ owner }] = await sql<{ owner: number }[]>`
      insert into admin_users (email, name, password_hash, role) values ('privacy.owner@shop.test', 'Olive', 'x', 'owner') returning id as owner`;
    const [{ data }] = await sql<{ data: Record<string, unknown[]> }[]>`select private.customer_privacy_data(${EMAIL}, null) as data`;
    expect(data.accounts).toEqual([expect.objectContaining({
      name: "Philippa Quarrington", phone: "(217) 555-0177", marketing_consent_at: expect.any(String), sms_consent_at: null,
      delivery_address: { line1: "9 Marigold Crescent", line2: null, city: "Springfield", region: "IL", postal_code: "62701" },
    })]);
    expect(data.sign_in_codes).toHaveLength(2);
    expect(data.sessions).toEqual(expect.arrayContaining([
      expect.objectContaining({ signed_in_to_account: true }), expect.objectContaining({ signing_in_as: EMAIL })]));
    expect(await whereFound("Marigold Crescent")).toEqual(["customer_accounts.address_line1"]);

    const [{ erasure }] = await sql<{ erasure: Record<string, number> }[]>`
      select erase_customer(${EMAIL}, null, ${EMAIL}, ${owner}, 'req-erase-account', '10.0.0.1') as erasure`;
    expect(erasure).toMatchObject({ customers: 1, sessions: 2 });
    expect(await whereFound(EMAIL)).toEqual([]);
    expect(await whereFound("Quarrington")).toEqual([]);
    expect(await whereFound("Marigold Crescent")).toEqual([]);
    expect(await whereFound("555-0177")).toEqual([]);
    expect(await sql`select 1 from customer_sign_in_codes where email = ${EMAIL}`).toHaveLength(0);
    expect(await get(browser, accountRoute, "/account")).toMatchObject({ status: 302, location: "/account/sign-in" });
  });
});
