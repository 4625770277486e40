import { describe, expect, it } from '@jest/globals';
import { COLUMNS, FIGURE_INDEX, unpackFigures } from './figures.js';
import { RollupFigures } from './rollup.types.js';

/** What `packedFigures` sends: every column's value as PostgreSQL prints it, comma-joined. */
const packed = (values: Record<string, string>) => COLUMNS.map((column) => values[column] ?? '0').join(',');

describe('unpackFigures', () => {
  it('reads every column in order, whole numbers and fractions alike', () => {
    const values = unpackFigures(packed({ participating: '1204', sessions: '10884200', hours: '37.50', actual_attendance: '0.25' }));
    expect(values).toHaveLength(COLUMNS.length);
    expect(values?.[FIGURE_INDEX.participating]).toBe(1204);
    expect(values?.[FIGURE_INDEX.sessions]).toBe(10884200);
    expect(values?.[FIGURE_INDEX.hours]).toBe(37.5);
    expect(values?.[FIGURE_INDEX.actual_attendance]).toBe(0.25);
    expect(values?.[FIGURE_INDEX.exempt]).toBe(0);
  });

  it('reads the last column, which no comma ends', () => {
    const last = COLUMNS[COLUMNS.length - 1];
    expect(unpackFigures(packed({ [last]: '42' }))?.[FIGURE_INDEX[last]]).toBe(42);
  });

  it('reads a sign and an empty value as Number would', () => {
    const values = unpackFigures(packed({ behind: '-3', sessions: '' }));
    expect(values?.[FIGURE_INDEX.behind]).toBe(-3);
    expect(values?.[FIGURE_INDEX.sessions]).toBe(0);
  });

  it('gives nothing for a missing row', () => {
    expect(unpackFigures(null)).toBeUndefined();
    expect(unpackFigures('')).toBeUndefined();
  });
});

describe('RollupFigures', () => {
  it('derives the rates from the figures, and zero for an empty whole', () => {
    const figures = RollupFigures.ofSums({ participating: 8, complete: 2, problems: 10, problems_rectified: 3, problems_verified: 2 });
    expect(figures.completionRate).toBe(0.25);
    expect(figures.rectificationRate).toBe(0.5);
    expect(figures.verificationRate).toBe(0.2);
    expect(figures.attendanceRate).toBe(0);
    expect(RollupFigures.of(undefined).participating).toBe(0);
  });
});
