import { createHash } from 'node:crypto';

/** Trigram similarity at or above this marks two texts of different units as copied (issue 5). */
export const SIMILARITY_THRESHOLD = 0.9;

/**
 * The character trigrams of a text, with punctuation and spaces removed and letters lower-cased.
 * Computed here rather than by pg_trgm: pg_trgm only takes word characters of the database locale,
 * and the embedded database runs without one (CJK text would give no trigrams at all).
 */
export function trigrams(text: string): string[] {
  const chars = [
    ...text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ''),
  ];
  if (chars.length === 0) return [];
  if (chars.length < 3) return [chars.join('')];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return [...grams];
}

// A fixed order that does not depend on the data, so every text picks its prefix the same way.
const rank = (gram: string) => createHash('md5').update(gram).digest('hex');

/**
 * Prefix filtering: two sets with similarity ≥ t share at least one of the first
 * |A| - ceil(t·|A|) + 1 grams of each (in one global order). An index over these few grams finds
 * every candidate without comparing a text with the whole campaign.
 */
export function signature(grams: readonly string[], threshold = SIMILARITY_THRESHOLD): string[] {
  const length = grams.length - Math.ceil(threshold * grams.length) + 1;
  return [...grams]
    .map((gram) => [rank(gram), gram] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(1, length))
    .map(([, gram]) => gram);
}

// Words that say how hard one will try, not what will exist afterwards.
const EMPTY_WORDS = /加强|提高|提升|进一步|认真|切实|深入|不断|努力|注重|强化|增强|坚持|持续|积极|严格|全面/g;

/**
 * A deliverable is concrete when, after the words of effort are taken out, something nameable is
 * left: a document, a rule, a count, a date (修订《公务接待管理办法》, 整改报告, 3次专题党课).
 */
export function isConcreteDeliverable(deliverable: string | null | undefined): boolean {
  const rest = (deliverable ?? '').replace(EMPTY_WORDS, '').replace(/[^\p{L}\p{N}《》]+/gu, '');
  return rest.length >= 2 && (/[《\d]/.test(rest) || rest.length >= 4);
}
