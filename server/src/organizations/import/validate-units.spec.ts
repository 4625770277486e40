import { describe, expect, it } from '@jest/globals';
import { OrganizationKind } from '../organization-kind.js';
import { validateUnits, type ExistingUnit, type UnitRow } from './validate-units.js';

const row = (n: number, code: string, parentCode = '', kind = '党委', name = `单位${code}`, memberCount = ''): UnitRow => ({
  row: n,
  code,
  name,
  kind,
  parentCode,
  memberCount,
});

describe('validateUnits', () => {
  it('orders a valid file parents first whatever the row order', () => {
    const rows = [row(2, 'D', 'C', '党支部'), row(3, 'C', 'B'), row(4, 'B', 'A'), row(5, 'A'), row(6, 'E', 'A')];
    const { units, problems } = validateUnits(rows, new Map());
    expect(problems).toEqual([]);
    const position = new Map(units.map((u, i) => [u.code, i]));
    for (const unit of units) {
      if (unit.parentCode) expect(position.get(unit.parentCode)!).toBeLessThan(position.get(unit.code)!);
    }
    expect(units).toHaveLength(5);
  });

  it('accepts parents that already exist and refuses codes that do', () => {
    const existing = new Map<string, ExistingUnit>([
      ['ROOT', { id: 1, code: 'ROOT', path: '1', kind: OrganizationKind.COMMITTEE, archived: false }],
    ]);
    expect(validateUnits([row(2, 'X', 'ROOT')], existing).problems).toEqual([]);
    expect(validateUnits([row(2, 'ROOT')], existing).problems).toEqual([
      { row: 2, field: 'code', key: 'import/code-exists', params: { code: 'ROOT' } },
    ]);
  });

  it('names every unit of a cycle, including a self-contained loop of three', () => {
    const { units, problems } = validateUnits([row(2, 'A', 'C'), row(3, 'B', 'A'), row(4, 'C', 'B'), row(5, 'Z')], new Map());
    expect(units).toEqual([]);
    expect(problems.map((p) => [p.row, p.key])).toEqual([
      [2, 'import/cycle'],
      [3, 'import/cycle'],
      [4, 'import/cycle'],
    ]);
    expect(String(problems[0].params.codes)).toMatch(/A → .* → A|B → .* → B|C → .* → C/);
  });

  it('reads kinds by Chinese label or identifier and member counts Excel wrote as decimals', () => {
    const { units, problems } = validateUnits(
      [row(2, 'A', '', 'COMMITTEE', 'a', '12.0'), row(3, 'B', 'A', '党总支'), row(4, 'C', 'B', 'branch')],
      new Map(),
    );
    expect(problems).toEqual([]);
    expect(units.map((u) => [u.kind, u.memberCount])).toEqual([
      [OrganizationKind.COMMITTEE, 12],
      [OrganizationKind.GENERAL_BRANCH, 0],
      [OrganizationKind.BRANCH, 0],
    ]);
  });

  it('counts characters, not bytes, against the length limits', () => {
    expect(validateUnits([row(2, 'A', '', '党委', '党'.repeat(100))], new Map()).problems).toEqual([]);
    expect(validateUnits([row(2, 'A', '', '党委', '党'.repeat(101))], new Map()).problems[0].key).toBe('import/too-long');
  });
});
