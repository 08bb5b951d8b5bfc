// The rate limiter's SQL (rate_limit: GCRA over one row per key) and the settings it reads
// (security_settings' defaults, set_security_settings: owners only, checked, audit-logged).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { expectSqlError, type Sql } from "../../support/sql-helpers";
import { useDefaultLimits } from "../../support/generous-limits";

let database: TestDatabase;
let sql: Sql;
let owner: number;
let staff: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  [{ id: owner }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('owner@example.com', 'Owner', 'x', 'owner') returning id`;
  [{ id: staff }] = await sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('staff@example.com', 'Staff', 'x', 'staff') returning id`;
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await useDefaultLimits(sql);
});

async function hit(key: string, limit: number, seconds: number, cost = 1): Promise<number> {
  const [{ wait }] = await sql<{ wait: number }[]>`select rate_limit(${key}, ${limit}, ${seconds}, ${cost}) as wait`;
  return wait;
}

describe("rate_limit", () => {
  it("allows the limit at once, then refuses with the seconds until the next one", async () => {
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await hit("t:burst", 5, 600));
    expect(waits).toEqual([0, 0, 0, 0, 0]);
    const refused = await hit("t:burst", 5, 600);
    // One attempt every 600 / 5 = 120 s.
    expect(refused).toBeGreaterThan(110);
    expect(refused).toBeLessThanOrEqual(120);
    // A refusal is not counted: the wait does not grow.
    expect(await hit("t:burst", 5, 600)).toBeLessThanOrEqual(refused);
  });

  it("lets one more through once an interval has passed", async () => {
    for (let i = 0; i < 3; i++) expect(await hit("t:refill", 3, 30)).toBe(0);
    expect(await hit("t:refill", 3, 30)).toBeGreaterThan(0);
    // Ten seconds (30 / 3) later, as if the clock had moved on.
    await sql`update rate_limits set tat = tat - interval '10 seconds' where key = 't:refill'`;
    expect(await hit("t:refill", 3, 30)).toBe(0);
    expect(await hit("t:refill", 3, 30)).toBeGreaterThan(0);
  });

  it("gives an attempt back, never below none", async () => {
    for (let i = 0; i < 2; i++) expect(await hit("t:back", 2, 60)).toBe(0);
    expect(await hit("t:back", 2, 60)).toBeGreaterThan(0);
    expect(await hit("t:back", 2, 60, -1)).toBe(0);
    expect(await hit("t:back", 2, 60)).toBe(0);
    // Giving back more than was taken does not bank attempts for later.
    for (let i = 0; i < 5; i++) await hit("t:back2", 2, 60, -1);
    expect([await hit("t:back2", 2, 60), await hit("t:back2", 2, 60), await hit("t:back2", 2, 60)]).toEqual([0, 0, expect.any(Number)]);
    expect(await hit("t:back2", 2, 60)).toBeGreaterThan(0);
  });

  it("counts each key apart", async () => {
    expect(await hit("t:a", 1, 60)).toBe(0);
    expect(await hit("t:a", 1, 60)).toBeGreaterThan(0);
    expect(await hit("t:b", 1, 60)).toBe(0);
  });

  it("counts exactly the limit under concurrent hits on many connections", async () => {
    const pool = (await import("../../support/sql-helpers")).racingPool(database.url, 20);
    try {
      const waits = await Promise.all(Array.from({ length: 60 }, () => pool<{ wait: number }[]>`select rate_limit('t:race', 25, 3600) as wait`));
      expect(waits.filter(([row]) => row.wait === 0)).toHaveLength(25);
    } finally {
      await pool.end();
    }
  });

  it("forgets keys whose time has passed (prune_rate_limits)", async () => {
    await hit("t:old", 1, 60);
    await hit("t:new", 1, 3600);
    await sql`update rate_limits set tat = now() - interval '1 second' where key = 't:old'`;
    const [{ removed }] = await sql<{ removed: number }[]>`select prune_rate_limits() as removed`;
    expect(removed).toBe(1);
    expect((await sql`select key from rate_limits`).map((row) => row.key)).toEqual(["t:new"]);
  });
});

describe("security settings", () => {
  it("has defaults no looser than 10 sign-ins per 15 minutes, 2 unpaid orders, 15 and 30 minute holds", async () => {
    const rows = await sql<{ key: string; value: unknown }[]>`select key, value from security_settings()`;
    const value = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    expect(value["limits.sign_in_per_account"]).toEqual({ limit: 10, minutes: 15 });
    expect(value["holds.unpaid_orders"]).toBe(2);
    expect(value["holds.card_minutes"]).toBe(15);
    expect(value["holds.payment_link_minutes"]).toBe(30);
    expect(Object.keys(value)).toEqual(expect.arrayContaining([
      "limits.sign_in_per_ip", "limits.place_order_per_ip", "limits.place_order_per_email", "limits.payment_per_ip",
      "limits.payment_per_email", "limits.promo_code_per_cart", "limits.promo_code_per_ip", "limits.post_per_ip",
    ]));
  });

  it("stores an owner's changes and audits each changed one with before and after", async () => {
    const [{ changed }] = await sql<{ changed: number }[]>`
      select set_security_settings(${sql.json({ "limits.post_per_ip": { limit: 50, minutes: 1 }, "holds.card_minutes": 20, "holds.unpaid_orders": 2 })},
                                   ${owner}, 'req-sec-1', '203.0.113.9') as changed`;
    expect(changed).toBe(2);
    const audit = await sql`select actor, action, subject_id, before, after, request_id, host(ip) as ip from audit_log where request_id = 'req-sec-1' order by subject_id`;
    expect(audit).toEqual([
      { actor: "owner@example.com", action: "security.setting", subject_id: "holds.card_minutes", before: 15, after: 20, request_id: "req-sec-1", ip: "203.0.113.9" },
      { actor: "owner@example.com", action: "security.setting", subject_id: "limits.post_per_ip", before: { limit: 300, minutes: 5 }, after: { limit: 50, minutes: 1 }, request_id: "req-sec-1", ip: "203.0.113.9" },
    ]);
    const [{ value }] = await sql`select value from security_settings() where key = 'holds.card_minutes'`;
    expect(value).toBe(20);
  });

  it("refuses staff, unknown settings, values out of range and a sign-in limit looser than 10 per 15 minutes, changing nothing", async () => {
    const set = (values: unknown, who = owner) => sql`select set_security_settings(${sql.json(values as never)}, ${who}, 'req-sec-2', null)`;
    await expectSqlError(set({ "holds.card_minutes": 5 }, staff), "LR409");
    await expectSqlError(set({ "limits.everything": { limit: 1, minutes: 1 } }), "LR422");
    await expectSqlError(set({ "limits.sign_in_per_ip": { limit: 0, minutes: 15 } }), "LR422", "limits_sign_in_per_ip_limit");
    await expectSqlError(set({ "limits.sign_in_per_ip": { limit: 5, minutes: 2000 } }), "LR422", "limits_sign_in_per_ip_minutes");
    await expectSqlError(set({ "holds.payment_link_minutes": 0 }), "LR422", "holds_payment_link_minutes");
    await expectSqlError(set({ "limits.sign_in_per_account": { limit: 11, minutes: 60 } }), "LR422", "limits_sign_in_per_account_limit");
    await expectSqlError(set({ "limits.sign_in_per_account": { limit: 10, minutes: 10 } }), "LR422", "limits_sign_in_per_account_limit");
    await expectSqlError(set({ "holds.card_minutes": 25, "limits.sign_in_per_account": { limit: 10, minutes: 10 } }), "LR422");
    expect(await sql`select 1 from settings where key like 'limits.%' or key like 'holds.%'`).toHaveLength(0);
    expect(await sql`select 1 from audit_log where request_id = 'req-sec-2'`).toHaveLength(0);
    // Stricter than the floor is fine.
    await set({ "limits.sign_in_per_account": { limit: 5, minutes: 30 } });
  });

  it("is guarded by constraints too", async () => {
    await expectSqlError(sql`insert into settings (key, value) values ('limits.post_per_ip', '{"limit": -1, "minutes": 5}')`, "23514");
    await expectSqlError(sql`insert into settings (key, value) values ('holds.card_minutes', '"15"')`, "23514");
  });
});
