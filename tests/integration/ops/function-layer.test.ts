// The function layer (db/functions/, db/function-layer.ts): re-applied whole on every migrate, a
// deleted file's function dropped, versioned objects never allowed to depend on it, and a release
// rolled back to the previous one's functions leaving a shop that takes and is paid for orders.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUNCTIONS_DIR, readLayer } from "../../../db/function-layer";
import { applyFunctions, migrateDown, migrateUp, MIGRATIONS_DIR, type Release } from "../../../db/migrate";
import { bigintAsNumber } from "../../../db/postgres-types";
import { seedDemoShop } from "../../../db/seed/demo";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "../../support/database";
import { schemaSnapshot } from "../../support/schema-snapshot";
import { serverFromInjected } from "../../support/test-database";
import { placeOrder, seededVariants, locationId, queuedJobs } from "../../support/sql-helpers";

const server = serverFromInjected();
const made: string[] = [];
const tmp = mkdtempSync(path.join(os.tmpdir(), "larder-function-layer-"));

async function freshDatabase(release: Release = {}) {
  const name = uniqueDatabaseName("larder_test_layer");
  await createDatabase(server, name);
  made.push(name);
  await migrateUp(server.url(name), () => {}, release);
  return server.url(name);
}

function connect(url: string): postgres.Sql {
  return postgres(url, { max: 2, onnotice: () => {}, types: bigintAsNumber });
}

/** A copy of this release's function files to change, as a later release would. */
function copyOfFunctions(name: string) {
  const dir = path.join(tmp, name);
  cpSync(FUNCTIONS_DIR, dir, { recursive: true });
  return dir;
}

let head: Record<string, string[]>;

beforeAll(async () => {
  head = await schemaSnapshot(await freshDatabase());
});

afterAll(async () => {
  for (const name of made) await dropDatabase(server, name);
  rmSync(tmp, { recursive: true, force: true });
});

describe("the function layer", () => {
  it("holds one file per function, trigger function or view, named as the object it creates", () => {
    const files = readLayer();
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const base = path.basename(file.name, ".sql");
      const creates = [...file.sql.replace(/--[^\n]*/g, "").matchAll(/create\s+or\s+replace\s+(function|view)\s+(?:(private)\.)?([a-z_0-9]+)/gi)];
      expect(creates.map((match) => match[3]), file.name).toEqual([base]);
      // Helpers and trigger functions live in the private schema; the app calls only public ones.
      if (base.startsWith("tg_")) expect(creates[0][2], file.name).toBe("private");
    }
    const root = path.resolve(import.meta.dirname, "../../..");
    const callers = ["app", "workers"].flatMap((folder) =>
      readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
        .filter((name) => /\.tsx?$/.test(name))
        .filter((name) => /\bprivate\.[a-z_]+\(/.test(readFileSync(path.join(root, folder, name), "utf8")))
        .map((name) => `${folder}/${name}`),
    );
    expect(callers, "the app calls only public functions").toEqual([]);
  });

  it("applies again to the same schema, and drops a function whose file is gone", async () => {
    const url = await freshDatabase();
    const again = await applyFunctions(url);
    expect(again.dropped).toEqual([]);
    expect(await schemaSnapshot(url)).toEqual(head);

    const dir = copyOfFunctions("without-maintenance");
    unlinkSync(path.join(dir, "ops/set_maintenance_mode.sql"));
    const result = await applyFunctions(url, () => {}, { functionsDir: dir });
    expect(result.dropped).toEqual(["set_maintenance_mode(boolean,text,bigint,text,inet)"]);
    const without = await schemaSnapshot(url);
    expect(without.functions.some((line) => line.startsWith("public.set_maintenance_mode("))).toBe(false);
    expect(without.functions).toHaveLength(head.functions.length - 1);

    // A changed return type needs no hand-written drop: the layer is made again whole.
    const sql = connect(url);
    try {
      writeFileSync(
        path.join(dir, "ordering/format_money.sql"),
        "create or replace function private.format_money(p_cents bigint, p_currency text) returns varchar\n" +
          "language sql immutable as $$ select '$' || to_char(p_cents / 100.0, 'FM999999990.00') $$;\n",
      );
      await applyFunctions(url, () => {}, { functionsDir: dir });
      const [{ result: type }] = await sql`select pg_typeof(private.format_money(150, 'USD'))::text as result`;
      expect(type).toBe("character varying");
    } finally {
      await sql.end();
    }
    await applyFunctions(url);
    expect(await schemaSnapshot(url)).toEqual(head);
  });

  it("refuses, changing nothing, when a table's default or check would depend on a layer function", async () => {
    const url = await freshDatabase();
    const sql = connect(url);
    try {
      await sql`alter table orders add constraint orders_transition_check check (private.order_transition_allowed(state, state))`;
      await expect(applyFunctions(url)).rejects.toThrow(/constraint orders_transition_check on table orders uses function private\.order_transition_allowed/);
      const [{ count }] = await sql`select count(*)::int from pg_proc where pronamespace::regnamespace::text in ('public', 'private')`;
      expect(count).toBe(head.functions.length);
      await sql`alter table orders drop constraint orders_transition_check`;
    } finally {
      await sql.end();
    }
    await applyFunctions(url);
    expect(await schemaSnapshot(url)).toEqual(head);
  });

  it("rolls a release back: its migrations undone, the previous release's functions applied, orders placed and paid", async () => {
    // The next release adds a column, a function that writes it, and changes a helper to read it.
    const migrationsDir = path.join(tmp, "next-migrations");
    cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
    writeFileSync(
      path.join(migrationsDir, "1799999999999_cart_notes.sql"),
      "-- Up Migration\nalter table carts add column kitchen_note text;\n-- Down Migration\nalter table carts drop column kitchen_note;\n",
    );
    const functionsDir = copyOfFunctions("next-functions");
    writeFileSync(
      path.join(functionsDir, "ordering/set_cart_kitchen_note.sql"),
      "create or replace function set_cart_kitchen_note(p_cart_id uuid, p_note text) returns void\n" +
        "language sql volatile as $$ update carts set kitchen_note = p_note where id = p_cart_id $$;\n",
    );
    const lockFile = path.join(functionsDir, "ordering/lock_open_cart.sql");
    const lock = readFileSync(lockFile, "utf8");
    writeFileSync(lockFile, lock.replace("  return c;", "  if c.kitchen_note = 'closed' then raise exception 'closed' using errcode = 'LR409'; end if;\n  return c;"));
    const next: Release = { migrationsDir, functionsDir };

    const url = await freshDatabase(next);
    const sql = connect(url);
    try {
      await seedDemoShop(sql);
      const nextSchema = await schemaSnapshot(url);
      expect(nextSchema.columns.some((line) => line.startsWith("carts kitchen_note text"))).toBe(true);

      // `npm run db:rollback -- 1` with the next release checked out: its migration is undone and its
      // own functions stay, now over a schema they no longer fit…
      expect(await migrateDown(url, 1, () => {}, next)).toEqual(["1799999999999_cart_notes"]);
      const [cart] = await sql<{ id: string }[]>`insert into carts default values returning id`;
      const v = await seededVariants(sql);
      await expect(sql`select cart_add_item(${cart.id}, ${v.beefSingle}, 1)`).rejects.toThrow(/kitchen_note/);

      // …until the previous release is deployed, whose release command applies its own functions.
      await migrateUp(url);
      const previous = await schemaSnapshot(url);
      expect(previous).toEqual(head);

      // The ordering smoke path: a cart, an order for the last pickup slot, paid, its email queued.
      await sql`select cart_add_item(${cart.id}, ${v.beefSingle}, 2)`;
      const placed = await placeOrder(sql, { cartId: cart.id, location: await locationId(sql) });
      expect(placed.already_placed).toBe(false);
      const [{ paid }] = await sql`select private.mark_order_paid(${placed.order_id}) as paid`;
      expect(paid).toBe(true);
      const [order] = await sql`select state from orders where id = ${placed.order_id}`;
      expect(order.state).toBe("paid");
      expect(await queuedJobs(sql, "send_email")).toHaveLength(1);
    } finally {
      await sql.end();
    }
  });
});
