import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { Clock } from '../common/clock.js';
import { pgArray } from '../common/sql.js';
import { firstBrokenSeq, GENESIS, recordHash, type StoredRecord } from './ledger.js';
import { RecordAction } from './problem.enums.js';
import { RectificationRecord } from './problem.entity.js';

export interface BrokenChain {
  problemId: string;
  firstBrokenSeq: number;
}

interface RecordRow {
  problem_id: string;
  seq: number;
  action: string;
  actor_id: number | null;
  actor_name: string | null;
  at: Date;
  note: string;
  evidence: string[];
  payload: unknown;
  prev_hash: string;
  hash: string;
}

const toStored = (row: RecordRow): StoredRecord => ({
  problemId: String(row.problem_id),
  seq: row.seq,
  action: row.action,
  actorId: row.actor_id,
  actorName: row.actor_name,
  at: new Date(row.at).toISOString(),
  note: row.note,
  evidence: row.evidence,
  payload: row.payload,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** Runs SQL with `?` parameters: an EntityManager in the app, a plain client in the command. */
export type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Recomputes every chain in the database, a batch of whole problems at a time (never the whole
 * ledger in memory), for `npm run ledger:verify`. Returns the broken chains and what was checked.
 */
export async function verifyAllChains(
  query: Query,
  problemsPerBatch = 2_000,
): Promise<{ problems: number; records: number; broken: BrokenChain[] }> {
  const broken: BrokenChain[] = [];
  let problems = 0;
  let records = 0;
  let after = '0';
  for (;;) {
    const rows = await query<RecordRow>(
      `SELECT * FROM rectification_record WHERE problem_id IN
         (SELECT DISTINCT problem_id FROM rectification_record WHERE problem_id > ? ORDER BY problem_id LIMIT ?)
       ORDER BY problem_id, seq`,
      [after, problemsPerBatch],
    );
    if (rows.length === 0) break;
    const chains = new Map<string, StoredRecord[]>();
    for (const row of rows) {
      const record = toStored(row);
      chains.set(record.problemId, [...(chains.get(record.problemId) ?? []), record]);
    }
    for (const [problemId, chain] of chains) {
      const seq = firstBrokenSeq(chain);
      if (seq !== null) broken.push({ problemId, firstBrokenSeq: seq });
    }
    problems += chains.size;
    records += rows.length;
    after = String(rows.at(-1)!.problem_id);
  }
  return { problems, records, broken };
}

/** The fix-up ledger: appends hash-chained records and recomputes chains to prove them intact. */
@Injectable()
export class LedgerService {
  constructor(private readonly clock: Clock) {}

  /**
   * Appends the next record of a problem in `em`'s transaction. The caller holds the problem's row
   * lock, so no other step of the same problem can read the same predecessor.
   */
  async append(
    em: EntityManager,
    actor: Actor,
    problemId: string,
    action: RecordAction,
    entry: { note?: string; evidence?: string[]; payload?: Record<string, unknown> },
  ): Promise<void> {
    const [last] = await em.execute<{ seq: number; hash: string }[]>(
      'SELECT seq, hash FROM rectification_record WHERE problem_id = ? ORDER BY seq DESC LIMIT 1',
      [problemId],
    );
    const content = {
      problemId,
      seq: (last?.seq ?? 0) + 1,
      action,
      actorId: actor.userId,
      actorName: actor.username ?? null,
      at: this.clock.now().toISOString(),
      note: entry.note ?? '',
      evidence: entry.evidence ?? [],
      // Through JSON once, so what is hashed is exactly what jsonb will give back (no undefined, no Dates).
      payload: JSON.parse(JSON.stringify(entry.payload ?? {})) as unknown,
    };
    const prevHash = last?.hash ?? GENESIS;
    await em.execute(
      `INSERT INTO rectification_record (problem_id, seq, action, actor_id, actor_name, at, note, evidence, payload, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?, ?)`,
      [
        problemId,
        content.seq,
        action,
        content.actorId,
        content.actorName,
        content.at,
        content.note,
        pgArray(content.evidence),
        JSON.stringify(content.payload),
        prevHash,
        recordHash(prevHash, content),
      ],
    );
  }

  async records(em: EntityManager, problemIds: readonly string[]): Promise<Map<string, RectificationRecord[]>> {
    const records = await em.find(
      RectificationRecord,
      { problemId: { $in: [...problemIds] } },
      { orderBy: { problemId: 'asc', seq: 'asc' } },
    );
    const byProblem = new Map<string, RectificationRecord[]>(problemIds.map((id) => [id, []]));
    for (const record of records) byProblem.get(record.problemId)?.push(record);
    return byProblem;
  }

  /** The first broken seq of each problem's chain (null when intact), and how many records it has. */
  async integrity(
    em: EntityManager,
    problemIds: readonly string[],
  ): Promise<Map<string, { firstBrokenSeq: number | null; records: number }>> {
    const rows = await em.execute<RecordRow[]>(
      `SELECT * FROM rectification_record WHERE problem_id IN (${problemIds.map(() => '?').join(',')}) ORDER BY problem_id, seq`,
      [...problemIds],
    );
    const chains = new Map<string, StoredRecord[]>(problemIds.map((id) => [id, []]));
    for (const row of rows) chains.get(String(row.problem_id))?.push(toStored(row));
    return new Map([...chains].map(([id, chain]) => [id, { firstBrokenSeq: firstBrokenSeq(chain), records: chain.length }]));
  }
}
