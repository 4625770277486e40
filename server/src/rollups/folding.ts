import { addDays } from '../common/dates.js';
import { COLUMNS, eachColumn, OWN_FIGURES_SQL, TREND_COLUMNS } from './figures.js';

/** Runs one statement with `?` parameters in the caller's transaction (an EntityManager's, or a CLI's client). */
export type Run = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

/** The folding job, subtree moves, rebuilds and checks take it: one writer of rollup rows at a time. */
export const ROLLUP_LOCK = 0x726f6c6c; // "roll"

/** The day the figures are computed for, and the idle line: a unit whose latest session is before it is behind. */
export interface RollupDay {
  today: string;
  idleBefore: string;
}

export const rollupDay = (today: string, behindIdleDays: number): RollupDay => ({ today, idleBefore: addDays(today, -behindIdleDays) });

const OWN_COLUMNS = `campaign_id, organization_id, in_scope, last_session_on, ${COLUMNS.join(', ')}`;
const ADD_EXCLUDED = eachColumn((c) => `${c} = rollup_subtree.${c} + excluded.${c}`);
const TREND = TREND_COLUMNS.join(', ');
const KEEP_OWN = `(f.in_scope OR (${eachColumn((c) => `f.${c}`, ' + ')}) <> 0)`;

/** Ancestor ids (the unit included) from its path: path labels are unit ids. */
const ANCESTORS_OF = (path: string) => `unnest(string_to_array(${path}::text, '.')::int[])`;

/** Every (campaign, unit) pair that has figures: units in the campaign's scope, and units elsewhere holding its facts. */
const ALL_PAIRS_SQL = `
  SELECT c.id, u.id FROM campaign c JOIN organization sc ON sc.id = c.scope_id JOIN organization u ON u.path <@ sc.path
  UNION SELECT campaign_id, organization_id FROM study_session
  UNION SELECT campaign_id, organization_id FROM problem
  UNION SELECT campaign_id, organization_id FROM institutional_fix
  UNION SELECT campaign_id, organization_id FROM commitment
  UNION SELECT campaign_id, organization_id FROM feedback`;

/** Subtree sums of a table of own figures: each unit's row added to itself and every ancestor. */
const SUBTREE_SUMS_SQL = (own: string) => `
  SELECT o.campaign_id, a.id AS organization_id, ${eachColumn((c) => `sum(o.${c}) AS ${c}`)}
  FROM ${own} o JOIN organization u ON u.id = o.organization_id CROSS JOIN LATERAL ${ANCESTORS_OF('u.path')} AS a(id)
  GROUP BY 1, 2`;

/** The weekly trend keeps each touched subtree row's figures as of its latest change in the week. */
const snapshotWeek = (source: string, day: RollupDay) => `
  INSERT INTO rollup_week (campaign_id, organization_id, week, ${TREND})
  SELECT campaign_id, organization_id, date_trunc('week', '${day.today}'::date)::date, ${TREND} FROM ${source}
  ON CONFLICT (campaign_id, organization_id, week) DO UPDATE SET ${TREND_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

const STAGING_RENEWAL = 100;
let batchesFolded = 0;

const ownFigures = (run: Run, into: string, day: RollupDay) =>
  run(`INSERT INTO ${into} (${OWN_COLUMNS}) ${OWN_FIGURES_SQL}`, [day.today, day.today, day.idleBefore]);

/**
 * One batch, the lock held: takes queued (campaign, unit) pairs, recomputes their own figures from
 * the facts and adds what changed to every ancestor's subtree row. Recomputing (rather than applying
 * each write's change) makes folding idempotent: a pair queued twice, or folded after a rebuild,
 * comes out the same. Returns how many queue rows it took.
 */
export async function foldBatch(run: Run, day: RollupDay, batchSize: number): Promise<number> {
  // An idle queue costs one probe; the statements below are planned for a batch of work.
  if ((await run('SELECT 1 FROM rollup_queue LIMIT 1')).length === 0) return 0;
  // DELETE on most ticks: TRUNCATE swaps every file of three tables and their indexes (about 20 ms of
  // file system work under load, against well under 1 ms). The dead rows DELETE leaves, which no
  // vacuum may clear while an export holds an older snapshot, go with the files every STAGING_RENEWAL folds.
  if (++batchesFolded % STAGING_RENEWAL === 0) await run('TRUNCATE rollup_taken, rollup_dirty, rollup_fresh');
  else await run('WITH taken AS (DELETE FROM rollup_taken), dirty AS (DELETE FROM rollup_dirty) DELETE FROM rollup_fresh');
  const [{ taken }] = await run<{ taken: number }>(
    `WITH q AS (
       DELETE FROM rollup_queue WHERE id IN (SELECT id FROM rollup_queue ORDER BY id LIMIT ?)
       RETURNING campaign_id, organization_id, subtree),
     staged AS (INSERT INTO rollup_taken SELECT DISTINCT campaign_id, organization_id, subtree FROM q RETURNING 1)
     SELECT (SELECT count(*) FROM q)::int AS taken`,
    [batchSize],
  );
  if (taken === 0) return 0;
  // Staged and analyzed, the batch is planned with its own statistics, not an often-empty queue's.
  await run('ANALYZE rollup_taken');
  await run(
    `WITH units AS (
       SELECT q.campaign_id, u.id, u.path FROM rollup_taken q JOIN organization o ON o.id = q.organization_id
       JOIN organization u ON u.path <@ o.path WHERE q.subtree
       UNION
       SELECT q.campaign_id, o.id, o.path FROM rollup_taken q JOIN organization o ON o.id = q.organization_id WHERE NOT q.subtree),
     -- A handful of rows: kept apart so the planner never walks the tree to match units to scopes.
     scopes AS MATERIALIZED (SELECT c.id, sc.path FROM campaign c JOIN organization sc ON sc.id = c.scope_id)
     INSERT INTO rollup_dirty (campaign_id, organization_id)
     SELECT campaign_id, id FROM units WHERE campaign_id IS NOT NULL
     UNION
     SELECT scopes.id, units.id FROM units JOIN scopes ON units.path <@ scopes.path WHERE units.campaign_id IS NULL
     UNION
     SELECT r.campaign_id, units.id FROM units JOIN rollup_own r ON units.campaign_id IS NULL AND r.organization_id = units.id`,
  );
  await run('ANALYZE rollup_dirty');
  await ownFigures(run, 'rollup_fresh', day);
  // Emptied by DELETE, its file keeps dead rows: without fresh statistics the planner takes them for live ones.
  await run('ANALYZE rollup_fresh');
  // Differences against the own rows as they were, then the own rows, then the ancestors.
  await run(
    `WITH delta AS (
       SELECT f.campaign_id, f.organization_id, ${eachColumn((c) => `f.${c} - coalesce(o.${c}, 0) AS ${c}`)}
       FROM rollup_fresh f LEFT JOIN rollup_own o USING (campaign_id, organization_id)
       WHERE (${eachColumn((c) => `f.${c}`)}) IS DISTINCT FROM (${eachColumn((c) => `o.${c}`)})),
     own AS (
       INSERT INTO rollup_own (${OWN_COLUMNS})
       SELECT ${OWN_COLUMNS} FROM rollup_fresh f WHERE ${KEEP_OWN}
       ON CONFLICT (campaign_id, organization_id) DO UPDATE SET in_scope = excluded.in_scope,
         last_session_on = excluded.last_session_on, ${eachColumn((c) => `${c} = excluded.${c}`)}
       RETURNING 1),
     gone AS (
       DELETE FROM rollup_own o USING rollup_fresh f
       WHERE o.campaign_id = f.campaign_id AND o.organization_id = f.organization_id AND NOT ${KEEP_OWN}
       RETURNING 1),
     up AS (
       INSERT INTO rollup_subtree (campaign_id, organization_id, ${COLUMNS.join(', ')})
       SELECT d.campaign_id, a.id, ${eachColumn((c) => `sum(d.${c})`)}
       FROM delta d JOIN organization u ON u.id = d.organization_id CROSS JOIN LATERAL ${ANCESTORS_OF('u.path')} AS a(id)
       GROUP BY 1, 2 ORDER BY 1, 2
       ON CONFLICT (campaign_id, organization_id) DO UPDATE SET ${ADD_EXCLUDED}
       RETURNING campaign_id, organization_id, ${TREND})
     ${snapshotWeek('up', day)}`,
  );
  return taken;
}

/** Folds until the queue is empty, in the caller's transaction. */
export async function drain(run: Run, day: RollupDay): Promise<void> {
  await run('SELECT pg_advisory_xact_lock(?)', [ROLLUP_LOCK]);
  while ((await foldBatch(run, day, 100_000)) > 0);
}

/**
 * A subtree moved (inside the move's transaction, before the paths change): its subtree rows leave
 * the old ancestors and join the new ones. Its units' own figures are recomputed through the queue
 * afterwards, since the move may take them into or out of a campaign's scope.
 */
export async function shiftSubtree(run: Run, day: RollupDay, nodeId: number, oldPath: string, newParentPath: string): Promise<void> {
  await run('SELECT pg_advisory_xact_lock(?)', [ROLLUP_LOCK]);
  const oldAncestors = oldPath.split('.').slice(0, -1);
  await run(
    `WITH shift AS (
       SELECT id, sum(sign)::int AS sign FROM (
         SELECT unnest(?::int[]) AS id, -1 AS sign UNION ALL SELECT unnest(?::int[]), 1) s
       GROUP BY id HAVING sum(sign) <> 0),
     up AS (
       INSERT INTO rollup_subtree (campaign_id, organization_id, ${COLUMNS.join(', ')})
       SELECT x.campaign_id, shift.id, ${eachColumn((c) => `x.${c} * shift.sign`)}
       FROM rollup_subtree x CROSS JOIN shift WHERE x.organization_id = ?
       ORDER BY 1, 2
       ON CONFLICT (campaign_id, organization_id) DO UPDATE SET ${ADD_EXCLUDED}
       RETURNING campaign_id, organization_id, ${TREND})
     ${snapshotWeek('up', day)}`,
    [`{${oldAncestors.join(',')}}`, `{${newParentPath.split('.').join(',')}}`, nodeId],
  );
}

/**
 * Recomputes every figure from the facts (after a bulk load, or to repair what `rollups:check`
 * found), in the caller's transaction. Queue rows written meanwhile stay and are folded afterwards.
 */
export async function rebuild(run: Run, day: RollupDay): Promise<void> {
  await run('SELECT pg_advisory_xact_lock(?)', [ROLLUP_LOCK]);
  // One pass over every fact: hash aggregates want memory rather than spills to disk.
  await run(`SET LOCAL work_mem = '256MB'`);
  await run('DELETE FROM rollup_queue WHERE id <= (SELECT coalesce(max(id), 0) FROM rollup_queue)');
  await run('TRUNCATE rollup_own, rollup_subtree, rollup_dirty, rollup_fresh');
  await run(`INSERT INTO rollup_dirty (campaign_id, organization_id) ${ALL_PAIRS_SQL}`);
  await run('ANALYZE rollup_dirty');
  await ownFigures(run, 'rollup_fresh', day);
  await run(`INSERT INTO rollup_own (${OWN_COLUMNS}) SELECT ${OWN_COLUMNS} FROM rollup_fresh f WHERE ${KEEP_OWN}`);
  await run(
    `WITH up AS (
       INSERT INTO rollup_subtree (campaign_id, organization_id, ${COLUMNS.join(', ')}) ${SUBTREE_SUMS_SQL('rollup_own')}
       RETURNING campaign_id, organization_id, ${TREND})
     ${snapshotWeek('up', day)}`,
  );
  await run('TRUNCATE rollup_dirty, rollup_fresh');
}

/**
 * When the campaign day changes, figures move without any write: problems pass a deadline, units
 * pass the idle line. Queues exactly the pairs whose standing can change between the last day rolled
 * over and today. Returns whether the day changed (or had never been recorded).
 */
export async function rollOverDay(run: Run, day: RollupDay, behindIdleDays: number): Promise<boolean> {
  const [state] = await run<{ day: string | null }>(`SELECT day::text FROM rollup_state WHERE name = 'day' FOR UPDATE`);
  if (state?.day === day.today) return false;
  if (state?.day) {
    const [from, to] = state.day < day.today ? [state.day, day.today] : [day.today, state.day];
    await run(
      `INSERT INTO rollup_queue (campaign_id, organization_id)
       SELECT DISTINCT x.campaign_id, x.organization_id FROM problem x
       WHERE x.status IN ('OPEN', 'IN_PROGRESS') AND ((x.deadline >= ? AND x.deadline < ?) OR EXISTS (
         SELECT 1 FROM problem_measure m WHERE m.problem_id = x.id AND m.completed_on IS NULL AND m.deadline >= ? AND m.deadline < ?))
       UNION
       SELECT campaign_id, organization_id FROM rollup_own WHERE last_session_on >= ? AND last_session_on < ?`,
      [from, to, from, to, addDays(from, -behindIdleDays), addDays(to, -behindIdleDays)],
    );
  }
  await run(`INSERT INTO rollup_state (name, day) VALUES ('day', ?) ON CONFLICT (name) DO UPDATE SET day = excluded.day, at = now()`, [
    day.today,
  ]);
  return true;
}

export interface RollupDifference {
  table: 'rollup_own' | 'rollup_subtree';
  campaignId: number;
  organizationId: number;
  /** column: [stored, recomputed] */
  columns: Record<string, [number, number]>;
}

/**
 * Recomputes every own and subtree figure from the facts and compares them with the stored rows
 * (missing rows count as zero). Run with the queue drained, in one snapshot, under the lock.
 */
export async function compareWithFacts(
  run: Run,
  day: RollupDay,
  listed = 20,
): Promise<{ pairs: number; differing: number; differences: RollupDifference[] }> {
  await run('SELECT pg_advisory_xact_lock(?)', [ROLLUP_LOCK]);
  await run(`SET LOCAL work_mem = '256MB'`);
  await run('TRUNCATE rollup_dirty, rollup_fresh');
  await run(`INSERT INTO rollup_dirty (campaign_id, organization_id) ${ALL_PAIRS_SQL}`);
  await run('ANALYZE rollup_dirty');
  await ownFigures(run, 'rollup_fresh', day);
  await run(`DELETE FROM rollup_fresh f WHERE NOT ${KEEP_OWN}`);
  const differs = (a: string, b: string) =>
    `(${eachColumn((c) => `coalesce(${a}.${c}, 0)`)}) IS DISTINCT FROM (${eachColumn((c) => `coalesce(${b}.${c}, 0)`)})`;
  const select = (a: string, b: string) =>
    `coalesce(${a}.campaign_id, ${b}.campaign_id) AS campaign_id, coalesce(${a}.organization_id, ${b}.organization_id) AS organization_id,
     ${eachColumn((c) => `coalesce(${a}.${c}, 0)::float8 AS stored_${c}, coalesce(${b}.${c}, 0)::float8 AS expected_${c}`)}`;
  const rows = await run<Record<string, unknown>>(
    `WITH expected_subtree AS (${SUBTREE_SUMS_SQL('rollup_fresh')}),
     own AS (
       SELECT 'rollup_own' AS t, ${select('o', 'f')} FROM rollup_own o FULL JOIN rollup_fresh f USING (campaign_id, organization_id)
       WHERE ${differs('o', 'f')} OR o.last_session_on IS DISTINCT FROM f.last_session_on OR o.in_scope IS DISTINCT FROM f.in_scope),
     sub AS (
       SELECT 'rollup_subtree' AS t, ${select('s', 'e')} FROM rollup_subtree s FULL JOIN expected_subtree e USING (campaign_id, organization_id)
       WHERE ${differs('s', 'e')})
     SELECT *, count(*) OVER () AS differing, (SELECT count(*) FROM rollup_fresh) AS pairs
     FROM (SELECT * FROM own UNION ALL SELECT * FROM sub) d ORDER BY t, campaign_id, organization_id LIMIT ?`,
    [listed],
  );
  await run('TRUNCATE rollup_dirty, rollup_fresh');
  const [{ pairs }] = rows.length
    ? (rows as { pairs: string }[])
    : await run<{ pairs: string }>('SELECT count(*) AS pairs FROM rollup_own');
  return {
    pairs: Number(pairs),
    differing: Number(rows[0]?.differing ?? 0),
    differences: rows.map((row) => ({
      table: row.t as RollupDifference['table'],
      campaignId: Number(row.campaign_id),
      organizationId: Number(row.organization_id),
      columns: Object.fromEntries(
        COLUMNS.filter((c) => row[`stored_${c}`] !== row[`expected_${c}`]).map((c) => [
          c,
          [Number(row[`stored_${c}`]), Number(row[`expected_${c}`])],
        ]),
      ),
    })),
  };
}
