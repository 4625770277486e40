import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { decodeText, parseCsv, TableFileError, type TableColumn } from './table-file.js';

const COLUMNS: TableColumn[] = [
  { key: 'code', aliases: ['单位代码'], required: true },
  { key: 'name', aliases: ['单位名称'], required: true },
  { key: 'kind', aliases: ['类别'], required: true },
  { key: 'parentCode', aliases: ['上级单位代码'], required: true },
  { key: 'memberCount', aliases: ['党员数'], required: false },
];

describe('reading import tables', () => {
  const csv = 'code,name,kind,parentCode,memberCount\r\n5306,中共昭通市委员会,党委,,9000\r\n';

  it('detects GBK by invalid UTF-8 and reads it', () => {
    expect(decodeText(iconv.encode(csv, 'gbk'))).toEqual({ text: csv, encoding: 'gb18030' });
  });

  it('strips a UTF-8 BOM and reads UTF-16 written by Excel as Unicode text', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])).text).toBe(csv);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')])).text).toBe(csv);
  });

  it('numbers rows as the spreadsheet does and skips blank lines', () => {
    const rows = parseCsv(Buffer.from(`${csv}\r\n5306A,市直机关工委,党工委,5306,\r\n,,,,\r\n`), COLUMNS);
    expect(rows.map((r) => [r.row, r.code, r.parentCode])).toEqual([
      [2, '5306', ''],
      [4, '5306A', '5306'],
    ]);
  });

  it('reads tab-separated text, Chinese headers, and leaves an optional column empty', () => {
    const rows = parseCsv(Buffer.from('单位代码\t单位名称\t类别\t上级单位代码\n1\t甲\t党委\t\n'), COLUMNS);
    expect(rows[0]).toEqual({ row: 2, code: '1', name: '甲', kind: '党委', parentCode: '', memberCount: '' });
  });

  it('names the missing columns', () => {
    expect(() => parseCsv(Buffer.from('code,title\n1,2\n'), COLUMNS)).toThrow(TableFileError);
    try {
      parseCsv(Buffer.from('code,title\n1,2\n'), COLUMNS);
    } catch (error) {
      expect((error as TableFileError).params.columns).toBe('name, kind, parentCode');
    }
  });
});
