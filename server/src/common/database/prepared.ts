import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';

const numbered = new Map<string, string>();

/**
 * Runs a hot-path statement as a named prepared statement, so PostgreSQL parses and plans it once per
 * pooled connection rather than on every call (MikroORM sends each statement with its values inlined).
 * `?` marks the parameters, as in `em.execute`; the statement holds no other `?`. It takes its own
 * connection from the pool, so it is for single statements outside a transaction.
 */
export async function executePrepared<T>(em: EntityManager, name: string, sql: string, params: unknown[]): Promise<T[]> {
  if (em.isInTransaction()) throw new Error(`${name}: a prepared statement does not run inside a transaction`);
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  const pool = await (em.getConnection() as PostgreSqlConnection).getNativeClient();
  try {
    return (await pool.query({ name, text, values: params })).rows as T[];
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
