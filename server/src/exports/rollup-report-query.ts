import { UNIT_REST } from '../organizations/unit-row.js';
import type { SqlQuery } from './ledger-query.js';

/** The units a rollup report covers: one unit's subtree, or its first `depth` levels. */
export interface ReportScope {
  campaignId: number;
  unitId: number;
  /** Levels below the unit; null: the whole subtree. */
  depth: number | null;
}

/**
 * `units(id, level, sort_key)`: the report's units, walked down by parent id (the index on
 * (parent_id, code)), so `depth` levels read those levels only and never the subtree below them.
 * `sort_key` is the codes from the report's unit down to this one: ordered by it, each unit comes
 * before the units below it and siblings come by code, as the dashboard lists children.
 */
function unitsCte(scope: ReportScope, param: (value: unknown) => string): string {
  const limit = scope.depth === null ? '' : ` WHERE u.level < ${param(scope.depth)}::int`;
  return `units AS (
      SELECT id, 0 AS level, ARRAY[code::text] AS sort_key FROM organization WHERE id = ${param(scope.unitId)}
      UNION ALL
      SELECT c.id, u.level + 1, u.sort_key || c.code::text FROM units u JOIN organization c ON c.parent_id = u.id${limit})`;
}

const figures = (alias: string, prefix: string, columns: readonly string[], wrap = (x: string) => x) =>
  columns.map((column) => `${wrap(`${alias}.${column}`)} AS ${prefix}${column}`).join(', ');

/**
 * A row per unit in tree order (each unit followed by its subtree, siblings by code), with its subtree
 * figures (`s_…`) and its own (`o_…`), its level below the report's unit and its parent's name.
 * Units without a `rollup_subtree` row have no figures in the campaign and are left out, as the
 * dashboard leaves out such children. `limit`: the first rows only; `entity`: every column an
 * Organization is made of.
 */
export function reportRowsQuery(
  scope: ReportScope,
  columns: readonly string[],
  options: { limit?: number; entity?: boolean } = {},
): SqlQuery {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const units = unitsCte(scope, param);
  const campaign = param(scope.campaignId);
  const text = `WITH RECURSIVE ${units}
    SELECT o.id::text AS id, o.code, o.name, o.kind, u.level, o.archived_at IS NOT NULL AS archived, p.name AS parent_name,${options.entity ? `\n      ${UNIT_REST},` : ''}
      ${figures('s', 's_', columns)}, ${figures('w', 'o_', columns, (x) => `coalesce(${x}, 0)`)}
    FROM units u
    JOIN organization o ON o.id = u.id
    JOIN rollup_subtree s ON s.campaign_id = ${campaign} AND s.organization_id = o.id
    LEFT JOIN rollup_own w ON w.campaign_id = ${campaign} AND w.organization_id = o.id
    LEFT JOIN organization p ON p.id = o.parent_id
    ORDER BY u.sort_key${options.limit === undefined ? '' : ` LIMIT ${param(options.limit)}::int`}`;
  return { text, values };
}

/** Per level: how many units, and their own and subtree figures summed (for `levelTotals`). */
export function reportLevelsQuery(scope: ReportScope, columns: readonly string[]): SqlQuery {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const units = unitsCte(scope, param);
  const campaign = param(scope.campaignId);
  const text = `WITH RECURSIVE ${units}
    SELECT u.level, count(*)::int AS units,
      ${figures('s', 's_', columns, (x) => `sum(${x})`)}, ${figures('w', 'o_', columns, (x) => `coalesce(sum(${x}), 0)`)}
    FROM units u
    JOIN rollup_subtree s ON s.campaign_id = ${campaign} AND s.organization_id = u.id
    LEFT JOIN rollup_own w ON w.campaign_id = ${campaign} AND w.organization_id = u.id
    GROUP BY u.level ORDER BY u.level`;
  return { text, values };
}
