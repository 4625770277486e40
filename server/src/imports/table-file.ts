import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** A column an import reads: its key, the header spellings people use, and whether it must be there. */
export interface TableColumn {
  key: string;
  aliases: string[];
  required: boolean;
}

/** One data row as written in the file; `row` is the spreadsheet row number (the header is row 1). */
export type TableRow = { row: number; [column: string]: string | number };

/** The whole file is unusable (row 0 of the report). */
export class TableFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
const normalize = (header: string) => header.trim().replace(/\s+/g, '').toLowerCase();

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

function toRows(table: string[][], columns: TableColumn[]): TableRow[] {
  const [header, ...body] = table;
  if (!header) throw new TableFileError('import/empty');
  const indexes = new Map<string, number>();
  header.forEach((cell, index) => {
    const column = columns.find((c) => [c.key, ...c.aliases].some((name) => normalize(name) === normalize(cell ?? '')));
    if (column && !indexes.has(column.key)) indexes.set(column.key, index);
  });
  const missing = columns.filter((c) => c.required && !indexes.has(c.key)).map((c) => c.key);
  if (missing.length) {
    throw new TableFileError('import/missing-columns', { columns: missing.join(', '), expected: columns.map((c) => c.key).join(', ') });
  }
  const rows: TableRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((cell) => !cell || !cell.trim())) return; // blank lines Excel leaves at the end
    const row: TableRow = { row: i + 2 };
    for (const column of columns) {
      const index = indexes.get(column.key);
      row[column.key] = index === undefined ? '' : (cells[index] ?? '').trim();
    }
    rows.push(row);
  });
  if (!rows.length) throw new TableFileError('import/empty');
  return rows;
}

export function parseCsv(bytes: Buffer, columns: TableColumn[]): TableRow[] {
  const { text } = decodeText(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let table: string[][];
  try {
    table = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    throw new TableFileError('import/unreadable', { reason: (error as Error).message });
  }
  return toRows(table, columns);
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
export async function parseXlsx(bytes: Buffer, columns: TableColumn[]): Promise<TableRow[]> {
  // Loaded on the first XLSX import, not at start-up: exceljs costs the server ~30 MB of RSS it would otherwise keep.
  const { default: excel } = await import('exceljs');
  const table: string[][] = [];
  try {
    const reader = new excel.stream.xlsx.WorkbookReader(Readable.from(bytes), {
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
    throw new TableFileError('import/unreadable', { reason: (error as Error).message });
  }
  return toRows(
    Array.from(table, (cells) => cells ?? []),
    columns,
  );
}

/** A CSV (any of the encodings above) or XLSX file, told apart by content, as rows of the given columns. */
export async function readTable(bytes: Buffer, columns: TableColumn[]): Promise<TableRow[]> {
  return isZip(bytes) ? parseXlsx(bytes, columns) : parseCsv(bytes, columns);
}
