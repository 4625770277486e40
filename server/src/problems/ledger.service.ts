import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { Clock } from '../common/clock.js';
import { pgArray } from '../common/sql.js';
import { firstBrokenAgainstHead, GENESIS, recordHash, type StoredRecord } from './ledger.js';
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
    // Driven by the problems, so a problem whose records were all removed is still checked.
    const rows = await query<RecordRow & HeadRow>(
      `SELECT p.id AS head_id, p.ledger_seq, p.ledger_head, r.*
       FROM (SELECT id, ledger_seq, ledger_head FROM problem WHERE id > ? ORDER BY id LIMIT ?) p
       LEFT JOIN rectification_record r ON r.problem_id = p.id
       ORDER BY p.id, r.seq`,
      [after, problemsPerBatch],
    );
    if (rows.length === 0) break;
    for (const [problemId, chain] of groupChains(rows)) {
      const seq = firstBrokenAgainstHead(chain.records, chain.head);
      if (seq !== null) broken.push({ problemId, firstBrokenSeq: seq });
      problems++;
      records += chain.records.length;
    }
    after = String(rows.at(-1)!.head_id);
  }
  return { problems, records, broken };
}

interface HeadRow {
  head_id: string;
  ledger_seq: number;
  ledger_head: string | null;
}

function groupChains(rows: (RecordRow & HeadRow)[]) {
  const chains = new Map<string, { head: { seq: number; hash: string | null }; records: StoredRecord[] }>();
  for (const row of rows) {
    const id = String(row.head_id);
    let chain = chains.get(id);
    if (!chain) chains.set(id, (chain = { head: { seq: row.ledger_seq, hash: row.ledger_head }, records: [] }));
    if (row.seq !== null) chain.records.push(toStored(row));
  }
  return chains;
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
    const [head] = await em.execute<{ ledger_seq: number; ledger_head: string | null }[]>(
      'SELECT ledger_seq, ledger_head FROM problem WHERE id = ?',
      [problemId],
    );
    const last = head.ledger_seq > 0 ? { seq: head.ledger_seq, hash: head.ledger_head! } : undefined;
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
    const hash = recordHash(prevHash, content);
    await em.execute('UPDATE problem SET ledger_seq = ?, ledger_head = ? WHERE id = ?', [content.seq, hash, problemId]);
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
        hash,
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
    const rows = await em.execute<(RecordRow & HeadRow)[]>(
      `SELECT p.id AS head_id, p.ledger_seq, p.ledger_head, r.* FROM problem p LEFT JOIN rectification_record r ON r.problem_id = p.id
       WHERE p.id IN (${problemIds.map(() => '?').join(',')}) ORDER BY p.id, r.seq`,
      [...problemIds],
    );
    const chains = groupChains(rows);
    return new Map(
      problemIds.map((id) => {
        const chain = chains.get(id) ?? { head: { seq: 0, hash: null }, records: [] };
        return [id, { firstBrokenSeq: firstBrokenAgainstHead(chain.records, chain.head), records: chain.records.length }];
      }),
    );
  }
}
