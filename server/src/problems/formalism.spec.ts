import { describe, expect, it } from '@jest/globals';
import { isConcreteDeliverable, signature, SIMILARITY_THRESHOLD, trigrams } from './formalism.js';

/** |A ∩ B| / |A ∪ B|: the score FlagService computes in SQL, here to calibrate the threshold on real texts. */
function similarity(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  const shared = b.filter((g) => set.has(g)).length;
  return shared / (a.length + b.length - shared);
}

const measure = '建立健全重大项目决策前调研论证制度，修订《政府投资项目管理办法》，杜绝“拍脑袋”决策';

describe('trigram similarity', () => {
  it('finds a copied measure with changed punctuation similar', () => {
    const copy = '建立健全重大项目决策前调研论证制度, 修订《政府投资项目管理办法》, 杜绝拍脑袋决策。';
    expect(similarity(trigrams(measure), trigrams(copy))).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
  });

  it('keeps a measure about something else far below the threshold', () => {
    expect(similarity(trigrams(measure), trigrams('组织党员干部赴红色教育基地开展现场教学两次'))).toBeLessThan(0.1);
  });

  it('finds a copy whose one word changed in a long text still similar, a rewrite not', () => {
    const long = `${measure}，由分管领导牵头，发改、财政、自然资源部门参与，每季度向党委报告一次进展并在门户网站公开整改结果`;
    expect(similarity(trigrams(long), trigrams(long.replace('每季度', '每月度')))).toBeGreaterThanOrEqual(0.9);
    expect(similarity(trigrams(measure), trigrams('修订管理办法'))).toBeLessThan(0.9);
  });

  it('gives near-identical texts a shared signature gram, and signatures are short', () => {
    const a = trigrams(measure);
    const b = trigrams(`${measure}。`);
    expect(signature(a).some((g) => signature(b).includes(g))).toBe(true);
    expect(signature(a).length).toBeLessThan(a.length / 4);
  });
});

describe('isConcreteDeliverable', () => {
  it.each(['修订《公务接待管理办法》', '整改报告1份', '召开3次专题组织生活会', '建立项目决策台账制度'])('accepts %s', (text) => {
    expect(isConcreteDeliverable(text)).toBe(true);
  });

  it.each(['', '加强学习', '进一步提高认识', '切实加强 深入推进'])('flags "%s"', (text) => {
    expect(isConcreteDeliverable(text)).toBe(false);
  });
});
