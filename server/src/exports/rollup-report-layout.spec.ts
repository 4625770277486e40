import { describe, expect, it } from '@jest/globals';
import { COLUMNS } from '../rollups/figures.js';
import {
  addToLevel,
  FIGURE_COLUMNS,
  type LevelSums,
  levelCells,
  levelName,
  levelTotals,
  REPORT_FIGURES,
  totalCells,
  UNIT_COLUMNS,
  unitCells,
  type UnitRow,
} from './rollup-report-layout.js';

const COLUMNS_USED = ['participating', 'complete', 'hours', 'problems'];

/** A unit at `level` with its own figures and its subtree's, as the report query returns it. */
function row(level: number, own: Record<string, number>, subtree: Record<string, number> = own): UnitRow {
  const figures: Record<string, unknown> = {};
  for (const column of COLUMNS_USED) {
    figures[`o_${column}`] = own[column] ?? 0;
    // PostgreSQL sends numeric and bigint as text.
    figures[`s_${column}`] = String(subtree[column] ?? 0);
  }
  return { id: '1', code: 'C1', name: '测试党委', kind: 'COMMITTEE', level, archived: false, parent_name: null, ...figures };
}

describe('the rollup report layout', () => {
  it('reads only figures the rollup tables have', () => {
    expect(REPORT_FIGURES.filter((column) => !COLUMNS.includes(column))).toEqual([]);
    expect(UNIT_COLUMNS.slice(0, 5).map((column) => column.header)).toEqual(['层级', '单位编码', '单位', '单位类别', '上级单位']);
    expect(FIGURE_COLUMNS.map((column) => column.header)).toContain('已整改（待验收）');
  });

  it('writes a unit with its subtree figures, rates derived and empty when there is nothing to divide', () => {
    const cells = unitCells(
      { ...row(2, {}), s_participating: '4', s_complete: '3', s_problems: '0', archived: true, parent_name: '上级党委' },
      COLUMNS_USED,
    );
    expect(cells.slice(0, 5)).toEqual([2, 'C1', '测试党委（已撤销）', '党委', '上级党委']);
    const header = UNIT_COLUMNS.map((column) => column.header);
    expect(cells[header.indexOf('参加单位')]).toBe(4);
    expect(cells[header.indexOf('完成率')]).toBe(0.75);
    expect(cells[header.indexOf('整改率')]).toBeNull();
  });

  it('sums each level’s own figures and the deepest level’s subtree figures, so the levels add up to the unit’s subtree', () => {
    // The unit (own 1 problem) → two children (own 2 and 3) → a grandchild (own 4), the report cut at depth 1.
    const levels: LevelSums[] = [];
    addToLevel(levels, row(0, { problems: 1, hours: 0.1 }, { problems: 10, hours: 0.6 }), COLUMNS_USED);
    addToLevel(levels, row(1, { problems: 2, hours: 0.2 }, { problems: 6, hours: 0.5 }), COLUMNS_USED);
    addToLevel(levels, row(1, { problems: 3 }), COLUMNS_USED);
    const totals = levelTotals(levels, COLUMNS_USED);
    expect(totals.levels.map((level) => [level.level, level.units, level.includesBelow, level.figures.problems])).toEqual([
      [0, 1, false, 1],
      [1, 2, true, 9],
    ]);
    expect(totals.total).toMatchObject({ problems: 10, hours: 0.6 });
    expect(totals.units).toBe(3);
    expect(levelCells(totals.levels[1]).slice(0, 2)).toEqual(['下1级（含以下各级）', 2]);
    expect(totalCells(totals).slice(0, 2)).toEqual(['合计', 3]);
  });

  it('says nothing of levels below when the deepest units have nothing below them', () => {
    const levels: LevelSums[] = [];
    addToLevel(levels, row(0, { problems: 1 }, { problems: 3 }), COLUMNS_USED);
    addToLevel(levels, row(1, { problems: 2 }), COLUMNS_USED);
    const totals = levelTotals(levels, COLUMNS_USED);
    expect(totals.levels.map((level) => level.includesBelow)).toEqual([false, false]);
    expect(totals.total.problems).toBe(3);
    expect([levelName(0), levelName(2)]).toEqual(['本级', '下2级']);
  });

  it('has no levels and zero totals for a unit without figures', () => {
    expect(levelTotals([], COLUMNS_USED)).toEqual({
      levels: [],
      units: 0,
      total: { participating: 0, complete: 0, hours: 0, problems: 0 },
    });
  });
});
