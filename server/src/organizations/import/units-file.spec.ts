import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { decodeText, parseCsv, UnitsFileError } from './units-file.js';

describe('reading unit files', () => {
  const csv = 'code,name,kind,parentCode,memberCount\r\n5306,中共昭通市委员会,党委,,9000\r\n';

  it('detects GBK by invalid UTF-8 and reads it', () => {
    expect(decodeText(iconv.encode(csv, 'gbk'))).toEqual({ text: csv, encoding: 'gb18030' });
  });

  it('strips a UTF-8 BOM and reads UTF-16 written by Excel as Unicode text', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])).text).toBe(csv);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')])).text).toBe(csv);
  });

  it('numbers rows as the spreadsheet does and skips blank trailing lines', () => {
    const rows = parseCsv(Buffer.from(`${csv}\r\n5306A,市直机关工委,党工委,5306,\r\n,,,,\r\n`));
    expect(rows.map((r) => [r.row, r.code, r.parentCode])).toEqual([
      [2, '5306', ''],
      [4, '5306A', '5306'],
    ]);
  });

  it('reads tab-separated text and Chinese headers', () => {
    const rows = parseCsv(Buffer.from('单位代码\t单位名称\t类别\t上级单位代码\n1\t甲\t党委\t\n'));
    expect(rows[0]).toMatchObject({ code: '1', name: '甲', kind: '党委' });
  });

  it('names the missing columns', () => {
    expect(() => parseCsv(Buffer.from('code,title\n1,2\n'))).toThrow(UnitsFileError);
    try {
      parseCsv(Buffer.from('code,title\n1,2\n'));
    } catch (error) {
      expect((error as UnitsFileError).params).toEqual({ columns: 'name, kind, parentCode' });
    }
  });
});
