// Loaded by the export worker too, straight from source in tests (Node strips the types): erasable
// TypeScript only, no imports but types.

/** What an export covers: one campaign's problems in one unit's subtree, optionally by found date and status. */
export interface LedgerFilter {
  campaignId: number;
  /** ltree path of the subtree root. */
  rootPath: string;
  from?: string | null;
  to?: string | null;
  statuses: string[];
}

/** SQL with `$1`-style parameters, as node-postgres takes it. */
export interface SqlQuery {
  text: string;
  values: unknown[];
}

function problemWhere(filter: LedgerFilter, values: unknown[]): string {
  const param = (value: unknown) => `$${values.push(value)}`;
  const conditions = [`p.campaign_id = ${param(filter.campaignId)}`, `o.path <@ ${param(filter.rootPath)}::ltree`];
  if (filter.from) conditions.push(`p.found_on >= ${param(filter.from)}::date`);
  if (filter.to) conditions.push(`p.found_on <= ${param(filter.to)}::date`);
  if (filter.statuses.length) conditions.push(`p.status = ANY(${param(filter.statuses)}::text[])`);
  return conditions.join(' AND ');
}

/** Problems and records in scope; records counted from each chain's head (its length), which avoids reading them twice. */
export function totalsQuery(filter: LedgerFilter): SqlQuery {
  const values: unknown[] = [];
  const text = `SELECT count(*)::int AS problems, coalesce(sum(p.ledger_seq), 0)::text AS records
    FROM problem p JOIN organization o ON o.id = p.organization_id WHERE ${problemWhere(filter, values)}`;
  return { text, values };
}

/** Sheet 1: problems by unit (subtree order) then id; measures, cited evidence and the latest step gathered per problem. */
export function problemsQuery(filter: LedgerFilter): SqlQuery {
  const values: unknown[] = [];
  const text = `SELECT p.id::text AS id, o.code AS unit_code, o.name AS unit_name, p.description, p.scope, p.person_name,
      p.source, p.category, p.found_on::text AS found_on, p.rectification_kind, p.responsible_leader, p.deadline::text AS deadline,
      p.status, to_char(p.verified_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS verified_at, p.ledger_seq, p.ledger_head,
      (SELECT json_agg(json_build_object('content', m.content, 'owner', m.owner, 'deadline', m.deadline, 'deliverable', m.deliverable,
                                         'completed_on', m.completed_on) ORDER BY m.position)
         FROM problem_measure m WHERE m.problem_id = p.id) AS measures,
      (SELECT array_agg(DISTINCT d.sha256) FROM rectification_record r CROSS JOIN unnest(r.evidence) AS d(sha256)
        WHERE r.problem_id = p.id) AS evidence,
      last.action AS last_action, to_char(last.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS last_at, last.note AS last_note
    FROM problem p JOIN organization o ON o.id = p.organization_id
    LEFT JOIN LATERAL (SELECT r.action, r.at, r.note FROM rectification_record r WHERE r.problem_id = p.id ORDER BY r.seq DESC LIMIT 1) last
      ON true
    WHERE ${problemWhere(filter, values)}
    ORDER BY o.path, p.id`;
  return { text, values };
}

/** Sheet 2: every record of those problems, in the same problem order, each chain in seq order. */
export function recordsQuery(filter: LedgerFilter): SqlQuery {
  const values: unknown[] = [];
  const text = `SELECT r.problem_id::text AS problem_id, r.seq, r.action, r.actor_id, r.actor_name,
      to_char(r.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at_local,
      to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at_utc,
      r.note, r.evidence, r.hash, r.prev_hash, r.payload::text AS payload
    FROM (SELECT p.id, o.path FROM problem p JOIN organization o ON o.id = p.organization_id WHERE ${problemWhere(filter, values)}) p
    CROSS JOIN LATERAL (SELECT * FROM rectification_record r WHERE r.problem_id = p.id ORDER BY r.seq) r
    ORDER BY p.path, p.id, r.seq`;
  return { text, values };
}

/** Size and type of stored evidence files, for the pack. */
export function evidenceFilesQuery(digests: string[]): SqlQuery {
  return { text: 'SELECT sha256, size, media_type FROM evidence_file WHERE sha256 = ANY($1::text[]) ORDER BY sha256', values: [digests] };
}
