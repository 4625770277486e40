import { zhCN } from '../common/i18n/zh-CN.js';
import type { Cell } from './csv.js';

/**
 * The 整改台账 as auditors keep it: one row per problem, its measures numbered inside one cell.
 * A problem is what gets 销号 and what a hash chain belongs to, so one row each keeps the row count
 * equal to the problem count and lets Excel filter and count by status; one row per measure would
 * repeat every other column and make a problem with three measures look like three problems.
 */

/** A column of a sheet: its header, width in characters, and whether its text wraps (line breaks inside). */
export interface Column {
  header: string;
  width: number;
  wrap?: boolean;
}

export const PROBLEM_SHEET = '整改台账';
export const RECORD_SHEET = '整改记录';

export const PROBLEM_COLUMNS: Column[] = [
  { header: '序号', width: 8 },
  { header: '问题编号', width: 10 },
  { header: '单位编码', width: 14 },
  { header: '单位', width: 28 },
  { header: '问题', width: 48, wrap: true },
  { header: '班子/个人', width: 12 },
  { header: '来源', width: 10 },
  { header: '类别', width: 14 },
  { header: '查摆时间', width: 12 },
  { header: '整改类型', width: 10 },
  { header: '整改措施', width: 56, wrap: true },
  { header: '责任人', width: 14, wrap: true },
  { header: '责任领导', width: 10 },
  { header: '整改时限', width: 12 },
  { header: '进展', width: 40, wrap: true },
  { header: '状态', width: 16 },
  { header: '销号时间', width: 20 },
  { header: '佐证材料', width: 66, wrap: true },
  { header: '记录数', width: 8 },
  { header: '链头哈希', width: 66 },
];

/**
 * Every record, in each problem's seq order. The last four columns are the record exactly as its
 * hash covers it (action code, actor id, UTC time to the millisecond, the payload), so anyone can
 * recompute `hash = sha256(prevHash || canonical JSON)` from the sheet alone.
 */
export const RECORD_COLUMNS: Column[] = [
  { header: '问题编号', width: 10 },
  { header: '序号', width: 6 },
  { header: '操作', width: 12 },
  { header: '操作人', width: 16 },
  { header: '时间', width: 20 },
  { header: '说明', width: 48 },
  { header: '佐证材料', width: 66 },
  { header: '哈希', width: 66 },
  { header: '前一哈希', width: 66 },
  { header: '操作代码', width: 18 },
  { header: '操作人编号', width: 10 },
  { header: '时间(UTC)', width: 26 },
  { header: '变更内容(JSON)', width: 60 },
];

export interface MeasureJson {
  content: string;
  owner: string;
  deadline: string | null;
  deliverable: string;
  completed_on: string | null;
}

/** A problem as the export query returns it: dates as text, times already on the Beijing clock. */
export interface ProblemRow {
  id: string;
  unit_code: string;
  unit_name: string;
  description: string;
  scope: string;
  person_name: string | null;
  source: string;
  category: string;
  found_on: string;
  rectification_kind: string;
  responsible_leader: string;
  deadline: string | null;
  status: string;
  verified_at: string | null;
  ledger_seq: number;
  ledger_head: string | null;
  measures: MeasureJson[] | null;
  evidence: string[] | null;
  last_action: string | null;
  last_at: string | null;
  last_note: string | null;
}

export interface RecordRow {
  problem_id: string;
  seq: number;
  action: string;
  actor_id: number | null;
  actor_name: string | null;
  at_local: string;
  at_utc: string;
  note: string;
  evidence: string[] | null;
  hash: string;
  prev_hash: string;
  payload: string;
}

/** The Chinese label of an enum value, from the same i18n table the API's messages use (`status:OPEN` → 待整改). */
export function label(kind: string, value: string): string {
  return zhCN.fields[`${kind}:${value}`] ?? value;
}

/** Items numbered one per line when there are several; a single item plain. */
function numbered(items: string[]): string {
  return items.length === 1 ? items[0] : items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

function measureText(measure: MeasureJson): string {
  const notes = [
    measure.deliverable && `成果：${measure.deliverable}`,
    measure.deadline && `时限：${measure.deadline}`,
    measure.completed_on && `已完成：${measure.completed_on}`,
  ].filter(Boolean);
  return notes.length ? `${measure.content}（${notes.join('；')}）` : measure.content;
}

/** 进展: how many measures are done, and the latest step with its note. */
function progressText(row: ProblemRow, measures: MeasureJson[]): string {
  const parts: string[] = [];
  if (measures.length) parts.push(`措施完成 ${measures.filter((m) => m.completed_on).length}/${measures.length}`);
  if (row.last_action) {
    const step = `${row.last_at ?? ''} ${label('action', row.last_action)}`.trim();
    parts.push(row.last_note ? `${step}：${row.last_note}` : step);
  }
  return parts.join('；');
}

/** Sheet 1 (and the CSV): the cells of one problem, `index` being its 序号. */
export function problemCells(row: ProblemRow, index: number): Cell[] {
  const measures = row.measures ?? [];
  // Ids as numbers: shorter cells, and Excel sorts them as numbers.
  return [
    index,
    Number(row.id),
    row.unit_code,
    row.unit_name,
    row.description,
    row.scope === 'INDIVIDUAL' && row.person_name ? `${label('scope', row.scope)}（${row.person_name}）` : label('scope', row.scope),
    label('source', row.source),
    label('category', row.category),
    row.found_on,
    label('rectificationKind', row.rectification_kind),
    numbered(measures.map(measureText)),
    numbered(measures.map((m) => m.owner)),
    row.responsible_leader,
    row.deadline ?? '',
    progressText(row, measures),
    label('status', row.status),
    row.verified_at ?? '',
    (row.evidence ?? []).join('\n'),
    row.ledger_seq,
    row.ledger_head ?? '',
  ];
}

/** Sheet 2: one record. */
export function recordCells(row: RecordRow): Cell[] {
  return [
    Number(row.problem_id),
    row.seq,
    label('action', row.action),
    row.actor_name ?? '',
    row.at_local,
    row.note,
    (row.evidence ?? []).join('\n'),
    row.hash,
    row.prev_hash,
    row.action,
    row.actor_id,
    row.at_utc,
    row.payload,
  ];
}
