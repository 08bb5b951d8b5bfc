// /admin/catalog-sync over HTTP from the built app, as a browser without JavaScript uses it: plain
// form posts answered with 303s, errors on the page with a 4xx, and the health page's catalog line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../app/accounts/password.server";
import { seedDemoShop } from "../../../db/seed/demo";
import { send, startAppProcess, type AppProcess } from "../../support/app-process";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let app: AppProcess;
let cookie: string;

const form = (fields: Record<string, string>) => ({
  method: "POST",
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, cookie },
});

/** The page's text without React's separators between adjacent strings. */
async function page(path: string) {
  const answer = await send(`${app.url}${path}`, { headers: { cookie } });
  return { status: answer.status, html: (answer.body ?? "").replaceAll("<!-- -->", "") };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  await database.sql`
    insert into admin_users (email, password_hash, role) values ('owner@masa.example', ${await hashPassword("correct-horse-battery")}, 'owner')`;
  app = await startAppProcess({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  const signIn = await send(`${app.url}/admin/login`, {
    method: "POST",
    body: new URLSearchParams({ email: "owner@masa.example", password: "correct-horse-battery", redirectTo: "/admin/catalog-sync" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
  });
  expect(signIn.status).toBe(302);
  cookie = String(signIn.headers?.["set-cookie"]?.[0]).split(";")[0];
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe("/admin/catalog-sync without JavaScript", () => {
  it("shows the source, switches it with a form post, queues a sync with a button, and keeps errors on the page", async () => {
    const before = await page("/admin/catalog-sync");
    expect(before.status).toBe(200);
    expect(before.html).toContain("<h1>Catalog sync</h1>");
    expect(before.html).toContain("Menu source: Larder: edited here in the admin");
    expect(before.html).toContain('<select id="source" name="source"');
    expect(before.html).not.toContain("Full sync now");

    const refused = await send(`${app.url}/admin/catalog-sync`, form({ intent: "source", source: "dropbox" }));
    expect(refused.status).toBe(422);
    expect(refused.body).toContain("Choose Square or Larder.");

    const switched = await send(`${app.url}/admin/catalog-sync`, form({ intent: "source", source: "square" }));
    expect(switched).toMatchObject({ status: 303, headers: { location: "/admin/catalog-sync" } });
    const after = await page("/admin/catalog-sync");
    expect(after.html).toContain("The menu now comes from Square. A full sync is queued.");
    expect(after.html).toContain("Menu source: Square: synced from your Square catalog");
    expect(after.html).toMatch(/<button type="submit" name="mode" value="full"[^>]*>Full sync now<\/button>/);
    expect(after.html).toContain("1 sync job(s) queued or running");

    const synced = await send(`${app.url}/admin/catalog-sync`, form({ intent: "sync", mode: "incremental" }));
    expect(synced.status).toBe(303);
    expect((await page("/admin/catalog-sync")).html).toContain("A sync of the changes is queued");
    const jobs = await database.sql`select key from graphile_worker.jobs where task_identifier = 'sync_catalog' order by id`;
    expect(jobs.map((job) => job.key)).toEqual(["sync_catalog:full", "sync_catalog:incremental"]);

    const health = await page("/admin/health");
    expect(health.html).toContain("<dt>Last catalog sync</dt><dd>Never");
    expect(health.html).toContain("The menu has not synced from Square yet: see Catalog sync.");
  });
});
