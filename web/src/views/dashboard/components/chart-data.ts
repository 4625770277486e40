import type { RollupChild, RollupWeek } from '@/api/rollups';

/** At most this many children in a per-child chart; the table lists them all. */
export const CHART_CHILDREN = 30;

/** Bar-chart height for `count` categories on the vertical axis: readable bars, no scrolling inside the chart. */
export const categoryChartHeight = (count: number) => Math.min(Math.max(count * 24 + 64, 220), CHART_CHILDREN * 24 + 64);

/** The children with the largest `by` first, at most CHART_CHILDREN (ties by the server's order). */
export function topChildren(children: readonly RollupChild[], by: (child: RollupChild) => number): RollupChild[] {
  return children
    .map((child, index) => ({ child, index }))
    .sort((a, b) => by(b.child) - by(a.child) || a.index - b.index)
    .slice(0, CHART_CHILDREN)
    .map((item) => item.child);
}

export interface WeeklyChange {
  /** The Monday the week starts on, MM-DD. */
  label: string;
  sessions: number;
  problems: number;
  rectified: number;
  verified: number;
  /** A stock, not a flow: overdue problems as the week ended. */
  overdue: number;
}

/**
 * The trend holds cumulative figures at each week's end; bars show what each week added. The first
 * week is there only to subtract from: pass one week more than shown.
 */
export function weeklyChanges(trend: readonly RollupWeek[]): WeeklyChange[] {
  return trend.slice(1).map((week, index) => {
    const before = trend[index];
    return {
      label: week.week.slice(5),
      sessions: week.sessions - before.sessions,
      problems: week.problems - before.problems,
      rectified: week.rectified - before.rectified,
      verified: week.verified - before.verified,
      overdue: week.overdue,
    };
  });
}
