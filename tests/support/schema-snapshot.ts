// A database's schema as sorted lines per kind of object, for comparing two databases in tests.
import postgres from "postgres";

/** What the public and private schemas hold, as sorted text lines: tables, views, columns, routines, indexes, triggers, constraints, sequences. */
export async function schemaSnapshot(url: string): Promise<Record<string, string[]>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const lines = async (query: Promise<{ line: string }[]>) => (await query).map((row) => row.line).sort();
  try {
    return {
      tables: await lines(sql`
        select table_name || ' ' || table_type as line
          from information_schema.tables where table_schema in ('public', 'private')`),
      columns: await lines(sql`
        select concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default,
                         is_identity, is_generated, generation_expression) as line
          from information_schema.columns where table_schema in ('public', 'private')`),
      views: await lines(sql`
        select table_name || ': ' || view_definition as line
          from information_schema.views where table_schema in ('public', 'private')`),
      functions: await lines(sql`
        select p.pronamespace::regnamespace || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
               || pg_get_function_result(p.oid) || ' ' || md5(p.prosrc) as line
          from pg_proc p where p.pronamespace::regnamespace::text in ('public', 'private')`),
      indexes: await lines(sql`select indexdef as line from pg_indexes where schemaname in ('public', 'private')`),
      triggers: await lines(sql`
        select tgrelid::regclass || ' ' || pg_get_triggerdef(oid) as line
          from pg_trigger where not tgisinternal and tgrelid::regclass::text not like '%.%'`),
      constraints: await lines(sql`
        select conrelid::regclass || ' ' || pg_get_constraintdef(oid) as line
          from pg_constraint where connamespace::regnamespace::text in ('public', 'private')`),
      sequences: await lines(sql`
        select sequence_name || ' ' || start_value as line
          from information_schema.sequences where sequence_schema in ('public', 'private')`),
    };
  } finally {
    await sql.end();
  }
}
