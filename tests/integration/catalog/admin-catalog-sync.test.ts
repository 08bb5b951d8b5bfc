// /admin/catalog-sync (source switch, "Sync now", recent runs; owners only, audit-logged) and the
// last catalog sync on the health report, through the routes' loaders and actions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

const TOKEN = "health-token-catalog-0123456789";
let harness: AppHarness;
let route: typeof import("~/routes/admin.catalog-sync");
let health: typeof import("~/routes/admin.health[.json]");
let ownerCookie: string;
let staffCookie: string;

async function signedIn(email: string, role: "owner" | "staff"): Promise<string> {
  const auth = await import("~/accounts/auth.server");
  const admin = await auth.createAdminUser({ email, password: "correct-horse-battery", role });
  const response = await auth.signIn(new Request("http://shop.test/admin/login"), admin, "/admin/catalog-sync");
  return response.headers.get("set-cookie")!.split(";")[0];
}

beforeAll(async () => {
  harness = await startAppHarness({ env: { HEALTH_TOKEN: TOKEN } });
  route = await import("~/routes/admin.catalog-sync");
  health = await import("~/routes/admin.health[.json]");
  ownerCookie = await signedIn("owner@masa.example", "owner");
  staffCookie = await signedIn("staff@masa.example", "staff");
});

afterAll(async () => {
  await harness?.stop();
});

const db = () => harness.database.sql;
const context = { requestId: "req-catalog-admin", clientIp: "127.0.0.1" };

async function post(cookie: string, fields: Record<string, string>) {
  const request = new Request("http://shop.test/admin/catalog-sync", {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  const result = await route.action({ request, params: {}, context }).catch((thrown: unknown) => thrown);
  if (result instanceof Response) return { status: result.status, location: result.headers.get("location"), body: null };
  const { data, init } = result as { data: { errors: Record<string, string>; formError?: string; values: Record<string, string> }; init: ResponseInit };
  return { status: init?.status ?? 200, location: null, body: data };
}

async function load(cookie: string) {
  const request = new Request("http://shop.test/admin/catalog-sync", { headers: { cookie } });
  const result = (await route.loader({ request, params: {}, context })) as unknown as { data: Awaited<ReturnType<typeof route.loader>> extends { data: infer D } ? D : never };
  return result.data;
}

async function syncJobs() {
  return db()<{ key: string; payload: Record<string, unknown>; queueName: string }[]>`
    select j.key, p.payload, j.queue_name as "queueName"
      from graphile_worker.jobs j join graphile_worker._private_jobs p on p.id = j.id
     where j.task_identifier = 'sync_catalog' order by j.id`;
}

async function healthReport() {
  const response = await health.loader({
    request: new Request("http://shop.test/admin/health.json", { headers: { authorization: `Bearer ${TOKEN}` } }),
    params: {},
    context,
  });
  return response.json();
}

describe("catalog sync admin", () => {
  it("shows a staff member the source and the runs, and refuses them any change", async () => {
    const page = await load(staffCookie);
    expect(page).toMatchObject({ canChange: false, status: { source: "local", runs: [], latestTime: null, linkedLocations: 0 } });
    const refused = await post(staffCookie, { intent: "sync", mode: "full" });
    expect(refused.status).toBe(403);
    expect(await post(staffCookie, { intent: "source", source: "square" })).toMatchObject({ status: 403 });
    expect(await syncJobs()).toEqual([]);
  });

  it("refuses to sync while the menu is edited here, and keeps a bad source choice on the form", async () => {
    const refused = await post(ownerCookie, { intent: "sync", mode: "incremental" });
    expect(refused).toMatchObject({ status: 409, body: { formError: expect.stringContaining("switch its source to Square") } });
    const bad = await post(ownerCookie, { intent: "source", source: "dropbox" });
    expect(bad).toMatchObject({ status: 422, body: { errors: { source: "Choose Square or Larder." }, values: { source: "dropbox" } } });
    const badMode = await post(ownerCookie, { intent: "sync", mode: "everything" });
    expect(badMode).toMatchObject({ status: 422, body: { formError: "Choose a full sync or a sync of the changes." } });
    expect(await syncJobs()).toEqual([]);
    const [setting] = await db()`select value from settings where key = 'catalog.source'`;
    expect(setting).toBeUndefined();
    expect((await healthReport()).catalogSync).toEqual({ source: "local", lastRun: null, lastSucceededAt: null });
  });

  it("switching the source to Square is audit-logged and queues a full sync", async () => {
    const switched = await post(ownerCookie, { intent: "source", source: "square" });
    expect(switched).toMatchObject({ status: 303, location: "/admin/catalog-sync" });
    const [setting] = await db()`select value from settings where key = 'catalog.source'`;
    expect(setting.value).toBe("square");
    expect(await syncJobs()).toEqual([
      { key: "sync_catalog:full", queueName: "catalog_sync", payload: { mode: "full", trigger: "admin", request_id: context.requestId } },
    ]);
    const [audit] = await db()`select actor, action, before, after, request_id from audit_log where action = 'catalog.source'`;
    expect(audit).toEqual({ actor: "owner@masa.example", action: "catalog.source", before: null, after: "square", request_id: context.requestId });

    // Not synced yet: the health report says so.
    const waiting = await healthReport();
    expect(waiting.problems).toContain("The menu has not synced from Square yet: see Catalog sync.");

    await harness.drainJobs();
    const page = await load(ownerCookie);
    expect(page.notice).toBe("The menu now comes from Square. A full sync is queued.");
    expect(page.status.runs).toEqual([
      expect.objectContaining({ kind: "full", trigger: "admin", status: "succeeded", inventoryCountsApplied: 5, productsDeactivated: 16 }),
    ]);
    expect(page.status.latestTime).toBe(harness.simulator.catalog.latestTime());
    // The shop's only location was linked to the Square location it is configured with.
    expect(page.status.linkedLocations).toBe(1);
    const [location] = await db()`select square_location_id from locations`;
    expect(location.square_location_id).toBe(harness.simulator.locationId);
    const synced = await healthReport();
    expect(synced.catalogSync).toMatchObject({ source: "square", lastRun: { kind: "full", status: "succeeded", trigger: "admin" } });
    expect(synced.problems).toEqual([]);
  });

  it("Sync now queues one job per mode (a second click while it waits adds none), audit-logged", async () => {
    expect(await post(ownerCookie, { intent: "sync", mode: "incremental" })).toMatchObject({ status: 303 });
    expect(await post(ownerCookie, { intent: "sync", mode: "incremental" })).toMatchObject({ status: 303 });
    expect(await post(ownerCookie, { intent: "sync", mode: "full" })).toMatchObject({ status: 303 });
    expect((await syncJobs()).map((job) => job.key)).toEqual(["sync_catalog:incremental", "sync_catalog:full"]);
    const audits = await db()`select after from audit_log where action = 'catalog.sync' order by id`;
    expect(audits.map((row) => row.after)).toEqual([{ mode: "incremental" }, { mode: "incremental" }, { mode: "full" }]);
    await harness.drainJobs();
    const page = await load(ownerCookie);
    expect(page.status.runs.slice(0, 2).map((run: { kind: string; trigger: string }) => `${run.kind} ${run.trigger}`).sort()).toEqual([
      "full admin",
      "incremental admin",
    ]);
  });

  it("a failed sync shows on the page and on the health report", async () => {
    harness.simulator.faults.add({ operation: "catalog.search", status: 400, count: 1 });
    expect(await post(ownerCookie, { intent: "sync", mode: "incremental" })).toMatchObject({ status: 303 });
    await harness.drainJobs();
    const page = await load(ownerCookie);
    expect(page.status.runs[0]).toMatchObject({ status: "failed", error: expect.any(String) });
    const report = await healthReport();
    expect(report.status).toBe("degraded");
    expect(report.catalogSync.lastRun).toMatchObject({ status: "failed" });
    expect(report.problems).toContain(`The last catalog sync from Square failed: ${page.status.runs[0].error}`);
    harness.simulator.faults.clear();
  });
});
