// Every form of the storefront and the admin, fuzzed over HTTP against the built app. The forms are
// found, not listed: the routes come from app/routes, each page is fetched and its `method="post"`
// forms read from the HTML (fields, defaults, options, intent buttons), so a new form is fuzzed
// without touching this file. Each generated or nasty body must get an answer under 500, and one
// that is refused (4xx) must leave the database exactly as it was (no row, no audit entry, no job).
import fc from "fast-check";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../app/accounts/password.server";
import { seedDemoShop } from "../../../db/seed/demo";
import { startSquareSimulator, type SquareSimulator } from "../../../dev/square-sim/server";
import { freePort, send, startAppProcess, type Answer, type AppProcess } from "../../support/app-process";
import { pageForms, postForms, readRoutes, routeFor, routePath, routePattern, type PageForm, type RouteFile } from "../../support/route-forms";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

const ROUTES = readRoutes(path.resolve("app/routes"));
/**
 * Generated bodies per form (plus the fixed nasty ones). Each run draws a new seed, so runs add up;
 * 5 keeps the ~80 forms (about 2,400 requests with the fixed bodies) near a minute. FUZZ_RUNS raises it for a long run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
const OWNER = { email: "fuzz-owner@larder.test", password: "fuzz-owner-passphrase" };

/**
 * Pages whose forms a plain visit to each route does not show (a query string a link adds; `:name`
 * is a sample value). A route that exports `action` but whose form appears on no page fails the
 * coverage test until its page is added here.
 */
const EXTRA_PAGES: string[] = [
  "/admin/orders/new?product=:slug",
  "/admin/packing?date=:day",
  "/admin/board?date=:day",
  // A staff invite's emailed link; a customer's privacy page (its export and erase forms).
  "/admin/invite/:inviteToken",
  "/admin/privacy/customer?email=ana%40example.com",
  // A customer's emailed sign-in link.
  "/account/link/:signInToken",
];

/**
 * Forms a page shows only in the middle of a flow the fuzz cannot stand in (the two-factor step
 * after a right password): posted as the form would be, with its fields named here. Their action
 * must refuse a post that does not come from that flow, whatever the body.
 */
type FlowForm = { path: string; fields: string[] };
const FLOW_FORMS: FlowForm[] = [
  { path: "/admin/login/code", fields: ["code"] },
  // A customer's code, after asking for one (the fuzzed customer has always just asked).
  { path: "/account/code", fields: ["code"] },
  // The catch-all ($.tsx) has no form of its own: anything posted to an address no route has is a 404.
  { path: "/no-such-page/anywhere", fields: ["anything"] },
];

/**
 * Tables a refused request may still write, and why. Everything else in `public`, and the job
 * queue, must be byte for byte the same after a 4xx.
 */
const VOLATILE_TABLES: Record<string, string> = {
  sessions: "a refused form keeps the session; reading a flash notice re-saves it",
  rate_limits: "the per-address ceiling on posts counts every post, refused or not (docs/decisions/008)",
};

/** The id a `$id` param takes, from the table its parent segment names (`promo-codes` → promo_codes). */
const ID_TABLES: Record<string, string> = { print: "production_prints" };

let database: TestDatabase;
let simulator: SquareSimulator;
let app: AppProcess;
let samples: Record<string, string>;
let requestCount = 0;
const covered = new Set<string>();

/** One browser's cookies: sent with every request, updated from every answer. */
class CookieJar {
  private cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  /** Takes the answer's Set-Cookie headers; true when a cookie was replaced or removed (a new session). */
  take(answer: Answer): boolean {
    let rotated = false;
    for (const line of answer.headers?.["set-cookie"] ?? []) {
      const [pair, ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const removed = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=thu, 01 jan 1970/i.test(attribute));
      const previous = this.cookies.get(name);
      if (previous !== undefined && (removed || previous !== value)) rotated = true;
      if (removed) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return rotated;
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

const jars = { owner: new CookieJar(), customer: new CookieJar() };
const jarFor = (url: string) => (new URL(url, "http://x").pathname.startsWith("/admin") ? jars.owner : jars.customer);

async function signInOwner() {
  jars.owner = new CookieJar();
  const answer = await send(`${app.url}/admin/login`, {
    method: "POST",
    body: new URLSearchParams({ ...OWNER, redirectTo: "/admin" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
  });
  expect(answer.status, answer.body).toBeLessThan(400);
  jars.owner.take(answer);
}

/**
 * Signs the customer in to their account (ana@example.com, who has the unpaid order: /account then
 * shows its forms, "Order again" among them) with the code from the email's job, then asks for a
 * new code, so /account/code has one to check.
 */
async function signInCustomer() {
  const ask = () => send(`${app.url}/account/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ email: "ana@example.com" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, cookie: jars.customer.header() },
  });
  const asked = await ask();
  expect(asked.status, asked.body?.slice(0, 300)).toBe(303);
  jars.customer.take(asked);
  const [{ code }] = await database.sql<{ code: string }[]>`
    select j.payload ->> 'code' as code from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'send_email' and j.payload ->> 'code' is not null order by j.id desc limit 1`;
  const answer = await send(`${app.url}/account/code`, {
    method: "POST",
    body: new URLSearchParams({ code }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, cookie: jars.customer.header() },
  });
  expect(answer.status, answer.body?.slice(0, 300)).toBe(303);
  jars.customer.take(answer);
  jars.customer.take(await ask());
}

type Body = { contentType: string; bytes: Buffer; label: string };
type Value = string | Buffer;

/** application/x-www-form-urlencoded, byte by byte (so invalid UTF-8 can be sent on purpose). */
function urlencoded(pairs: [string, Value][]): Buffer {
  const encode = (value: Value) =>
    [...(typeof value === "string" ? Buffer.from(value, "utf8") : value)]
      .map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`))
      .join("");
  return Buffer.from(pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join("&"), "latin1");
}

function multipart(pairs: [string, Value][], boundary = "----larderfuzz7MA4YWxkTrZu0gW"): Buffer {
  const parts = pairs.flatMap(([name, value]) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, "_")}"\r\n\r\n`),
    typeof value === "string" ? Buffer.from(value, "utf8") : value,
    Buffer.from("\r\n"),
  ]);
  return Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
}

function formBody(pairs: [string, Value][], encoding: "urlencoded" | "multipart", label: string): Body {
  const body = encoding === "urlencoded"
    ? { contentType: "application/x-www-form-urlencoded", bytes: urlencoded(pairs), label }
    : { contentType: "multipart/form-data; boundary=----larderfuzz7MA4YWxkTrZu0gW", bytes: multipart(pairs), label };
  // fast-check prints a counterexample with this: the fields, not a Buffer's bytes.
  return Object.assign(body, { [fc.toStringMethod]: () => label });
}

/** What the page would send: each control's default, and the first submit button. */
function defaults(form: PageForm, submitter = form.submitters[0]): [string, string][] {
  const pairs = form.controls.filter((control) => control.type !== "checkbox" || control.value).map((control): [string, string] => [control.name, control.value]);
  return submitter ? [...pairs, [submitter.name, submitter.value]] : pairs;
}

const NASTY = [
  "\u0000", "a\u0000b", "x".repeat(100_000), "\ud800", "\udfff", "1e309", "-1", "99999999999999999999", "-99999999999999999999",
  "0", "NaN", "Infinity", "-0", "1.5", " ", "", "\r\n", "%00", "<script>alert(1)</script>", "' or 1=1 --", "2025-02-30",
  "9999-12-31T23:59", "0001-01-01", "true", "null", "[]", "{}", "\u202e\u0301", "😀".repeat(1000), "9".repeat(400),
];

/** The fixed nasty bodies every form gets, beside the generated ones. */
function nastyBodies(form: PageForm): Body[] {
  const base = defaults(form);
  const names = [...new Set(base.map(([name]) => name))];
  const each = (value: Value, label: string) => formBody(base.map(([name, v]) => [name, name === form.submitters[0]?.name ? v : value]), "urlencoded", label);
  return [
    ...names.map((name) => formBody(base.map(([n, v]) => [n, n === name ? `${v}\u0000` : v]), "urlencoded", `NUL byte in ${name}`)),
    ...names.map((name) => formBody(base.map(([n, v]) => [n, n === name ? "99999999999999999999" : v]), "urlencoded", `huge number in ${name}`)),
    each("x".repeat(100_000), "100 kB in every field"),
    each(Buffer.from([0xed, 0xa0, 0x80]), "a lone surrogate (invalid UTF-8) in every field"),
    each(Buffer.from([0xff, 0xfe]), "invalid UTF-8 bytes in every field"),
    each("1e309", "1e309 in every field"),
    each("-1", "-1 in every field"),
    formBody([...base, ...base], "urlencoded", "every field twice"),
    formBody(base.filter(([name]) => name === form.submitters[0]?.name), "urlencoded", "every field missing"),
    formBody(base, "multipart", "the defaults as multipart"),
    { contentType: "application/json", bytes: Buffer.from('{"intent": "broken'), label: "broken JSON" },
    { contentType: "application/json", bytes: Buffer.from(JSON.stringify(Object.fromEntries(base))), label: "JSON instead of a form" },
    { contentType: "text/plain", bytes: Buffer.from(base.map(([name, value]) => `${name}=${value}`).join("\r\n")), label: "text/plain" },
    { contentType: "multipart/form-data", bytes: multipart(base), label: "multipart without a boundary" },
    { contentType: "multipart/form-data; boundary=nope", bytes: multipart(base), label: "multipart with the wrong boundary" },
    { contentType: "multipart/form-data; boundary=----larderfuzz7MA4YWxkTrZu0gW", bytes: multipart(base).subarray(0, 60), label: "truncated multipart" },
    { contentType: "application/x-www-form-urlencoded", bytes: Buffer.from("intent=%zz&%E0%A4%A=1&=&&a"), label: "broken percent-encoding" },
    { contentType: "application/octet-stream", bytes: Buffer.from([0, 1, 2, 255]), label: "binary body" },
  ];
}

/** Generated bodies: each field its default, an option, a nasty value or random text; missing or repeated. */
function generatedBody(form: PageForm, encodings: ("urlencoded" | "multipart")[] = ["urlencoded", "urlencoded", "urlencoded", "multipart"]): fc.Arbitrary<Body> {
  const value = (fallback: string, options: string[]) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(fallback, ...options) },
      { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
      { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.bigInt(), fc.double()).map(String) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY).map((nasty) => `${fallback}${nasty}`) },
    );
  const field = (name: string, fallback: string, options: string[]) =>
    fc.oneof(
      { weight: 6, arbitrary: value(fallback, options).map((v): [string, string][] => [[name, v]]) },
      { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
      { weight: 1, arbitrary: fc.tuple(value(fallback, options), value(fallback, options)).map(([a, b]): [string, string][] => [[name, a], [name, b]]) },
    );
  const submitter = form.submitters.length
    ? fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...form.submitters).map((s): [string, string][] => [[s.name, s.value]]) },
        { weight: 1, arbitrary: fc.constantFrom(...NASTY).map((nasty): [string, string][] => [[form.submitters[0].name, nasty]]) },
      )
    : fc.constant<[string, string][]>([]);
  return fc
    .tuple(fc.tuple(...form.controls.map((control) => field(control.name, control.value, control.options))), submitter, fc.constantFrom(...encodings))
    .map(([fields, button, encoding]) => {
      const pairs = [...fields.flat(), ...button];
      return formBody(pairs, encoding, `generated ${encoding}: ${JSON.stringify(pairs.map(([n, v]) => [n, v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v]))}`);
    });
}

/** The property's own error first (what was sent, what came back, the app's log), then fast-check's seed and counterexample. */
function describeFailure(action: string, error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `${error.cause.message}\n` : "";
  return `${action}: ${cause}${error instanceof Error ? error.message : String(error)}`.slice(0, 4000);
}

/** Row counts and a digest of every table's rows, except VOLATILE_TABLES; with the job queue. */
async function fingerprint(): Promise<Map<string, string>> {
  const tables = await database.sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
  const parts = tables
    .filter(({ name }) => !(name in VOLATILE_TABLES))
    .map(({ name }) => `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as digest from public."${name}" t`);
  parts.push(`select 'graphile_worker jobs', count(*)::text || ':' || coalesce(md5(string_agg(md5(row(j.id, j.task_id, j.payload, j.key, j.run_at, j.revision)::text), '' order by j.id)), '') from graphile_worker._private_jobs j`);
  const rows = await database.sql.unsafe<{ name: string; digest: string }[]>(parts.join(" union all "));
  return new Map(rows.map((row) => [row.name, row.digest]));
}

/**
 * Every write to a table the fingerprint covers is noted by a row trigger (rolled back with the
 * write it notes). A refused request that noted nothing wrote nothing; the digest of every table is
 * taken again only after something was noted: most refusals write nothing, and the digest is what
 * cost this test most of its time.
 */
async function noteWrites() {
  await database.sql.unsafe(`
    create schema fuzz;
    create table fuzz.writes (id bigserial primary key, at_table text not null);
    create function fuzz.note_write() returns trigger language plpgsql as $$
    begin
      insert into fuzz.writes (at_table) values (tg_table_schema || '.' || tg_table_name);
      return null;
    end $$`);
  const tables = await database.sql<{ name: string }[]>`
    select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_type = 'BASE TABLE' and (table_schema = 'public' or (table_schema, table_name) = ('graphile_worker', '_private_jobs'))`;
  for (const { name } of tables.filter(({ name }) => !(name.replace(/^public\./, "") in VOLATILE_TABLES))) {
    await database.sql.unsafe(`
      create trigger fuzz_note_write after insert or update or delete on ${name} for each row execute function fuzz.note_write();
      create trigger fuzz_note_truncate after truncate on ${name} for each statement execute function fuzz.note_write()`);
  }
}

async function lastWrite(): Promise<string> {
  const [{ id }] = await database.sql<{ id: string }[]>`select coalesce(max(id), 0)::text as id from fuzz.writes`;
  return id;
}

/** The fingerprint as of the last noted write, taken again only when a write was noted since. */
let known: { digest: Map<string, string>; at: string } | null = null;
async function currentFingerprint(): Promise<{ digest: Map<string, string>; at: string }> {
  const at = await lastWrite();
  if (known?.at !== at) known = { digest: await fingerprint(), at };
  return known;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
}

function logOf(requestId: string): string {
  return app
    .output()
    .split("\n")
    .filter((line) => line.includes(requestId))
    .map((line) => line.slice(0, 2000))
    .join("\n");
}

/** Posts one body; fails (with what was sent and the app's log of it) on a 5xx or a refused change that changed something. */
async function postAndCheck(url: string, body: Body) {
  const jar = jarFor(url);
  const requestId = `fuzz-${++requestCount}`;
  const before = await currentFingerprint();
  const answer = await send(url, {
    method: "POST",
    body: body.bytes,
    headers: { "content-type": body.contentType, cookie: jar.header(), origin: app.url, "x-request-id": requestId },
  });
  const route = routeFor(ROUTES, url);
  if (route) covered.add(route.file);
  const rotated = jar.take(answer);
  const where = `POST ${new URL(url).pathname}${new URL(url).search} (${body.label})`;
  if (answer.status === undefined || answer.status >= 500) {
    throw new Error(`${where} answered ${answer.status ?? answer.error}\n${(answer.body ?? "").slice(0, 300)}\n${logOf(requestId)}`);
  }
  // A refusal is the page (the form with its errors, or the error page), except the server's own
  // limits that answer before the app: 413 for a body over 1 MB.
  if (answer.status >= 400 && answer.status !== 413 && route?.hasPage && !String(answer.headers?.["content-type"]).startsWith("text/html")) {
    throw new Error(`${where} was refused with ${answer.status} but not with a page (${answer.headers?.["content-type"]}): ${(answer.body ?? "").slice(0, 200)}`);
  }
  if (answer.status >= 400 && (await lastWrite()) !== before.at) {
    const changed = changedTables(before.digest, (await currentFingerprint()).digest);
    if (changed.length) throw new Error(`${where} was refused with ${answer.status} but changed ${changed.join(", ")}`);
  }
  // A form that signed the owner out (sign out, or a change to their own account): sign in again.
  if (jar === jars.owner && rotated) await signInOwner();
  // A form that signed the customer out of their account: sign in again.
  if (jar === jars.customer && !jar.has("__larder_account")) await signInCustomer();
}

/** A GET form sent with a generated query string: anything but a 5xx. */
async function getAndCheck(action: string, body: Body) {
  const url = new URL(action);
  url.search = body.bytes.toString("latin1");
  const requestId = `fuzz-${++requestCount}`;
  const answer = await send(url.toString(), { headers: { cookie: jarFor(action).header(), "x-request-id": requestId } });
  // Past Node's 16 kB header limit the server answers 431 and closes, often before the client has
  // finished writing (a reset): refused before the app, as it should be.
  if (url.toString().length > 16 * 1024 && (answer.status === 431 || answer.error === "ECONNRESET" || answer.error === "EPIPE")) return;
  if (answer.status === undefined || answer.status >= 500) {
    throw new Error(`GET ${url.pathname}${url.search.slice(0, 300)} answered ${answer.status ?? answer.error}\n${logOf(requestId)}`);
  }
}

async function getPage(url: string) {
  const jar = jarFor(url);
  const answer = await send(url, { headers: { cookie: jar.header() } });
  jar.take(answer);
  return answer;
}

/** Real values for each route param, from the seeded shop and an unpaid order placed for the test. */
async function paramSamples(route: RouteFile): Promise<Record<string, string> | null> {
  const params: Record<string, string> = {};
  for (const param of route.params) {
    if (param in samples) {
      params[param] = samples[param];
      continue;
    }
    if (param !== "id") throw new Error(`no sample value for $${param} of ${route.file}: add one to the fuzz test's samples`);
    const parent = route.segments[route.segments.indexOf(":id") - 1];
    const table = ID_TABLES[parent] ?? parent.replace(/-/g, "_");
    const [exists] = await database.sql`select to_regclass(${`public.${table}`}) as name`;
    if (!exists.name) throw new Error(`no table for $id of ${route.file} (tried ${table}): add it to ID_TABLES in the fuzz test`);
    const [row] = await database.sql.unsafe<{ id: string | null }[]>(`select min(id)::text as id from public."${table}"`);
    if (!row.id) return null;
    params.id = row.id;
  }
  return params;
}

/** A flow form as the page would show it: its fields, empty. */
function flowForm(flow: FlowForm): PageForm {
  return {
    action: `${app.url}${flow.path}`,
    enctype: "application/x-www-form-urlencoded",
    controls: flow.fields.map((name) => ({ name, value: "", options: [], type: "text" })),
    submitters: [],
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  await database.sql`insert into admin_users (email, password_hash, role) values (${OWNER.email}, ${await hashPassword(OWNER.password)}, 'owner')`;
  // An unpaid order, so /orders/$token shows its pay form and /admin/orders/$number its forms.
  const [{ id: cartId }] = await database.sql<{ id: string }[]>`insert into carts default values returning id`;
  const [{ id: variantId }] = await database.sql<{ id: number }[]>`
    select v.id from variants v join products p on p.id = v.product_id where p.slug = 'beef-criolla' and v.name = 'Dozen'`;
  await database.sql`select cart_add_item(${cartId}, ${variantId}, 2)`;
  const [{ slot }] = await database.sql<{ slot: Date }[]>`select pickup_slots(1) as slot limit 1`;
  const [order] = await database.sql<{ order_id: number; public_token: string }[]>`
    select order_id, public_token from place_order(${cartId}, gen_random_uuid(), 1, 'Ana', 'ana@example.com', '555 010 2030', ${slot})`;
  const [{ number }] = await database.sql<{ number: number }[]>`select number from orders where id = ${order.order_id}`;
  const [{ slug }] = await database.sql<{ slug: string }[]>`
    select p.slug from products p join product_modifier_lists pml on pml.product_id = p.id where p.is_active order by p.id limit 1`;
  // A pay-at-pickup order for the packing shelf and the board's cards; a job that gave up and a dead
  // webhook event, for the retry and replay forms.
  const [{ id: counterCartId }] = await database.sql<{ id: string }[]>`insert into carts default values returning id`;
  await database.sql`select cart_add_item(${counterCartId}, ${variantId}, 1)`;
  const [{ id: ownerId }] = await database.sql<{ id: number }[]>`select id from admin_users where email = ${OWNER.email}`;
  await database.sql`
    select order_id from place_order(${counterCartId}, gen_random_uuid(), 1, 'Bea', null, '555 010 2031', ${slot},
                                     p_source => 'phone', p_placed_by => ${ownerId}, p_pay_at_pickup => true)`;
  const [{ day }] = await database.sql<{ day: string }[]>`
    select to_char(${slot}::timestamptz at time zone l.timezone, 'YYYY-MM-DD') as day from locations l where l.id = 1`;
  await database.sql`select graphile_worker.add_job('send_email', json_build_object('fuzz', true), max_attempts => 1)`;
  await database.sql`update graphile_worker._private_jobs set attempts = 1, last_error = 'fuzz: gave up'`;
  // The fingerprint and the noted writes see a change (else "changed nothing" would pass whatever happened).
  await noteWrites();
  const noted = await lastWrite();
  const before = await fingerprint();
  await database.sql`
    insert into webhook_events (provider, event_id, type, payload, state, attempts, last_error)
    values ('square', 'fuzz-event-1', 'payment.updated', '{}', 'dead', 5, 'fuzz: gave up')`;
  expect(changedTables(before, await fingerprint())).toEqual(["webhook_events"]);
  expect(await lastWrite(), "the write was noted").not.toBe(noted);
  // An open staff invite: the token's hash is what the database keeps (accounts/staff.server.ts).
  const inviteToken = "fuzzInviteToken0123456789abcdefghijklmnopqr";
  await database.sql`
    insert into staff_invites (kind, email, role, token_hash, invited_by, expires_at)
    values ('invite', 'new.cook@masa.example', 'staff', sha256(convert_to(${inviteToken}, 'UTF8')), ${ownerId}, now() + interval '3 days')`;
  // A customer's unused sign-in link (its SHA-256 is what the database keeps) for the link page.
  const signInToken = "fuzzSignInToken0123456789abcdefghijklmnopqr";
  await database.sql`
    insert into customer_sign_in_codes (email, code_hash, link_hash, expires_at)
    values ('link.customer@example.com', sha256('fuzz'), sha256(convert_to(${signInToken}, 'UTF8')), now() + interval '1 day')`;
  // Signing the customer in again after each fuzzed sign-out asks for many codes from one address.
  for (const key of ["account_code_email_per_email", "account_code_email_per_ip", "account_code_wrong_per_email", "account_code_wrong_per_ip"]) {
    await database.sql`insert into settings (key, value) values (${`limits.${key}`}, ${database.sql.json({ limit: 100000, minutes: 1 })})`;
  }
  samples = { number: String(number), token: order.public_token, slug, day, inviteToken, signInToken };

  simulator = await startSquareSimulator();
  const port = await freePort();
  app = await startAppProcess({
    DATABASE_URL: database.url,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SQUARE_ENVIRONMENT: "simulator",
    SQUARE_SIMULATOR_URL: simulator.url,
    SQUARE_MAX_ATTEMPTS: "1",
    // The web process's own incident check would open incidents (the failed job, the dead webhook)
    // while a refused request's before-and-after is compared.
    INCIDENT_WATCH_SECONDS: "0",
    LOG_LEVEL: "error",
  });
  await signInOwner();
  // A customer with a cart, so the cart and checkout pages show their forms.
  const product = await getPage(`${app.url}/products/beef-criolla`);
  const add = postForms(product.body ?? "", `${app.url}/products/beef-criolla`)[0];
  expect(add, "the product page has an add-to-cart form").toBeDefined();
  const added = await send(add.action, {
    method: "POST",
    body: urlencoded(defaults(add)),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, cookie: jars.customer.header() },
  });
  expect(added.status, added.body?.slice(0, 500)).toBe(303);
  jars.customer.take(added);
  await signInCustomer();
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await simulator?.stop();
  await database?.drop();
});

describe("every form, fuzzed", () => {
  it("answers out-of-range and garbage route params with a 4xx", async () => {
    const garbage = ["99999999999", "99999999999999999999", "-1", "0", "1.5", "1e3", "abc", "%00", "a%00b", "%FF", "%ED%A0%80", "x".repeat(5000), "%E2%82%AC", "'%20or%201=1"];
    const failures: string[] = [];
    for (const route of ROUTES.filter((candidate) => candidate.params.length && (candidate.hasLoader || candidate.hasAction))) {
      for (const value of garbage) {
        const url = `${app.url}/${route.segments.map((segment) => (segment.startsWith(":") ? value : segment)).join("/")}`;
        if (routeFor(ROUTES, url) !== route) continue;
        const answer = await getPage(url);
        if (answer.status === undefined || answer.status < 400 || answer.status >= 500) {
          failures.push(`GET ${routePattern(route)} with ${value.slice(0, 40)}: ${answer.status ?? answer.error}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses CR/LF and other control characters in redirectTo", async () => {
    const injected = "/admin%0d%0aSet-Cookie:%20injected=1";
    const signedIn = await send(`${app.url}/admin/login?redirectTo=${injected}`, { headers: { cookie: jars.owner.header() } });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers?.location).toBe("/admin");
    expect(signedIn.headers?.["set-cookie"] ?? []).not.toContainEqual(expect.stringContaining("injected"));

    for (const redirectTo of ["/admin\r\nSet-Cookie: injected=1", "/admin\t/orders", "/admin\u007f", "/admin\\@evil.example"]) {
      const answer = await send(`${app.url}/admin/login`, {
        method: "POST",
        body: new URLSearchParams({ ...OWNER, redirectTo }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
      });
      expect(answer.status, JSON.stringify(redirectTo)).toBe(302);
      expect(answer.headers?.location).toBe("/admin");
    }
    // A NUL byte is refused with the form's own error, like in any other field.
    const nul = await send(`${app.url}/admin/login`, {
      method: "POST",
      body: new URLSearchParams({ ...OWNER, redirectTo: "/admin\u0000" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
    });
    expect(nul.status).toBe(422);
    expect(nul.body).toContain("can&#x27;t be stored");
  });

  it("answers every generated and malformed body with a 2xx/3xx or a 4xx that changed nothing", async () => {
    // The storefront first: some admin changes (maintenance mode, the menu's source) close it.
    const pages = [...ROUTES.filter((route) => route.hasPage), ...EXTRA_PAGES]
      .sort((a, b) => Number(typeof a !== "string" && a.segments[0] === "admin") - Number(typeof b !== "string" && b.segments[0] === "admin"));
    const forms = new Map<string, PageForm>();
    // Storefront flow forms go first, with the storefront's pages (an admin change such as maintenance
    // mode may close the storefront later in the run).
    for (const flow of FLOW_FORMS.filter((candidate) => !candidate.path.startsWith("/admin"))) {
      forms.set(`${app.url}${flow.path}`, flowForm(flow));
    }
    const filters = new Map<string, PageForm>();
    for (const page of pages) {
      let url: string;
      if (typeof page === "string") url = `${app.url}${page.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(samples[name]))}`;
      else {
        const params = await paramSamples(page);
        if (!params) continue;
        url = `${app.url}${routePath(page, params)}`;
      }
      // A page only the signed-out see (sign-in, its next steps) is read without the owner's cookies.
      let answer = await getPage(url);
      if (answer.status !== 200) answer = await send(url);
      if (answer.status !== 200) continue;
      for (const form of pageForms(answer.body ?? "", url, "get")) {
        const key = `${form.action} ${form.controls.map((c) => c.name).sort().join(",")}`;
        if (!filters.has(key)) filters.set(key, form);
      }
      for (const form of postForms(answer.body ?? "", url)) {
        const key = `${form.action} ${form.controls.map((c) => c.name).sort().join(",")} ${form.submitters.map((s) => `${s.name}=${s.value}`).sort().join(",")}`;
        if (!forms.has(key)) forms.set(key, form);
      }
    }
    // Resource routes with an action (webhooks) have no form to read: they get the same bodies.
    for (const route of ROUTES.filter((candidate) => candidate.hasAction && !candidate.hasPage)) {
      const params = await paramSamples(route);
      if (!params) continue;
      const url = `${app.url}${routePath(route, params)}`;
      if (![...forms.values()].some((form) => routeFor(ROUTES, form.action) === route)) {
        forms.set(url, { action: url, enctype: "application/x-www-form-urlencoded", controls: [{ name: "payload", value: "{}", options: [], type: "text" }], submitters: [] });
      }
    }
    for (const flow of FLOW_FORMS.filter((candidate) => candidate.path.startsWith("/admin"))) {
      forms.set(`${app.url}${flow.path}`, flowForm(flow));
    }
    const failures: string[] = [];
    // FUZZ_SEED (and FUZZ_PATH) replay a failure fast-check reported.
    const replay = { numRuns: RUNS, endOnFailure: true, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, path: process.env.FUZZ_PATH };
    // FUZZ_ONLY=<part of a URL> fuzzes only the forms that post there (while fixing one).
    const only = (form: PageForm) => !process.env.FUZZ_ONLY || form.action.includes(process.env.FUZZ_ONLY);
    for (const form of [...forms.values()].filter(only)) {
      try {
        for (const body of nastyBodies(form)) await postAndCheck(form.action, body);
        await fc.assert(fc.asyncProperty(generatedBody(form), (body) => postAndCheck(form.action, body)), replay);
      } catch (error) {
        failures.push(describeFailure(form.action, error));
      }
    }
    // GET forms (filters, date pickers): their query strings are fuzzed too; a bad one is a 4xx or ignored.
    for (const form of [...filters.values()].filter(only)) {
      try {
        await fc.assert(fc.asyncProperty(generatedBody(form, ["urlencoded"]), (body) => getAndCheck(form.action, body)), replay);
      } catch (error) {
        failures.push(describeFailure(form.action, error));
      }
    }
    console.info(`fuzz: ${forms.size} forms and ${filters.size} filters, ${requestCount} requests`);
    expect(failures.join("\n\n")).toBe("");
    const uncovered = ROUTES.filter((route) => route.hasAction && !covered.has(route.file) && !process.env.FUZZ_ONLY).map((route) => route.file);
    expect(uncovered, "routes with an action that no page's form reached: add their page to EXTRA_PAGES").toEqual([]);
  }, 600_000);
});
