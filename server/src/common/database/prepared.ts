import { createHash } from 'node:crypto';
import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';

const statements = new Map<string, { name: string; text: string }>();

/**
 * Runs a hot-path statement as a prepared statement, so PostgreSQL parses and plans it once per
 * pooled connection rather than on every call (MikroORM sends each statement with its values inlined).
 * `?` marks the parameters, as in `em.execute`; the statement holds no other `?`. A prepared
 * statement lives on its own pooled connection, so inside a transaction this is `em.execute`.
 * Prepared statements outlive a migration that changes their tables' columns: restart after one;
 * and behind PgBouncer, pool in session mode.
 */
export async function executePrepared<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (em.isInTransaction()) return em.execute<T[]>(sql, params);
  let statement = statements.get(sql);
  if (!statement) {
    let n = 0;
    const name = `ledger_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statement = { name, text: sql.replace(/\?/g, () => `$${++n}`) };
    statements.set(sql, statement);
  }
  const pool = await (em.getConnection() as PostgreSqlConnection).getNativeClient();
  try {
    return (await pool.query({ ...statement, values: params })).rows as T[];
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
