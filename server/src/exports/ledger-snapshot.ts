import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { ProblemRow, RecordRow } from './ledger-layout.js';

/** What an export covers: one campaign's problems in one unit's subtree, optionally by found date and status. */
export interface LedgerFilter {
  campaignId: number;
  /** ltree path of the subtree root. */
  rootPath: string;
  from?: string | null;
  to?: string | null;
  statuses: string[];
}

/** Rows per FETCH: big enough that round trips do not matter, small enough to hold at once. */
const BATCH = 2_000;

function problemWhere(filter: LedgerFilter): RawBuilder<unknown> {
  const conditions = [sql`p.campaign_id = ${filter.campaignId}`, sql`o.path <@ ${filter.rootPath}::ltree`];
  if (filter.from) conditions.push(sql`p.found_on >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`p.found_on <= ${filter.to}::date`);
  if (filter.statuses.length) conditions.push(sql`p.status = ANY(${filter.statuses}::text[])`);
  return sql.join(conditions, sql` AND `);
}

const BEIJING = sql.lit('Asia/Shanghai');

/** Sheet 1: problems by unit (subtree order) then id; measures, cited evidence and the latest step gathered per problem. */
function problemQuery(filter: LedgerFilter): RawBuilder<ProblemRow> {
  return sql<ProblemRow>`SELECT p.id::text AS id, o.code AS unit_code, o.name AS unit_name, p.description, p.scope, p.person_name,
      p.source, p.category, p.found_on::text AS found_on, p.rectification_kind, p.responsible_leader, p.deadline::text AS deadline,
      p.status, to_char(p.verified_at AT TIME ZONE ${BEIJING}, 'YYYY-MM-DD HH24:MI:SS') AS verified_at, p.ledger_seq, p.ledger_head,
      (SELECT json_agg(json_build_object('content', m.content, 'owner', m.owner, 'deadline', m.deadline, 'deliverable', m.deliverable,
                                         'completed_on', m.completed_on) ORDER BY m.position)
         FROM problem_measure m WHERE m.problem_id = p.id) AS measures,
      (SELECT array_agg(DISTINCT d.sha256) FROM rectification_record r CROSS JOIN unnest(r.evidence) AS d(sha256)
        WHERE r.problem_id = p.id) AS evidence,
      last.action AS last_action, to_char(last.at AT TIME ZONE ${BEIJING}, 'YYYY-MM-DD') AS last_at, last.note AS last_note
    FROM problem p JOIN organization o ON o.id = p.organization_id
    LEFT JOIN LATERAL (SELECT r.action, r.at, r.note FROM rectification_record r WHERE r.problem_id = p.id ORDER BY r.seq DESC LIMIT 1) last
      ON true
    WHERE ${problemWhere(filter)}
    ORDER BY o.path, p.id`;
}

/** Sheet 2: every record of those problems, in the same problem order, each chain in seq order. */
function recordQuery(filter: LedgerFilter): RawBuilder<RecordRow> {
  return sql<RecordRow>`SELECT r.problem_id::text AS problem_id, r.seq, r.action, r.actor_id, r.actor_name,
      to_char(r.at AT TIME ZONE ${BEIJING}, 'YYYY-MM-DD HH24:MI:SS') AS at_local,
      to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at_utc,
      r.note, r.evidence, r.hash, r.prev_hash, r.payload::text AS payload
    FROM (SELECT p.id, o.path FROM problem p JOIN organization o ON o.id = p.organization_id WHERE ${problemWhere(filter)}) p
    CROSS JOIN LATERAL (SELECT * FROM rectification_record r WHERE r.problem_id = p.id ORDER BY r.seq) r
    ORDER BY p.path, p.id, r.seq`;
}

export interface LedgerTotals {
  problems: number;
  records: number;
}

/**
 * One consistent view of the ledger for the whole export: a REPEATABLE READ, read-only
 * transaction, so both sheets (and the counts sent ahead of them) come from the same snapshot
 * however long the download takes, and rows are read through server-side cursors a batch at a
 * time rather than all at once.
 */
export class LedgerSnapshot {
  private constructor(
    private readonly trx: Transaction<unknown>,
    private readonly filter: LedgerFilter,
  ) {}

  static async run<T>(db: Kysely<unknown>, filter: LedgerFilter, work: (snapshot: LedgerSnapshot) => Promise<T>): Promise<T> {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => work(new LedgerSnapshot(trx, filter)));
  }

  /** Problems and records in scope; records counted from each chain's head (its length), which avoids reading them twice. */
  async totals(): Promise<LedgerTotals> {
    const { rows } = await sql<{ problems: number; records: string }>`SELECT count(*)::int AS problems,
        coalesce(sum(p.ledger_seq), 0)::text AS records
      FROM problem p JOIN organization o ON o.id = p.organization_id WHERE ${problemWhere(this.filter)}`.execute(this.trx);
    return { problems: rows[0].problems, records: Number(rows[0].records) };
  }

  problems(): AsyncGenerator<ProblemRow[]> {
    return this.cursor('ledger_problems', problemQuery(this.filter));
  }

  records(): AsyncGenerator<RecordRow[]> {
    return this.cursor('ledger_records', recordQuery(this.filter));
  }

  /** Size and type of stored evidence files, for the pack. */
  async evidenceFiles(digests: string[]): Promise<{ sha256: string; size: number; media_type: string }[]> {
    if (!digests.length) return [];
    const { rows } = await sql<{ sha256: string; size: number; media_type: string }>`SELECT sha256, size, media_type
      FROM evidence_file WHERE sha256 = ANY(${digests}::text[]) ORDER BY sha256`.execute(this.trx);
    return rows;
  }

  private async *cursor<T>(name: string, query: RawBuilder<T>): AsyncGenerator<T[]> {
    await sql`DECLARE ${sql.id(name)} NO SCROLL CURSOR FOR ${query}`.execute(this.trx);
    for (;;) {
      const { rows } = await sql<T>`FETCH ${sql.lit(BATCH)} FROM ${sql.id(name)}`.execute(this.trx);
      if (rows.length === 0) break;
      yield rows;
    }
    await sql`CLOSE ${sql.id(name)}`.execute(this.trx);
  }
}
