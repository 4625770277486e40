import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';

const statements = new Map<string, { name: string; text: string }>();

/**
 * Runs a hot-path statement as a prepared statement, so PostgreSQL parses and plans it once per
 * pooled connection rather than on every call (MikroORM sends each statement with its values inlined).
 * `?` marks the parameters, as in `em.execute`; the statement holds no other `?`. It takes its own
 * connection from the pool, so it is for single statements outside a transaction.
 */
export async function executePrepared<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (em.isInTransaction()) throw new Error('A prepared statement does not run inside a transaction');
  let statement = statements.get(sql);
  if (!statement) {
    let n = 0;
    statement = { name: `ledger_${statements.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    statements.set(sql, statement);
  }
  const pool = await (em.getConnection() as PostgreSqlConnection).getNativeClient();
  try {
    return (await pool.query({ ...statement, values: params })).rows as T[];
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
