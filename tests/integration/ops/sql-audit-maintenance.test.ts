// The audit log refuses every change to what it recorded; maintenance mode is always switched
// together with its audit entry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { expectSqlError, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let adminId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  [{ id: adminId }] = await sql<{ id: number }[]>`
    insert into admin_users (email, password_hash) values ('owner@example.com', 'scrypt$x') returning id`;
});

afterAll(async () => {
  await database?.drop();
});

describe("audit log", () => {
  it("refuses update, delete and truncate", async () => {
    await sql`insert into audit_log (actor, action) values ('owner@example.com', 'test.entry')`;
    await expectSqlError(sql`update audit_log set actor = 'someone else'`, "LR409");
    await expectSqlError(sql`delete from audit_log`, "LR409");
    await expectSqlError(sql`truncate audit_log`, "LR409");
    const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from audit_log where actor = 'owner@example.com'`;
    expect(count).toBe(1);
  });
});

describe("set_maintenance_mode", () => {
  it("switches the setting and records who, before and after, request and IP", async () => {
    await sql`select set_maintenance_mode(true, 'Back at noon', ${adminId}, 'req-1', '10.1.2.3')`;
    await sql`select set_maintenance_mode(false, null, ${adminId}, 'req-2', null)`;
    const [setting] = await sql`select value from settings where key = 'shop.maintenance'`;
    expect(setting.value).toEqual({ enabled: false, message: null });
    const entries = await sql`
      select actor, action, before, after, request_id, host(ip) as ip from audit_log
       where subject_id = 'shop.maintenance' order by id`;
    expect(entries).toEqual([
      { actor: "owner@example.com", action: "maintenance.enable", before: null, after: { enabled: true, message: "Back at noon" }, request_id: "req-1", ip: "10.1.2.3" },
      { actor: "owner@example.com", action: "maintenance.disable", before: { enabled: true, message: "Back at noon" }, after: { enabled: false, message: null }, request_id: "req-2", ip: null },
    ]);
  });

  it("refuses a caller who is not an admin, changing nothing", async () => {
    await expectSqlError(sql`select set_maintenance_mode(true, null, ${adminId + 999}, 'req-3', null)`, "LR409");
    const [setting] = await sql`select value from settings where key = 'shop.maintenance'`;
    expect(setting.value.enabled).toBe(false);
  });
});
