// Loaded by the export worker too, straight from source in tests (Node strips the types): erasable
// TypeScript only, no imports but types and the i18n table.
import type { Cell } from './csv.js';
import type { SqlQuery } from './ledger-query.js';
import { type Column, label } from './ledger-layout.js';

/**
 * The leader's rollup report (分级汇总表): a row per unit of a subtree with its subtree figures, and
 * the totals per level. Everything here is read from `rollup_subtree` and `rollup_own`; nothing is
 * counted again from the facts.
 */

export const UNIT_SHEET = '各单位';
export const LEVEL_SHEET = '分层合计';

/** The `rollup_own` / `rollup_subtree` columns the report sums and shows (the dashboard's figures). */
export const REPORT_FIGURES = [
  'participating',
  'exempt',
  'launched',
  'complete',
  'behind',
  'sessions',
  'hours',
  'expected_attendance',
  'actual_attendance',
  'problems',
  'problems_open',
  'problems_in_progress',
  'problems_rectified',
  'problems_verified',
  'problems_overdue',
  'institutional_fixes',
  'commitments',
  'commitments_done',
  'feedback',
  'feedback_replied',
] as const;

/** Figures by column name; a column the row lacks counts as zero. */
export type Sums = Record<string, number>;

type Format = 'count' | 'decimal' | 'rate';
interface FigureColumn extends Column {
  format: Format;
  /** The cell's number; null leaves the cell empty (a rate of nothing). */
  value: (f: Sums) => number | null;
}

const get = (f: Sums, column: string) => f[column] ?? 0;
const count = (header: string, column: string, width = 10): FigureColumn => ({
  header,
  width,
  format: 'count',
  value: (f) => get(f, column),
});
const ratio = (header: string, part: (f: Sums) => number, whole: string): FigureColumn => ({
  header,
  width: 9,
  format: 'rate',
  value: (f) => (get(f, whole) > 0 ? part(f) / get(f, whole) : null),
});

/**
 * The figures leaders watch, in the dashboard's order and with its labels: taking part, study,
 * 查摆 and 整改, what lasts, who needs a push. Rates are derived here (a rate cannot be summed).
 */
export const FIGURE_COLUMNS: FigureColumn[] = [
  count('参加单位', 'participating'),
  count('免于参加', 'exempt'),
  count('已启动', 'launched'),
  count('完成规定动作', 'complete', 12),
  ratio('完成率', (f) => get(f, 'complete'), 'participating'),
  count('滞后单位', 'behind'),
  count('学习活动', 'sessions'),
  { header: '学时', width: 10, format: 'decimal', value: (f) => get(f, 'hours') },
  count('应到人次', 'expected_attendance'),
  count('实到人次', 'actual_attendance'),
  ratio('参学率', (f) => get(f, 'actual_attendance'), 'expected_attendance'),
  count('查摆问题', 'problems'),
  count(label('status', 'OPEN'), 'problems_open'),
  count(label('status', 'IN_PROGRESS'), 'problems_in_progress'),
  count(label('status', 'RECTIFIED'), 'problems_rectified', 16),
  count(label('status', 'VERIFIED'), 'problems_verified'),
  count('逾期', 'problems_overdue', 8),
  ratio('整改率', (f) => get(f, 'problems_rectified') + get(f, 'problems_verified'), 'problems'),
  ratio('销号率', (f) => get(f, 'problems_verified'), 'problems'),
  count('制度建设', 'institutional_fixes'),
  count('惠民实事', 'commitments'),
  count('实事已办结', 'commitments_done', 11),
  count('群众意见', 'feedback'),
  count('意见已答复', 'feedback_replied', 11),
  ratio('意见办结率', (f) => get(f, 'feedback_replied'), 'feedback'),
];

/** Sheet 1: who the unit is, where it sits, then its subtree figures. */
export const UNIT_COLUMNS: Column[] = [
  { header: '层级', width: 6 },
  { header: '单位编码', width: 14 },
  { header: '单位', width: 36 },
  { header: '单位类别', width: 9 },
  { header: '上级单位', width: 28 },
  ...FIGURE_COLUMNS,
];

/** Sheet 2: one row per level, then 合计. */
export const LEVEL_COLUMNS: Column[] = [{ header: '层级', width: 22 }, { header: '单位数', width: 9 }, ...FIGURE_COLUMNS];

/** Excel number formats of the figure columns. */
export const NUMBER_FORMATS: Record<Format, string> = { count: '#,##0', decimal: '#,##0.0', rate: '0.0%' };
export const figureFormats = (): string[] => FIGURE_COLUMNS.map((column) => NUMBER_FORMATS[column.format]);

/** A unit row as the report query returns it: `s_<column>` its subtree figures, `o_<column>` its own. */
export interface UnitRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  /** Levels below the report's unit (0: the unit itself). */
  level: number;
  archived: boolean;
  parent_name: string | null;
  [figure: string]: unknown;
}

/** The `prefix`ed figures of a row as numbers (PostgreSQL sends bigint and numeric as text). */
export function sumsOf(row: Record<string, unknown>, prefix: 's_' | 'o_', columns: readonly string[]): Sums {
  const sums: Sums = {};
  for (const column of columns) sums[column] = Number(row[`${prefix}${column}`] ?? 0);
  return sums;
}

export const figureCells = (figures: Sums): Cell[] => FIGURE_COLUMNS.map((column) => column.value(figures));

/** Sheet 1: the cells of one unit (its subtree figures). */
export function unitCells(row: UnitRow, columns: readonly string[] = REPORT_FIGURES): Cell[] {
  return [
    row.level,
    row.code,
    row.archived ? `${row.name}（已撤销）` : row.name,
    label('kind', row.kind),
    row.parent_name ?? '',
    ...figureCells(sumsOf(row, 's_', columns)),
  ];
}

/** What is known of one level: its units, and their own and subtree figures summed. */
export interface LevelSums {
  level: number;
  units: number;
  own: Sums;
  subtree: Sums;
}

export interface LevelTotal {
  level: number;
  units: number;
  /** The figures of the units below this level are in this row too: the report stops here. */
  includesBelow: boolean;
  figures: Sums;
}

export interface LevelTotals {
  levels: LevelTotal[];
  /** Units in the report. */
  units: number;
  /** The levels added up: equal to the unit's subtree figures. */
  total: Sums;
}

/** Adds `row`'s own and subtree figures to its level. */
export function addToLevel(levels: LevelSums[], row: UnitRow, columns: readonly string[]): void {
  const sums = (levels[row.level] ??= { level: row.level, units: 0, own: {}, subtree: {} });
  sums.units++;
  for (const column of columns) {
    sums.own[column] = (sums.own[column] ?? 0) + Number(row[`o_${column}`] ?? 0);
    sums.subtree[column] = (sums.subtree[column] ?? 0) + Number(row[`s_${column}`] ?? 0);
  }
}

/** Hours are kept to one decimal; summing them as floats would show 10.299999999999999. */
const tidy = (sums: Sums): Sums => Object.fromEntries(Object.entries(sums).map(([column, value]) => [column, Math.round(value * 10) / 10]));

/**
 * The totals per level: each level holds its units' own figures, except the deepest, which holds
 * their subtree figures. Every unit's own figures are then counted exactly once, so the levels add
 * up to the unit's subtree figures even when `depth` cut the report short (the deepest row then
 * says it includes what lies below). Levels come without gaps: a unit's parent is one level up.
 */
export function levelTotals(sums: LevelSums[], columns: readonly string[]): LevelTotals {
  const present = sums.filter(Boolean).sort((a, b) => a.level - b.level);
  const deepest = present.at(-1)?.level;
  const levels = present.map((level): LevelTotal => {
    const last = level.level === deepest;
    const includesBelow = last && columns.some((column) => (level.subtree[column] ?? 0) !== (level.own[column] ?? 0));
    return { level: level.level, units: level.units, includesBelow, figures: tidy(last ? level.subtree : level.own) };
  });
  const total: Sums = {};
  for (const column of columns) total[column] = levels.reduce((sum, level) => sum + (level.figures[column] ?? 0), 0);
  return { levels, units: levels.reduce((sum, level) => sum + level.units, 0), total: tidy(total) };
}

/** 本级, 下1级, 下2级 … (含以下各级) */
export function levelName(level: number, includesBelow = false): string {
  const name = level === 0 ? '本级' : `下${level}级`;
  return includesBelow ? `${name}（含以下各级）` : name;
}

/** Sheet 2: one level. */
export const levelCells = (level: LevelTotal): Cell[] => [
  levelName(level.level, level.includesBelow),
  level.units,
  ...figureCells(level.figures),
];

/** Sheet 2's last row. */
export const totalCells = (totals: LevelTotals): Cell[] => ['合计', totals.units, ...figureCells(totals.total)];

/** What the report covers: the whole subtree, or the unit and `depth` levels below it. */
export const depthText = (depth: number | null): string => (depth === null ? '本级及以下全部单位' : `本级及以下 ${depth} 级`);

/** The worker's job for a rollup report, made in the main thread (the worker reads no enums or services). */
export interface RollupReportJob {
  kind: 'rollupReport';
  /** `reportRowsQuery`: a row per unit in tree order with `s_` and `o_` figures. */
  rows: SqlQuery;
  /** The figure columns the rows carry. */
  columns: readonly string[];
  /** Row 1: the campaign and what the report is. */
  title: string;
  /** Row 2: the unit, the levels covered and when. */
  subtitle: string;
}
