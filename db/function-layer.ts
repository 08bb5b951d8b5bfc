// The function layer: every SQL function, trigger function (with its triggers) and view, one per
// file under db/functions/<domain>/, holding its current body. Applying the layer drops all of it
// and creates it again from the files, in one transaction, so the database always holds exactly
// what the files say — a function whose file was deleted is gone — and a change to a function is
// the diff of its file. Versioned migrations (db/migrations/) own tables, columns, constraints,
// indexes and data, and never depend on a body here (docs/decisions/004-sql-function-layer.md).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

export const FUNCTIONS_DIR = path.resolve(import.meta.dirname, "functions");

/** The schemas whose routines and views belong to the layer: the app's API and its helpers. */
export const LAYER_SCHEMAS = ["public", "private"] as const;

export interface LayerFile {
  /** Path relative to the functions folder, e.g. `ordering/place_order.sql`. */
  name: string;
  sql: string;
  /** Views are created after every function, since a view's query is checked when it is made. */
  isView: boolean;
}

/** The layer's files in the order they are applied: functions by path, then views by path. */
export function readLayer(dir: string = FUNCTIONS_DIR): LayerFile[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".sql"))
    .map((name) => name.split(path.sep).join("/"))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), "utf8");
      return { name, sql, isView: /^\s*create\s+(or\s+replace\s+)?view\b/im.test(stripComments(sql)) };
    });
  return [...files.filter((file) => !file.isView), ...files.filter((file) => file.isView)];
}

function stripComments(sql: string) {
  return sql.replace(/--[^\n]*/g, "");
}

type Sql = postgres.Sql<Record<string, never>>;
type Tx = postgres.TransactionSql<Record<string, never>>;

// Routines and views of the layer's schemas, not those an extension brought.
const layerRoutines = (tx: Tx) => tx<{ oid: number; signature: string; kind: string }[]>`
  select p.oid::int, p.oid::regprocedure::text as signature, p.prokind as kind
    from pg_proc p
   where p.pronamespace::regnamespace::text = any(${LAYER_SCHEMAS as unknown as string[]})
     and not exists (select 1 from pg_depend e where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')`;

const layerViews = (tx: Tx) => tx<{ oid: number; name: string }[]>`
  select c.oid::int, c.oid::regclass::text as name
    from pg_class c
   where c.relkind in ('v', 'm') and c.relnamespace::regnamespace::text = any(${LAYER_SCHEMAS as unknown as string[]})
     and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')`;

/**
 * What outside the layer depends on it: a column default, a check constraint, an index, a
 * generated column… Dropping the layer would silently take those with it, so applying refuses.
 */
async function outsideDependents(tx: Tx) {
  return tx<{ dependent: string; on: string }[]>`
    with layer as (
      select 'pg_proc'::regclass as classid, p.oid from pg_proc p
       where p.pronamespace::regnamespace::text = any(${LAYER_SCHEMAS as unknown as string[]})
      union all
      select 'pg_class'::regclass, c.oid from pg_class c
       where c.relkind in ('v', 'm') and c.relnamespace::regnamespace::text = any(${LAYER_SCHEMAS as unknown as string[]})
      union all
      select 'pg_type'::regclass, t.oid from pg_type t
        join pg_class c on c.oid = t.typrelid
       where c.relkind in ('v', 'm') and c.relnamespace::regnamespace::text = any(${LAYER_SCHEMAS as unknown as string[]})
    )
    select pg_describe_object(d.classid, d.objid, d.objsubid) as dependent,
           pg_describe_object(d.refclassid, d.refobjid, 0) as on
      from pg_depend d
      join layer l on l.classid = d.refclassid and l.oid = d.refobjid
     where d.deptype = 'n'
       -- Functions, views (their rewrite rules and row types) and triggers are the layer's own.
       and d.classid not in ('pg_proc'::regclass, 'pg_rewrite'::regclass, 'pg_trigger'::regclass, 'pg_type'::regclass)
       and not (d.classid = 'pg_class'::regclass and d.objid in (select oid from layer where classid = 'pg_class'::regclass))`;
}

/** Triggers on tables that call a layer function, by table and name: each must come back from its file. */
async function layerTriggers(tx: Tx) {
  const rows = await tx<{ trigger: string }[]>`
    select t.tgrelid::regclass::text || '.' || t.tgname as trigger
      from pg_trigger t
      join pg_proc p on p.oid = t.tgfoid
     where not t.tgisinternal and p.pronamespace::regnamespace::text = any(${LAYER_SCHEMAS as unknown as string[]})
     order by 1`;
  return rows.map((row) => row.trigger);
}

async function dropLayer(tx: Tx) {
  const dependents = await outsideDependents(tx);
  if (dependents.length) {
    throw new Error(
      "Objects outside the function layer depend on it (a versioned migration must not use a function body that a later deploy can change):\n" +
        dependents.map((row) => `  ${row.dependent} uses ${row.on}`).join("\n"),
    );
  }
  for (const view of await layerViews(tx)) await tx.unsafe(`drop view if exists ${view.name} cascade`);
  // cascade takes the triggers with their functions; the functions' files create them again.
  for (const routine of await layerRoutines(tx)) {
    const kind = routine.kind === "p" ? "procedure" : routine.kind === "a" ? "aggregate" : "function";
    await tx.unsafe(`drop ${kind} if exists ${routine.signature} cascade`);
  }
}

export interface ApplyResult {
  files: number;
  dropped: string[];
}

/**
 * Drops the layer and creates it again from `files`, in one transaction (all or nothing), under an
 * advisory lock so two releases applying at once take turns. Bodies are not checked against each
 * other while they are created (check_function_bodies off), so files need no order among functions.
 */
export async function applyLayer(databaseUrl: string, files: LayerFile[] = readLayer()): Promise<ApplyResult> {
  const sql: Sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('larder.function_layer'))`;
      // A deploy waits at most this long for a table lock (a trigger's table), then fails whole.
      await tx`set local lock_timeout = '10s'`;
      await tx`set local check_function_bodies = off`;
      const before = new Set((await layerRoutines(tx)).map((routine) => routine.signature));
      const triggersBefore = await layerTriggers(tx);
      await dropLayer(tx);
      for (const file of files) {
        try {
          await tx.unsafe(file.sql);
        } catch (error) {
          throw new Error(`db/functions/${file.name}: ${(error as Error).message}`, { cause: error });
        }
      }
      const after = new Set((await layerRoutines(tx)).map((routine) => routine.signature));
      const triggersAfter = new Set(await layerTriggers(tx));
      const lost = triggersBefore.filter((trigger) => !triggersAfter.has(trigger));
      if (lost.length) {
        throw new Error(`These triggers call layer functions but no file in db/functions/ creates them: ${lost.join(", ")}`);
      }
      return { files: files.length, dropped: [...before].filter((signature) => !after.has(signature)).sort() };
    });
  } finally {
    await sql.end();
  }
}

/** Drops the whole layer (after the last versioned migration is rolled back, nothing is left). */
export async function removeLayer(databaseUrl: string): Promise<void> {
  const sql: Sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('larder.function_layer'))`;
      await dropLayer(tx);
    });
  } finally {
    await sql.end();
  }
}
