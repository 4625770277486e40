import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export const UNIT_COLUMNS = ['code', 'name', 'kind', 'parentCode', 'memberCount'] as const;
export type UnitColumn = (typeof UNIT_COLUMNS)[number];

/** One data row as written in the file; `row` is the spreadsheet row number (the header is row 1). */
export type RawUnitRow = { row: number } & Record<UnitColumn, string>;

export class UnitsFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** Header spellings seen in the sheets units keep, Chinese and English. */
const HEADER_ALIASES: Record<string, UnitColumn> = {
  code: 'code',
  单位代码: 'code',
  组织代码: 'code',
  代码: 'code',
  name: 'name',
  单位名称: 'name',
  组织名称: 'name',
  名称: 'name',
  kind: 'kind',
  类别: 'kind',
  单位类别: 'kind',
  组织类别: 'kind',
  parentcode: 'parentCode',
  上级代码: 'parentCode',
  上级单位代码: 'parentCode',
  上级组织代码: 'parentCode',
  membercount: 'memberCount',
  党员数: 'memberCount',
  党员人数: 'memberCount',
};

const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

/**
 * Decodes CSV text: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and
 * otherwise GB18030, a superset of the GBK that Excel in China writes. Invalid UTF-8 is the tell.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

function columnIndexes(header: string[]): Map<UnitColumn, number> {
  const indexes = new Map<UnitColumn, number>();
  header.forEach((cell, index) => {
    const column = HEADER_ALIASES[cell.trim().replace(/\s+/g, '').toLowerCase()] ?? HEADER_ALIASES[cell.trim()];
    if (column && !indexes.has(column)) indexes.set(column, index);
  });
  const missing = UNIT_COLUMNS.filter((c) => c !== 'memberCount' && !indexes.has(c));
  if (missing.length) throw new UnitsFileError('import/missing-columns', { columns: missing.join(', ') });
  return indexes;
}

function toRows(table: string[][], firstRowNumber = 1): RawUnitRow[] {
  const [header, ...body] = table;
  if (!header) throw new UnitsFileError('import/empty');
  const indexes = columnIndexes(header);
  const rows: RawUnitRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((cell) => !cell || !cell.trim())) return; // blank lines Excel leaves at the end
    const value = (column: UnitColumn) => {
      const index = indexes.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    rows.push({
      row: firstRowNumber + 1 + i,
      code: value('code'),
      name: value('name'),
      kind: value('kind'),
      parentCode: value('parentCode'),
      memberCount: value('memberCount'),
    });
  });
  if (!rows.length) throw new UnitsFileError('import/empty');
  return rows;
}

export function parseCsv(bytes: Buffer): RawUnitRow[] {
  const { text } = decodeText(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let table: string[][];
  try {
    table = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    throw new UnitsFileError('import/unreadable', { reason: (error as Error).message });
  }
  return toRows(table);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** Reads the first worksheet as a stream, so a large workbook is never held as a whole. */
export async function parseXlsx(bytes: Buffer): Promise<RawUnitRow[]> {
  const table: string[][] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    });
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const cells: string[] = [];
        (row as ExcelJS.Row).eachCell({ includeEmpty: true }, (cell, column) => {
          cells[column - 1] = cellText(cell.value);
        });
        table[(row as ExcelJS.Row).number - 1] = Array.from(cells, (c) => c ?? '');
      }
      break;
    }
  } catch (error) {
    throw new UnitsFileError('import/unreadable', { reason: (error as Error).message });
  }
  return toRows(Array.from(table, (cells) => cells ?? []));
}

export async function parseUnitsFile(bytes: Buffer): Promise<RawUnitRow[]> {
  return isZip(bytes) ? parseXlsx(bytes) : parseCsv(bytes);
}
