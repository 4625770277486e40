/**
 * Overdue (逾期): past the problem's deadline or an open measure's, and not yet rectified. One rule
 * for lists, figures and rollups; the two `?` both take today. Kept apart from the services so the
 * rollups can use it without importing them.
 */
export const overdueSql = (p: string) => `(${p}.status IN ('OPEN', 'IN_PROGRESS') AND (${p}.deadline < ?::date OR EXISTS (
  SELECT 1 FROM problem_measure m WHERE m.problem_id = ${p}.id AND m.completed_on IS NULL AND m.deadline < ?::date)))`;
export const OVERDUE_SQL = overdueSql('p');
