import { createHash } from 'node:crypto';

/** The fields of a rectification record that its hash covers, in the form they are stored. */
export interface RecordContent {
  problemId: string;
  seq: number;
  action: string;
  actorId: number | null;
  actorName: string | null;
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  note: string;
  evidence: string[];
  payload: unknown;
}

export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same record always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `hash = sha256(prevHash || canonical JSON of the record)`, hex. */
export function recordHash(prevHash: string, record: RecordContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}

export interface StoredRecord extends RecordContent {
  prevHash: string;
  hash: string;
}

/**
 * Walks one problem's records in seq order and names the first that does not hold: a gap in the
 * sequence, a link to the wrong predecessor, or a hash that its content no longer produces.
 */
export function firstBrokenSeq(records: readonly StoredRecord[]): number | null {
  let prev = GENESIS;
  for (const [index, record] of records.entries()) {
    if (record.seq !== index + 1 || record.prevHash !== prev) return record.seq;
    const { prevHash: _prev, hash, ...content } = record;
    if (recordHash(prev, content) !== hash) return record.seq;
    prev = hash;
  }
  return null;
}

/**
 * The first seq that does not hold in a chain whose head (length and last hash) the problem row
 * keeps: a rewritten record, a gap, records cut off the end or added past it, or a chain gone.
 */
export function firstBrokenAgainstHead(records: readonly StoredRecord[], head: { seq: number; hash: string | null }): number | null {
  const broken = firstBrokenSeq(records);
  if (broken !== null) return broken;
  if (records.length !== head.seq) return Math.min(records.length, head.seq) + 1;
  if (head.seq > 0 && records.at(-1)!.hash !== head.hash) return head.seq;
  return null;
}
