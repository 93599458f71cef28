// Bulk loading the way an import should: a table's secondary indexes dropped, the rows COPYed, the indexes rebuilt
// in one pass each (much faster than maintaining a trigram GIN index row by row for a million rows).
import pg from 'pg';

type Step = <T>(label: string, work: () => Promise<T>) => Promise<T>;

/**
 * Runs `load` with `table`'s secondary indexes dropped, then recreates them (with a large maintenance_work_mem).
 * The primary key and indexes that back a constraint stay: the first keeps rows addressable, the others cannot be
 * dropped on their own.
 */
export async function withoutSecondaryIndexes<T>(client: pg.ClientBase, table: string, step: Step, load: () => Promise<T>): Promise<T> {
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    [table],
  );
  for (const ix of indexes) await client.query(`DROP INDEX ${pg.escapeIdentifier(ix.name)}`);
  const result = await load();
  await step(`rebuild ${indexes.length} ${table} indexes`, async () => {
    await client.query('SET maintenance_work_mem = 1048576'); // 1 GB, in kB
    for (const ix of indexes) await client.query(ix.def);
    await client.query('RESET maintenance_work_mem');
  });
  return result;
}
