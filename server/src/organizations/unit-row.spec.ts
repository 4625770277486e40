import { describe, expect, it } from '@jest/globals';
import { unit } from './unit-row.js';

describe('unit', () => {
  it('keeps the milliseconds of a time sent as whole epoch microseconds, truncated as a timestamp’s text is', () => {
    const at = (microseconds: string) => unit({ id: 1, created_us: microseconds, updated_us: microseconds }).createdAt.toISOString();
    expect(at('1764041311123999')).toBe('2025-11-25T03:28:31.123Z');
    expect(at('1764041311123000')).toBe('2025-11-25T03:28:31.123Z');
    expect(at('1764041311000001')).toBe('2025-11-25T03:28:31.000Z');
  });
});
