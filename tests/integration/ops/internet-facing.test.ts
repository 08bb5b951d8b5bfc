// What a shop on the internet needs from its HTTP layer, checked on the built app as production
// runs it: forms accepted only from the shop's own pages (every route with an action, read from the
// route tree), the security headers on every route, bodies cut at 1 MB as they stream, request ids
// of our own, and no client header that changes the shop's idea of where it lives.
import http from "node:http";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../app/accounts/password.server";
import { seedDemoShop } from "../../../db/seed/demo";
import { freePort, send, startAppProcess, type AppProcess } from "../../support/app-process";
import { readRoutes, routePattern } from "../../support/route-forms";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let app: AppProcess;
let metricsPort: number;
let cookie: string;
let slug: string;

/** Every route with its URL pattern (read from app/routes, so a new route is covered by default). */
const routeFiles = () => readRoutes("app/routes").map((route) => ({ ...route, pattern: routePattern(route) }));
/** The pattern with every :param filled in (a value that need not exist: the answer's headers are what count). */
const urlFor = (pattern: string, params: Record<string, string>) => pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? "1"));

const formHeaders = { "content-type": "application/x-www-form-urlencoded" };

/** A digest of every row of every table: equal before and after means nothing changed. */
async function fingerprint(except: string[] = []): Promise<string> {
  const tables = await database.sql<{ name: string }[]>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
     where schemaname in ('public', 'private') and tablename <> 'pgmigrations' and not (tablename = any(${except})) order by 1`;
  const digests: string[] = [];
  for (const { name } of tables) {
    const [row] = await database.sql.unsafe<{ digest: string }[]>(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${name} t`);
    digests.push(`${name}:${row.digest}`);
  }
  return digests.join("\n");
}

/** Sends `total` bytes chunked (no Content-Length), as a client that hides a body's size would. */
function sendChunked(url: string, headers: Record<string, string>, total: number): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: "POST", agent: false, headers: { ...headers, "transfer-encoding": "chunked" } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode }));
    });
    request.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const write = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) return request.once("drain", write);
      }
      request.end();
    };
    write();
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  await database.sql`insert into admin_users (email, password_hash, role) values ('owner@masa.example', ${await hashPassword("correct-horse-battery")}, 'owner')`;
  [{ slug }] = await database.sql<{ slug: string }[]>`select slug from products where is_active order by id limit 1`;
  metricsPort = await freePort();
  // (No incident check of its own: the test compares the database before and after requests.)
  app = await startAppProcess({ DATABASE_URL: database.url, LOG_LEVEL: "info", METRICS_PORT: String(metricsPort), INCIDENT_WATCH_SECONDS: "0" });
  const signIn = await send(`${app.url}/admin/login`, {
    method: "POST",
    body: new URLSearchParams({ email: "owner@masa.example", password: "correct-horse-battery" }).toString(),
    headers: { ...formHeaders, origin: app.url },
  });
  expect(signIn.status).toBe(302);
  cookie = String(signIn.headers?.["set-cookie"]?.[0]).split(";")[0];
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe("forms from other sites", () => {
  const withAction = routeFiles().filter((route) => route.hasAction && !route.pattern.startsWith("/webhooks/"));

  it("finds the forms to check in the route tree", () => {
    expect(withAction.map((route) => route.pattern)).toEqual(expect.arrayContaining(["/admin/login", "/admin/orders/:number", "/checkout", "/cart"]));
  });

  it("refuses a post to every route with an action unless the browser says it comes from the shop, and changes nothing", async () => {
    const before = await fingerprint();
    const forged: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "null" },
      // Remix's own check compares Origin with X-Forwarded-Host: believing it would let this through.
      { origin: "http://evil.example", "x-forwarded-host": "evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { referer: "http://evil.example/page" },
      {},
    ];
    for (const route of withAction) {
      const url = urlFor(route.pattern, { slug, number: "1", id: "1", token: "x" });
      for (const headers of forged) {
        for (const target of [url, `${url}?_data=routes/${route.file.replace(/\.tsx?$/, "")}`]) {
          const answer = await send(`${app.url}${target}`, { method: "POST", body: "intent=refund&amount=1.00", headers: { ...formHeaders, cookie, ...headers } });
          expect(answer.status, `${target} ${JSON.stringify(headers)}`).toBe(403);
          expect(answer.body).toContain("This form came from another site");
          expect(answer.headers?.["set-cookie"]).toBeUndefined();
        }
      }
    }
    expect(await fingerprint()).toBe(before);
  });

  it("refuses a sign-in posted from another site (login CSRF): no session is set", async () => {
    const answer = await send(`${app.url}/admin/login?_data=routes/admin_.login`, {
      method: "POST",
      body: new URLSearchParams({ email: "owner@masa.example", password: "correct-horse-battery" }).toString(),
      headers: { ...formHeaders, origin: "http://evil.example" },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers?.["set-cookie"]).toBeUndefined();
  });

  it("accepts the shop's own forms by Origin, by Sec-Fetch-Site, or by Referer", async () => {
    const ownPages: Record<string, string>[] = [{ origin: app.url }, { "sec-fetch-site": "same-origin" }, { referer: `${app.url}/admin/login` }];
    for (const headers of ownPages) {
      const answer = await send(`${app.url}/admin/login`, {
        method: "POST",
        body: new URLSearchParams({ email: "owner@masa.example", password: "correct-horse-battery" }).toString(),
        headers: { ...formHeaders, ...headers },
      });
      expect(answer.status, JSON.stringify(headers)).toBe(302);
    }
  });

  it("leaves Square's webhooks to their signature", async () => {
    const answer = await send(`${app.url}/webhooks/square`, { method: "POST", body: "{}", headers: { "content-type": "application/json", origin: "http://evil.example" } });
    expect(answer.status).toBe(401);
  });
});

describe("security headers", () => {
  it("are on every route, with a fresh nonce, and no-store where a page is private; and no GET changes anything", async () => {
    // (A signed-in admin's session records when it was last used: that is the only write a GET may make.)
    const before = await fingerprint(["sessions"]);
    const nonces = new Set<string>();
    for (const route of routeFiles()) {
      const url = urlFor(route.pattern, { slug, number: "1", id: "1", token: "x" });
      const answer = await send(`${app.url}${url}`, { headers: { cookie } });
      const headers = answer.headers ?? {};
      const csp = String(headers["content-security-policy"]);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, url).toBeTruthy();
      nonces.add(nonce!);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(String(headers["permissions-policy"])).toMatch(/^payment=\(self [^)]+\), camera=\(\)/);
      // Served over plain HTTP here: no HSTS, no upgrade (production over HTTPS has both).
      expect(headers["strict-transport-security"]).toBeUndefined();
      if (/^\/(admin|orders|account)(\/|$)/.test(route.pattern)) expect(headers["cache-control"], url).toBe("no-store");
    }
    expect(nonces.size).toBe(routeFiles().length);
    expect(await fingerprint(["sessions"])).toBe(before);
  });

  it("lets only the page's own scripts run: each carries the nonce, and the simulator's SDK is the one other origin", async () => {
    const answer = await send(`${app.url}/products/${slug}`);
    const csp = String(answer.headers?.["content-security-policy"]);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = [...(answer.body ?? "").matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    const scriptSrc = /script-src ([^;]+)/.exec(csp)![1].split(" ");
    expect(scriptSrc.filter((source) => source.startsWith("http"))).toEqual(["http://127.0.0.1:4010"]);
    expect(csp).toMatch(/form-action 'self' http:\/\/127\.0\.0\.1:4010(;|$)/);
  });
});

describe("weight on the wire", () => {
  it("compresses pages with brotli or gzip, and serves the stylesheet under a hash for a year", async () => {
    for (const encoding of ["br", "gzip"]) {
      const answer = await send(`${app.url}/`, { headers: { "accept-encoding": encoding } });
      expect(answer.headers?.["content-encoding"]).toBe(encoding);
    }
    const page = await send(`${app.url}/`);
    const href = /<link rel="stylesheet" href="(\/build\/_assets\/styles-[A-Z0-9]+\.css)"/.exec(page.body ?? "")?.[1];
    expect(href).toBeTruthy();
    const css = await send(`${app.url}${href}`);
    expect(css.status).toBe(200);
    expect(css.headers?.["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("compresses with brotli over a 256 kB window, not brotli's 4 MB default", async () => {
    // A brotli stream opens with its window size (RFC 7932, 9.1), bits read from the lowest: 1, then
    // 001 for 2^18 bytes (22, the default, is 1 then 101).
    const firstByte = await new Promise<number>((resolve, reject) => {
      http
        .get(`${app.url}/`, { agent: false, headers: { "accept-encoding": "br" } }, (response) => {
          response.once("data", (chunk: Buffer) => {
            resolve(chunk[0]);
            response.destroy();
          });
        })
        .on("error", reject);
    });
    expect(firstByte & 0b1111).toBe(0b0011);
  });
});

describe("what a client cannot choose", () => {
  it("cuts a body at 1 MB as it streams, whatever the headers say: pages and the webhook alike", async () => {
    // (The per-address ceiling on posts counts them: rate_limits is the one table they may touch.)
    const before = await fingerprint(["rate_limits"]);
    for (const path of [`/products/${slug}`, "/webhooks/square"]) {
      const answer = await sendChunked(`${app.url}${path}`, { ...formHeaders, origin: app.url }, 8 * 1024 * 1024);
      // The answer may come before the client has finished sending; either way it is a 413 or a cut connection.
      if (answer.status !== undefined) expect(answer.status, path).toBe(413);
      else expect(answer.error).toMatch(/EPIPE|ECONNRESET/);
    }
    expect(await fingerprint(["rate_limits"])).toBe(before);
    // A small chunked body is read as usual.
    const small = await sendChunked(`${app.url}/admin/login`, { ...formHeaders, origin: app.url }, 10);
    expect(small.status).toBe(422);
  });

  it("reads a refused body to its end, so the sender gets the 413 and not a reset connection", async () => {
    // A form over the limit (a pasted essay in every field, a photo too big), from a client that
    // asks to close the connection after it (send's agent: false): answered before the body is all
    // sent, the close would reset the connection under it (this failed with EPIPE before the fix).
    const body = `name=${"x".repeat(7 * 1024 * 1024)}`;
    for (const path of [`/products/${slug}`, "/checkout"]) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const answer = await send(`${app.url}${path}`, { method: "POST", body, headers: { ...formHeaders, origin: app.url } });
        expect(answer.error, `${path}, attempt ${attempt + 1}`).toBeUndefined();
        expect(answer.status).toBe(413);
        expect(answer.body).toContain("Nothing was changed");
      }
    }
  });

  it("answers with a request id of its own and logs the client's beside it", async () => {
    const answer = await send(`${app.url}/healthz`, { headers: { "x-request-id": "client-chosen-id" } });
    expect(answer.headers?.["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const menu = await send(`${app.url}/`, { headers: { "x-request-id": "client-chosen-id" } });
    const id = String(menu.headers?.["x-request-id"]);
    expect(id).not.toBe("client-chosen-id");
    await expect.poll(() => app.output().split("\n").filter((line) => line.includes(id) && line.includes('"clientRequestId":"client-chosen-id"')).length).toBeGreaterThan(0);
  });

  it("keeps order-status, invite and sign-in link tokens, and the privacy search, out of the access log", async () => {
    const token = "secretToken0123456789abcdefXYZ";
    expect((await send(`${app.url}/orders/${token}`)).status).toBe(404);
    await send(`${app.url}/admin/invite/${token}`);
    expect((await send(`${app.url}/account/link/${token}`)).status).toBe(404);
    await send(`${app.url}/admin/privacy?q=ana.secret%40example.com`, { headers: { cookie } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.output()).not.toContain(token);
    expect(app.output()).not.toContain("ana.secret");
    expect(app.output()).toContain("/orders/[token]");
    expect(app.output()).toContain("/admin/invite/[token]");
    expect(app.output()).toContain("/account/link/[token]");
  });

  it("serves metrics on loopback only", async () => {
    expect((await send(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    const external = Object.values(os.networkInterfaces()).flat().find((address) => address && address.family === "IPv4" && !address.internal);
    if (external) expect((await send(`http://${external.address}:${metricsPort}/metrics`)).error).toBe("ECONNREFUSED");
  });
});
