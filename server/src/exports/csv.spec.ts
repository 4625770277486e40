import { describe, expect, it } from '@jest/globals';
import { csvField, csvLine, neutralizeFormula } from './csv.js';
import { attachment, fileNamePart } from './download.js';

describe('CSV cells', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","点我")'])('turns %j into text', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(neutralizeFormula('整改措施已落实')).toBe('整改措施已落实');
    expect(neutralizeFormula('1+1=2')).toBe('1+1=2');
    expect(csvField(-5)).toBe('-5');
  });

  it('quotes by RFC 4180', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', '两行\n文本', null, 3])).toBe('a,"b,c","say ""hi""","两行\n文本",,3\r\n');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
  });
});

describe('download names', () => {
  it('keeps the Chinese name in filename* and an ASCII fallback', () => {
    expect(attachment('整改台账-昭阳区-20261125.xlsx')).toBe(
      `attachment; filename="____-___-20261125.xlsx"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6-%E6%98%AD%E9%98%B3%E5%8C%BA-20261125.xlsx`,
    );
    expect(attachment('整改台账-昭阳区-20261125.csv', 'ledger-530602-20261125.csv')).toMatch(
      /^attachment; filename="ledger-530602-20261125.csv"; /,
    );
    expect(attachment(`a'(b)*.csv`)).toContain(`filename*=UTF-8''a%27%28b%29%2A.csv`);
    expect(attachment('a"b\\c%.csv')).toContain('filename="a_b_c_.csv"');
  });

  it('replaces characters a file system refuses', () => {
    expect(fileNamePart(' 中共/某*县委:员会? ')).toBe('中共_某_县委_员会_');
  });
});
