import { describe, expect, it } from '@jest/globals';
import { isCalendarDate, today } from './dates.js';

describe('campaign dates', () => {
  it('counts days in Beijing time', () => {
    expect(today(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
    expect(today(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
  });

  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(['2026-02-28', '2028-02-29'].every(isCalendarDate)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', '20260101', 20260101, null].some(isCalendarDate)).toBe(false);
  });
});
