import { describe, expect, it } from '@jest/globals';
import {
  buildDemoCityTree,
  DEMO_CITY_CODE,
  DEMO_COUNTY_CODE,
  DEMO_SECRETARY_UNIT_CODE,
  type DemoUnit,
  type DemoUnitKind,
} from './city-tree.js';

const COUNTY_NAMES = [
  '中共昭通市昭阳区委员会',
  '中共鲁甸县委员会',
  '中共巧家县委员会',
  '中共盐津县委员会',
  '中共大关县委员会',
  '中共永善县委员会',
  '中共绥江县委员会',
  '中共镇雄县委员会',
  '中共彝良县委员会',
  '中共威信县委员会',
  '中共水富市委员会',
];

const KINDS: DemoUnitKind[] = ['COMMITTEE', 'LEADING_GROUP', 'WORKING_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH'];

describe('buildDemoCityTree', () => {
  const units = buildDemoCityTree();
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const childrenOf = (code: string | null): DemoUnit[] => units.filter((unit) => unit.parentCode === code);
  const depthOf = (unit: DemoUnit): number => {
    let depth = 1;
    for (let parent = unit.parentCode; parent !== null; parent = byCode.get(parent)!.parentCode) depth++;
    return depth;
  };
  const ancestorsOf = (unit: DemoUnit): string[] => {
    const codes: string[] = [];
    for (let parent = unit.parentCode; parent !== null; parent = byCode.get(parent)!.parentCode) codes.push(parent);
    return codes;
  };

  it('has about 2,000 units', () => {
    expect(units.length).toBeGreaterThanOrEqual(1800);
    expect(units.length).toBeLessThanOrEqual(2300);
  });

  it('gives every unit a unique ASCII code of at most 64 characters', () => {
    expect(byCode.size).toBe(units.length);
    for (const unit of units) expect(unit.code).toMatch(/^[A-Za-z0-9]{1,64}$/);
  });

  it('lists every parent before its children', () => {
    const seen = new Set<string>();
    for (const unit of units) {
      if (unit.parentCode !== null) expect(seen.has(unit.parentCode)).toBe(true);
      seen.add(unit.code);
    }
  });

  it('extends the parent code in each child code', () => {
    for (const unit of units) {
      if (unit.parentCode !== null) expect(unit.code.startsWith(unit.parentCode)).toBe(true);
    }
  });

  it('has exactly one root, the city committee', () => {
    const roots = childrenOf(null);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ code: DEMO_CITY_CODE, name: '中共昭通市委员会', kind: 'COMMITTEE' });
    expect(units[0]!.code).toBe(DEMO_CITY_CODE);
  });

  it('puts the 11 counties under the city in order', () => {
    const counties = childrenOf(DEMO_CITY_CODE).filter((unit) => unit.kind === 'COMMITTEE');
    expect(counties.map((unit) => unit.name)).toEqual(COUNTY_NAMES);
    expect(counties[0]!.code).toBe(DEMO_COUNTY_CODE);
  });

  it('gives the city and every county an organs working committee with departmental branches', () => {
    const counties = childrenOf(DEMO_CITY_CODE).filter((unit) => unit.kind === 'COMMITTEE');
    for (const code of [DEMO_CITY_CODE, ...counties.map((unit) => unit.code)]) {
      const working = childrenOf(code).filter((unit) => unit.kind === 'WORKING_COMMITTEE');
      expect(working).toHaveLength(1);
      expect(working[0]!.name).toMatch(/直属机关工作委员会$/);
      expect(childrenOf(working[0]!.code).length).toBeGreaterThanOrEqual(8);
    }
    expect(childrenOf(DEMO_CITY_CODE).map((unit) => unit.name)).toContain('中共昭通市人民政府党组');
  });

  it('uses real township names under 昭阳区', () => {
    const towns = childrenOf(DEMO_COUNTY_CODE)
      .filter((unit) => unit.kind === 'COMMITTEE')
      .map((unit) => unit.name);
    for (const town of ['凤凰街道', '龙泉街道', '太平街道', '旧圃镇', '大山包镇', '守望回族乡', '布嘎回族乡']) {
      expect(towns).toContain(`中共${town}委员会`);
    }
  });

  it('only uses known kinds, and no BRANCH or LEADING_GROUP has children', () => {
    const parents = new Set(units.map((unit) => unit.parentCode));
    for (const unit of units) {
      expect(KINDS).toContain(unit.kind);
      if (unit.kind === 'BRANCH' || unit.kind === 'LEADING_GROUP') expect(parents.has(unit.code)).toBe(false);
    }
    // Every kind appears, and some general branches have sub-branches.
    for (const kind of KINDS) expect(units.some((unit) => unit.kind === kind)).toBe(true);
    expect(units.some((unit) => unit.kind === 'GENERAL_BRANCH' && parents.has(unit.code))).toBe(true);
  });

  it('keeps names non-empty, at most 100 characters and unique among siblings', () => {
    const seen = new Set<string>();
    for (const unit of units) {
      expect(unit.name.trim()).toBe(unit.name);
      expect(unit.name.length).toBeGreaterThan(0);
      expect(unit.name.length).toBeLessThanOrEqual(100);
      const key = `${unit.parentCode}\u0000${unit.name}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('is at most 5 levels deep', () => {
    const depths = units.map(depthOf);
    expect(Math.max(...depths)).toBe(5);
  });

  it('has realistic integer member counts', () => {
    for (const unit of units) {
      expect(Number.isInteger(unit.memberCount)).toBe(true);
      expect(unit.memberCount).toBeGreaterThanOrEqual(0);
      if (unit.kind === 'BRANCH') {
        expect(unit.memberCount).toBeGreaterThanOrEqual(8);
        expect(unit.memberCount).toBeLessThanOrEqual(60);
      }
      if (unit.kind === 'GENERAL_BRANCH') {
        expect(unit.memberCount).toBeGreaterThanOrEqual(30);
        expect(unit.memberCount).toBeLessThanOrEqual(150);
      }
    }
    const root = byCode.get(DEMO_CITY_CODE)!;
    const countySum = childrenOf(DEMO_CITY_CODE).reduce((sum, unit) => sum + unit.memberCount, 0);
    expect(root.memberCount).toBeGreaterThanOrEqual(countySum);
  });

  it('is deterministic', () => {
    expect(buildDemoCityTree()).toEqual(units);
  });

  it('places the demo secretary in a village branch below 昭阳区', () => {
    const unit = byCode.get(DEMO_SECRETARY_UNIT_CODE)!;
    expect(unit).toBeDefined();
    expect(unit.kind).toBe('BRANCH');
    expect(unit.name).toMatch(/村党支部$/);
    expect(childrenOf(unit.code)).toHaveLength(0);
    // Village level: city → county → township → village.
    expect(depthOf(unit)).toBe(4);
    expect(ancestorsOf(unit)).toContain(DEMO_COUNTY_CODE);
    expect(byCode.get(unit.parentCode!)!.kind).toBe('COMMITTEE');
  });

  it('exports the county leader and city codes as units of the tree', () => {
    expect(byCode.get(DEMO_COUNTY_CODE)!.name).toBe('中共昭通市昭阳区委员会');
    expect(byCode.get(DEMO_CITY_CODE)!.parentCode).toBeNull();
  });
});
