import { describe, expect, it } from '@jest/globals';
import { needleGrams, searchGramsOf } from './search-grams.js';

describe('search grams', () => {
  it('holds every character and every adjacent pair of name and code, lower-cased', () => {
    expect(searchGramsOf('龙泉社区', 'AB1').sort()).toEqual(
      ['1', 'a', 'ab', 'b', 'b1', '区', '泉', '泉社', '社', '社区', '龙', '龙泉'].sort(),
    );
  });

  it('never pairs across whitespace or across name and code', () => {
    const grams = searchGramsOf('甲 乙', 'X');
    expect(grams).not.toContain('甲 ');
    expect(grams).not.toContain(' 乙');
    expect(grams).not.toContain('乙x');
  });

  it('keeps characters outside the basic plane whole', () => {
    expect(searchGramsOf('𠀋村')).toEqual(['𠀋', '𠀋村', '村']);
  });

  it('asks for the bigrams of a longer needle, so every match contains them all', () => {
    const haystack = new Set(searchGramsOf('中共昭通市昭阳区委员会'));
    for (const needle of ['昭', '昭阳', '阳区委', '昭通市昭阳区委员会']) {
      expect(needleGrams(needle).every((g) => haystack.has(g))).toBe(true);
    }
    expect(needleGrams('昭阳区')).toEqual(['昭阳', '阳区']);
  });
});
