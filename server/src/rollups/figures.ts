import { ProblemCategory, ProblemScope, ProblemSource, ProblemStatus } from '../problems/problem.enums.js';
import { overdueSql } from '../problems/overdue.js';
import { SessionType } from '../sessions/session-type.js';

/**
 * Every rollup figure is a column of `rollup_own` (the unit's own facts) and of `rollup_subtree`
 * (the sum of `rollup_own` over the unit's subtree). Sums only: a figure that cannot be added up the
 * tree (a rate, a last date) is derived from these or kept on `rollup_own` alone.
 */
export interface FigureColumn {
  column: string;
  /** The own value, over the aliases of `OWN_FIGURES_SQL`. */
  own: string;
}

const snake = (value: string) => value.toLowerCase();
const count = (column: string, own: string): FigureColumn => ({ column, own: `coalesce(${own}, 0)` });

export const sessionColumn = (type: SessionType) => `sessions_${snake(type)}`;
export const scopeColumn = (scope: ProblemScope) => `problems_${snake(scope)}`;
export const sourceColumn = (source: ProblemSource) => `problems_source_${snake(source)}`;
export const categoryColumn = (category: ProblemCategory) => `problems_category_${snake(category)}`;
export const statusColumn = (status: ProblemStatus) => `problems_${snake(status)}`;

export const FIGURES: readonly FigureColumn[] = [
  { column: 'participating', own: 'u.participating::int' },
  { column: 'exempt', own: 'u.exempt::int' },
  { column: 'launched', own: '(u.participating AND u.launched_on IS NOT NULL)::int' },
  { column: 'complete', own: '(u.participating AND u.requirements_met)::int' },
  { column: 'behind', own: 'u.behind::int' },
  count('sessions', 's.sessions'),
  ...Object.values(SessionType).map((t) => count(sessionColumn(t), `s.${sessionColumn(t)}`)),
  count('hours', 's.hours'),
  count('expected_attendance', 's.expected_attendance'),
  count('actual_attendance', 's.actual_attendance'),
  count('problems', 'p.problems'),
  ...Object.values(ProblemScope).map((v) => count(scopeColumn(v), `p.${scopeColumn(v)}`)),
  ...Object.values(ProblemSource).map((v) => count(sourceColumn(v), `p.${sourceColumn(v)}`)),
  ...Object.values(ProblemCategory).map((v) => count(categoryColumn(v), `p.${categoryColumn(v)}`)),
  ...Object.values(ProblemStatus).map((v) => count(statusColumn(v), `p.${statusColumn(v)}`)),
  count('problems_overdue', 'p.problems_overdue'),
  count('institutional_fixes', 'f.institutional_fixes'),
  count('commitments', 'c.commitments'),
  count('commitments_done', 'c.commitments_done'),
  count('feedback', 'b.feedback'),
  count('feedback_replied', 'b.feedback_replied'),
];

export const COLUMNS = FIGURES.map((f) => f.column);

/**
 * A rollup row's figures as one text value, COLUMNS in order and comma-separated (every column is
 * NOT NULL, so concat_ws drops none; a missing row gives ''). A dashboard reads dozens of rows of
 * some fifty figures: the driver slicing and converting each as a column of its own was most of the
 * read's CPU; one string per row (see unpackFigures) costs a fraction of that, and less PostgreSQL time than JSON.
 */
export const packedFigures = (alias: string) => `concat_ws(',', ${COLUMNS.map((column) => `${alias}.${column}`).join(', ')})`;

/** Each column's position in COLUMNS: figures travel as numbers in that order. */
export const FIGURE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(COLUMNS.map((column, i) => [column, i]));

/**
 * The figures `packedFigures` wrote, in COLUMNS order; undefined for a missing row. Digits are read
 * in place: splitting the text and building an object keyed by column cost about 6 µs a row, the
 * larger part of a dashboard read of a few dozen units.
 */
export function unpackFigures(packed: unknown): number[] | undefined {
  if (typeof packed !== 'string' || packed === '') return undefined;
  const values = new Array<number>(COLUMNS.length);
  let start = 0;
  for (let i = 0; i < COLUMNS.length; i++) {
    let end = packed.indexOf(',', start);
    if (end < 0) end = packed.length;
    let value = 0;
    let at = start;
    for (; at < end; at++) {
      const digit = packed.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    // A fraction (hours, attendance) or a sign: the slow path.
    values[i] = at === end ? value : Number(packed.slice(start, end));
    start = end + 1;
  }
  return values;
}

/** The figures the weekly trend keeps. */
export const TREND_COLUMNS = [
  'participating',
  'launched',
  'complete',
  'sessions',
  'hours',
  'problems',
  'problems_rectified',
  'problems_verified',
  'problems_overdue',
] as const;

/**
 * The own figures of every (campaign, unit) pair in `rollup_dirty`, computed from the facts. One
 * statement for a handful of pairs (index lookups) and for all of them (hash aggregates).
 * Parameters: today, today again, and the last day a unit's latest session may fall on without being behind.
 * The rules match the ones the lists use: the same overdue SQL, the requirement checklist, participation.
 */
export const OWN_FIGURES_SQL = `
WITH d AS MATERIALIZED (SELECT campaign_id, organization_id FROM rollup_dirty),
s AS (
  SELECT x.campaign_id, x.organization_id, count(*) AS sessions,
         ${Object.values(SessionType)
           .map((t) => `count(*) FILTER (WHERE x.type = '${t}') AS ${sessionColumn(t)}`)
           .join(',\n         ')},
         sum(x.hours) AS hours, sum(x.expected_attendance) AS expected_attendance, sum(x.actual_attendance) AS actual_attendance,
         max(x.held_on) AS last_session_on
  FROM study_session x JOIN d USING (campaign_id, organization_id)
  WHERE x.deleted_at IS NULL
  GROUP BY 1, 2),
p AS (
  SELECT x.campaign_id, x.organization_id, count(*) AS problems,
         ${[
           ...Object.values(ProblemScope).map((v) => `count(*) FILTER (WHERE x.scope = '${v}') AS ${scopeColumn(v)}`),
           ...Object.values(ProblemSource).map((v) => `count(*) FILTER (WHERE x.source = '${v}') AS ${sourceColumn(v)}`),
           ...Object.values(ProblemCategory).map((v) => `count(*) FILTER (WHERE x.category = '${v}') AS ${categoryColumn(v)}`),
           ...Object.values(ProblemStatus).map((v) => `count(*) FILTER (WHERE x.status = '${v}') AS ${statusColumn(v)}`),
         ].join(',\n         ')},
         count(*) FILTER (WHERE ${overdueSql('x')}) AS problems_overdue
  FROM problem x JOIN d USING (campaign_id, organization_id)
  GROUP BY 1, 2),
f AS (
  SELECT x.campaign_id, x.organization_id, count(*) AS institutional_fixes
  FROM institutional_fix x JOIN d USING (campaign_id, organization_id) GROUP BY 1, 2),
c AS (
  SELECT x.campaign_id, x.organization_id, count(*) AS commitments, count(*) FILTER (WHERE x.status = 'DONE') AS commitments_done
  FROM commitment x JOIN d USING (campaign_id, organization_id) GROUP BY 1, 2),
b AS (
  SELECT x.campaign_id, x.organization_id, count(*) AS feedback, count(*) FILTER (WHERE x.replied_on IS NOT NULL) AS feedback_replied
  FROM feedback x JOIN d USING (campaign_id, organization_id) GROUP BY 1, 2),
u AS (
  SELECT d.campaign_id, d.organization_id, o.path <@ sc.path AS in_scope, coalesce(cu.exempt, false) AS exempt_flag, cu.launched_on,
         o.path <@ sc.path AND o.archived_at IS NULL AND NOT coalesce(cu.exempt, false) AS participating,
         (o.path <@ sc.path AND coalesce(cu.exempt, false) AND o.archived_at IS NULL) AS exempt,
         NOT EXISTS (
           SELECT 1 FROM requirement r
           WHERE r.campaign_id = d.campaign_id AND o.kind = ANY (r.applies_to)
             AND (CASE WHEN r.kind = 'SESSIONS'
                       THEN coalesce(CASE r.session_type ${Object.values(SessionType)
                         .map((t) => `WHEN '${t}' THEN s.${sessionColumn(t)}`)
                         .join(' ')} END, 0)
                       ELSE coalesce(p.problems, 0) END) < r.min_count) AS requirements_met,
         cam.status = 'ACTIVE' AND o.path <@ sc.path AND o.archived_at IS NULL AND NOT coalesce(cu.exempt, false)
           AND (cu.launched_on IS NULL OR s.last_session_on IS NULL OR s.last_session_on < ?::date OR coalesce(p.problems_overdue, 0) > 0) AS behind
  FROM d
  JOIN organization o ON o.id = d.organization_id
  JOIN campaign cam ON cam.id = d.campaign_id
  JOIN organization sc ON sc.id = cam.scope_id
  LEFT JOIN campaign_unit cu ON cu.campaign_id = d.campaign_id AND cu.organization_id = d.organization_id
  LEFT JOIN s ON s.campaign_id = d.campaign_id AND s.organization_id = d.organization_id
  LEFT JOIN p ON p.campaign_id = d.campaign_id AND p.organization_id = d.organization_id)
SELECT u.campaign_id, u.organization_id, u.in_scope, s.last_session_on,
       ${FIGURES.map((f) => `${f.own} AS ${f.column}`).join(',\n       ')}
FROM u
LEFT JOIN s ON s.campaign_id = u.campaign_id AND s.organization_id = u.organization_id
LEFT JOIN p ON p.campaign_id = u.campaign_id AND p.organization_id = u.organization_id
LEFT JOIN f ON f.campaign_id = u.campaign_id AND f.organization_id = u.organization_id
LEFT JOIN c ON c.campaign_id = u.campaign_id AND c.organization_id = u.organization_id
LEFT JOIN b ON b.campaign_id = u.campaign_id AND b.organization_id = u.organization_id`;

/** `a.x + b.x` style lists over every figure. */
export const eachColumn = (template: (column: string) => string, separator = ', ') => COLUMNS.map(template).join(separator);
