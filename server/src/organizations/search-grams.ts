/** Joins one row's grams into a single text so many rows' grams travel as one text[] parameter. */
export const GRAM_SEPARATOR = '\u001f';

/**
 * Unigrams and bigrams of a unit's name and code, lower-cased. A GIN index over them answers a
 * substring search from one Chinese character on; pg_trgm needs three characters and a UTF-8 word
 * locale, and a generated column computing them in SQL made bulk inserts four times slower.
 */
export function searchGramsOf(...texts: string[]): string[] {
  const grams = new Set<string>();
  for (const text of texts) {
    const chars = [...text.toLowerCase()];
    chars.forEach((char, i) => {
      if (!/\s/.test(char)) grams.add(char);
      const pair = char + (chars[i + 1] ?? '');
      if (i + 1 < chars.length && !/\s/.test(pair)) grams.add(pair);
    });
  }
  return [...grams];
}

/** Grams every match must contain: the bigrams of the needle, or the needle itself when one character. */
export function needleGrams(needle: string): string[] {
  const grams = searchGramsOf(needle);
  return [...needle].length === 1 ? grams : grams.filter((g) => [...g].length === 2);
}
