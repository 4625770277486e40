import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell } from './csv.js';
import { type Column, PROBLEM_COLUMNS, PROBLEM_SHEET, RECORD_COLUMNS, RECORD_SHEET } from './ledger-layout.js';

/** How much XML may wait for the compressor before rows stop being added: the bound on memory per export. */
const MAX_PENDING_BYTES = 1 << 20;
/** Fastest deflate: the export is CPU-bound on two cores, and level 1 is ~15% larger than the default 6 but much quicker. */
const DEFLATE_LEVEL = 1;

const HEADER_STYLE: Partial<ExcelJS.Style> = { font: { bold: true }, alignment: { vertical: 'middle' } };
const WRAP_STYLE: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };

/**
 * The XLSX export through exceljs' streaming writer: rows are written and compressed as they come,
 * sheet 1 (problems) first and then sheet 2 (records), since a ZIP holds one part at a time and a
 * second sheet written early would wait in memory. Text is written as text cells (`t="str"`),
 * never as formulas, whatever it starts with.
 */
export class LedgerWorkbook {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet;

  constructor(out: Writable) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
      zip: { zlib: { level: DEFLATE_LEVEL } },
    });
    this.sheet = this.addSheet(PROBLEM_SHEET, PROBLEM_COLUMNS);
  }

  private addSheet(name: string, columns: Column[]): ExcelJS.Worksheet {
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    // Written when the sheet is committed, so it may be set now: filters on every header.
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    sheet.columns = columns.map((column) => ({ width: column.width, style: column.wrap ? WRAP_STYLE : undefined }));
    const header = sheet.addRow(columns.map((column) => column.header));
    header.eachCell((cell) => (cell.style = HEADER_STYLE));
    header.commit();
    return sheet;
  }

  add(cells: readonly Cell[]): void {
    // Empty text as no cell at all, rather than an empty string cell.
    this.sheet.addRow(cells.map((cell) => (cell === '' || cell === undefined ? null : cell))).commit();
  }

  /** Ends sheet 1 and starts sheet 2. */
  startRecords(): void {
    this.sheet.commit();
    this.sheet = this.addSheet(RECORD_SHEET, RECORD_COLUMNS);
  }

  /**
   * Waits while compressed output is not keeping up (a slow client, or deflate behind the rows).
   * exceljs queues each committed row for its compressor without waiting, so this watches that queue.
   */
  async settle(closed: () => boolean): Promise<void> {
    while (pendingBytes(this.sheet) > MAX_PENDING_BYTES && !closed()) await new Promise((resolve) => setTimeout(resolve, 2));
  }

  /** Writes the remaining parts; resolves once the whole file has been handed to `out`. */
  async finish(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}

interface StreamState {
  length?: number;
}
interface QueueStream {
  pipes?: { _writableState?: StreamState; _readableState?: StreamState }[];
}

/**
 * Bytes of sheet XML waiting in front of the compressor. exceljs 4.4 (pinned) exposes no
 * backpressure, so this reads the state of the stream it pipes the sheet into.
 */
function pendingBytes(sheet: ExcelJS.Worksheet): number {
  const queue = (sheet as unknown as { stream: QueueStream }).stream.pipes?.[0];
  return (queue?._writableState?.length ?? 0) + (queue?._readableState?.length ?? 0);
}
