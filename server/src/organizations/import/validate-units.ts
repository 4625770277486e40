import { canHaveChildren, OrganizationKind, parseOrganizationKind } from '../organization-kind.js';
import { ORGANIZATION_CODE_MAX, ORGANIZATION_NAME_MAX } from '../organization.entity.js';
import { CODE_PATTERN } from '../organization.inputs.js';
import type { RowProblem } from '../../imports/import-handler.js';

/** A row of a units file (see UNIT_COLUMNS). */
export interface UnitRow {
  row: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string;
  memberCount: string;
}

export interface ImportUnit {
  row: number;
  code: string;
  name: string;
  kind: OrganizationKind;
  parentCode: string | null;
  memberCount: number;
}

/** A unit already in the database that the file refers to (as a parent, or by reusing its code). */
export interface ExistingUnit {
  id: number;
  code: string;
  path: string;
  kind: OrganizationKind;
  archived: boolean;
}

export interface ValidationResult {
  /** Parents before children, ready to insert; empty when any row is bad. */
  units: ImportUnit[];
  problems: RowProblem[];
}

const MEMBER_COUNT = /^\d{1,8}$/;

/**
 * Checks every row before anything is written, and orders the good file parents first. All
 * problems are reported at once, each with its row, so a secretary can fix the sheet in one pass.
 */
export function validateUnits(
  rows: UnitRow[],
  existing: ReadonlyMap<string, ExistingUnit>,
  /** Whether the importer may place units under this existing unit (null: as new roots). */
  mayPlaceUnder: (parent: ExistingUnit | null) => boolean = () => true,
): ValidationResult {
  const problems: RowProblem[] = [];
  const report = (row: number, field: string | null, key: string, params: Record<string, string | number> = {}) =>
    problems.push({ row, field, key, params });

  const byCode = new Map<string, ImportUnit>();
  const parsed: ImportUnit[] = [];
  for (const raw of rows) {
    let ok = true;
    const fail = (field: string | null, key: string, params: Record<string, string | number> = {}) => {
      report(raw.row, field, key, params);
      ok = false;
    };
    if (!raw.code) fail('code', 'import/empty-code');
    else if ([...raw.code].length > ORGANIZATION_CODE_MAX) fail('code', 'import/too-long', { field: 'code', max: ORGANIZATION_CODE_MAX });
    else if (!CODE_PATTERN.test(raw.code)) fail('code', 'import/code-format', { code: raw.code });
    if (!raw.name) fail('name', 'import/empty-name');
    else if ([...raw.name].length > ORGANIZATION_NAME_MAX) fail('name', 'import/too-long', { field: 'name', max: ORGANIZATION_NAME_MAX });
    const kind = parseOrganizationKind(raw.kind);
    if (!kind) fail('kind', 'import/unknown-kind', { kind: raw.kind });
    if (raw.parentCode.length > ORGANIZATION_CODE_MAX)
      fail('parentCode', 'import/too-long', { field: 'parentCode', max: ORGANIZATION_CODE_MAX });
    else if (raw.parentCode && raw.parentCode === raw.code) fail('parentCode', 'import/self-parent');
    const memberText = raw.memberCount.replace(/\.0+$/, '');
    if (memberText && !MEMBER_COUNT.test(memberText)) fail('memberCount', 'import/member-count', { value: raw.memberCount });

    if (raw.code) {
      const first = byCode.get(raw.code);
      if (first) fail('code', 'import/duplicate-code', { code: raw.code, firstRow: first.row });
      else if (existing.has(raw.code)) fail('code', 'import/code-exists', { code: raw.code });
    }
    const unit: ImportUnit = {
      row: raw.row,
      code: raw.code,
      name: raw.name,
      kind: kind ?? OrganizationKind.BRANCH,
      parentCode: raw.parentCode || null,
      memberCount: memberText ? Number(memberText) : 0,
    };
    // A row reusing a code from the system is an error, and never shadows that unit as a parent.
    if (raw.code && !byCode.has(raw.code) && !existing.has(raw.code)) byCode.set(raw.code, unit);
    if (ok) parsed.push(unit);
  }

  // Parent checks need every row's code, so they run after the first pass.
  for (const unit of parsed) {
    if (!unit.parentCode) {
      if (!mayPlaceUnder(null)) report(unit.row, 'parentCode', 'import/root-not-allowed');
      continue;
    }
    const inFile = byCode.get(unit.parentCode);
    const inDb = inFile ? undefined : existing.get(unit.parentCode);
    const params = { parentCode: unit.parentCode };
    // A parent beyond the importer's reach reads exactly like one that does not exist.
    if (!inFile && (!inDb || !mayPlaceUnder(inDb))) report(unit.row, 'parentCode', 'import/unknown-parent', params);
    else if (inDb?.archived) report(unit.row, 'parentCode', 'import/parent-archived', params);
    else if (!canHaveChildren(inFile?.kind ?? inDb!.kind)) report(unit.row, 'parentCode', 'import/parent-is-branch', params);
  }

  const ordered = orderParentsFirst(parsed, byCode, report);
  problems.sort((a, b) => a.row - b.row);
  return { units: problems.length ? [] : ordered, problems };
}

/** Depth-first over the in-file parent links; a link that returns to a unit on the walk is a cycle. */
function orderParentsFirst(
  units: ImportUnit[],
  byCode: ReadonlyMap<string, ImportUnit>,
  report: (row: number, field: string | null, key: string, params: Record<string, string | number>) => void,
): ImportUnit[] {
  const state = new Map<string, 'walking' | 'done' | 'cycle'>();
  const ordered: ImportUnit[] = [];
  for (const start of units) {
    if (state.has(start.code)) continue;
    const walk: ImportUnit[] = [];
    let current: ImportUnit | undefined = start;
    while (current && !state.has(current.code)) {
      state.set(current.code, 'walking');
      walk.push(current);
      current = current.parentCode ? byCode.get(current.parentCode) : undefined;
    }
    if (current && state.get(current.code) === 'walking') {
      const cycle = walk.slice(walk.indexOf(current));
      const codes = [...cycle.map((u) => u.code), current.code].join(' → ');
      for (const unit of cycle) {
        state.set(unit.code, 'cycle');
        report(unit.row, 'parentCode', 'import/cycle', { codes });
      }
    }
    for (const unit of walk.reverse()) {
      if (state.get(unit.code) === 'walking') {
        state.set(unit.code, 'done');
        ordered.push(unit);
      }
    }
  }
  return ordered;
}
