// The export worker: runs in a worker thread, from server/dist, or under Jest from source (Node
// strips the types, and export-job.ts lets its `.js` imports find the `.ts` files), so this file and
// what it imports use erasable TypeScript only: no enums, decorators or parameter properties.
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { type Cell, csvLine, UTF8_BOM } from './csv.js';
import {
  type Column,
  PROBLEM_COLUMNS,
  PROBLEM_SHEET,
  problemCells,
  type ProblemRow,
  RECORD_COLUMNS,
  RECORD_SHEET,
  recordCells,
  type RecordRow,
} from './ledger-layout.js';
import { type LedgerFilter, problemsQuery, recordsQuery, type SqlQuery } from './ledger-query.js';
import {
  addToLevel,
  figureFormats,
  LEVEL_COLUMNS,
  LEVEL_SHEET,
  levelCells,
  type LevelSums,
  levelTotals,
  type RollupReportJob,
  totalCells,
  UNIT_COLUMNS,
  UNIT_SHEET,
  unitCells,
  type UnitRow,
} from './rollup-report-layout.js';

/** The fix-up ledger as CSV or XLSX. */
export interface LedgerJob {
  kind: 'ledger';
  filter: LedgerFilter;
  format: 'xlsx' | 'csv';
  /** Report each problem's chain head and the cited evidence, for the evidence pack's manifest. */
  collect: boolean;
}

export type ExportJob = LedgerJob | RollupReportJob;

export interface ExportWorkerData {
  databaseUrl: string;
  /** From pg_export_snapshot() in the main thread's transaction: both read the same snapshot. */
  snapshot: string;
  job: ExportJob;
}

/** The main thread answers each batch with `go` once the reader has room; the worker runs at most one batch ahead. */
export type ToWorker = { type: 'go' };
export type FromWorker =
  { type: 'data'; chunk: Uint8Array } | { type: 'batch'; heads: [string, number, string | null][]; evidence: string[] } | { type: 'done' };

/** Rows per FETCH: big enough that round trips do not matter, small enough to hold at once. */
const BATCH = 2_000;
/** How much sheet XML may wait for the compressor before rows stop being added. */
const MAX_PENDING_BYTES = 1 << 20;
/** Fastest deflate: the export is CPU-bound on two cores, and level 1 is ~15% larger than the default 6 but much quicker. */
const DEFLATE_LEVEL = 1;
const HEADER_STYLE: Partial<ExcelJS.Style> = { font: { bold: true }, alignment: { vertical: 'middle' } };
const WRAP_STYLE: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };
/** Excel indents at most 15 levels; deeper units stay at 15. */
const MAX_INDENT = 15;

const port = parentPort!;
const { databaseUrl, snapshot, job } = workerData as ExportWorkerData;

/** Batches reported and not yet answered with `go`; one may be outstanding while the next is written. */
let unanswered = 0;
let answered: (() => void) | undefined;
port.on('message', (message: ToWorker) => {
  if (message.type !== 'go') return;
  unanswered--;
  answered?.();
});

function post(chunk: Buffer | string): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  const copy = new Uint8Array(bytes);
  port.postMessage({ type: 'data', chunk: copy } satisfies FromWorker, [copy.buffer]);
}

/** Reports a batch written; waits while the one before is still unanswered (the reader is behind). */
async function batchDone(heads: [string, number, string | null][] = [], evidence: string[] = []): Promise<void> {
  port.postMessage({ type: 'batch', heads, evidence } satisfies FromWorker);
  unanswered++;
  while (unanswered > 1) await new Promise<void>((resolve) => (answered = resolve));
}

async function* cursor<T>(client: pg.Client, name: string, query: SqlQuery): AsyncGenerator<T[]> {
  await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${query.text}`, query.values);
  const fetch = () => client.query(`FETCH ${BATCH} FROM ${name}`);
  // The next batch is fetched while this one is written: PostgreSQL and the worker overlap.
  for (let next = fetch(); ;) {
    const { rows } = await next;
    if (rows.length === 0) break;
    next = fetch();
    yield rows as T[];
  }
  await client.query(`CLOSE ${name}`);
}

async function writeCsv(client: pg.Client, job: LedgerJob): Promise<void> {
  post(UTF8_BOM + csvLine(PROBLEM_COLUMNS.map((column) => column.header)));
  let index = 0;
  for await (const rows of cursor<ProblemRow>(client, 'ledger_problems', problemsQuery(job.filter))) {
    post(rows.map((row) => csvLine(problemCells(row, ++index))).join(''));
    await batchDone();
  }
}

/** A streamed workbook whose bytes go to the main thread as they are compressed. */
function newWorkbook(): ExcelJS.stream.xlsx.WorkbookWriter {
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      post(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: DEFLATE_LEVEL } },
  });
  rememberStyleIds(workbook);
  return workbook;
}

/** exceljs queues each committed row for its compressor without waiting: wait here for it to catch up. */
async function caughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  while (pendingBytes(sheet) > MAX_PENDING_BYTES) await new Promise((resolve) => setTimeout(resolve, 2));
}

async function writeXlsx(client: pg.Client, job: LedgerJob): Promise<void> {
  const workbook = newWorkbook();
  const addSheet = (name: string, columns: Column[]) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    // Written when the sheet is committed, so it may be set now: filters on every header.
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    sheet.columns = columns.map((column) => ({ width: column.width, style: column.wrap ? WRAP_STYLE : undefined }));
    const header = sheet.addRow(columns.map((column) => column.header));
    header.eachCell((cell) => (cell.style = HEADER_STYLE));
    header.commit();
    return sheet;
  };
  const add = async (sheet: ExcelJS.Worksheet, rows: Cell[][]) => {
    // Empty text as no cell at all; text is written as text cells (t="str"), never as a formula.
    for (const cells of rows) sheet.addRow(cells.map((cell) => (cell === '' || cell === undefined ? null : cell))).commit();
    // exceljs queues each committed row for its compressor without waiting: wait here for it to catch up.
    while (pendingBytes(sheet) > MAX_PENDING_BYTES) await new Promise((resolve) => setTimeout(resolve, 2));
  };

  // Sheet 1, then sheet 2: a ZIP holds one part at a time, so a sheet started early would wait in memory.
  let sheet = addSheet(PROBLEM_SHEET, PROBLEM_COLUMNS);
  let index = 0;
  for await (const rows of cursor<ProblemRow>(client, 'ledger_problems', problemsQuery(job.filter))) {
    await add(
      sheet,
      rows.map((row) => problemCells(row, ++index)),
    );
    await batchDone(job.collect ? rows.map((row) => [row.id, row.ledger_seq, row.ledger_head ?? null]) : []);
  }
  sheet.commit();
  sheet = addSheet(RECORD_SHEET, RECORD_COLUMNS);
  for await (const rows of cursor<RecordRow>(client, 'ledger_records', recordsQuery(job.filter))) {
    await add(sheet, rows.map(recordCells));
    await batchDone([], job.collect ? rows.flatMap((row) => row.evidence ?? []) : []);
  }
  sheet.commit();
  await workbook.commit();
}

const TITLE_STYLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 14 }, alignment: { vertical: 'middle' } };
const SUBTITLE_STYLE: Partial<ExcelJS.Style> = { font: { color: { argb: 'FF606266' } }, alignment: { vertical: 'middle' } };
/** Title, subtitle, then the header: the rows above the data. */
const REPORT_HEAD_ROWS = 3;

/** A report sheet: the title and subtitle across the width, the bold header frozen (with the first `frozenColumns`), figures formatted. */
function reportSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Column[],
  job: RollupReportJob,
  frozenColumns: number,
) {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: frozenColumns, ySplit: REPORT_HEAD_ROWS }],
    // Printed as leaders read it: A4 landscape, as wide as the page.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.autoFilter = { from: { row: REPORT_HEAD_ROWS, column: 1 }, to: { row: REPORT_HEAD_ROWS, column: columns.length } };
  const formats = figureFormats();
  const firstFigure = columns.length - formats.length;
  sheet.columns = columns.map((column, index) => ({
    width: column.width,
    style: index >= firstFigure ? { numFmt: formats[index - firstFigure] } : undefined,
  }));
  for (const [text, style] of [
    [job.title, TITLE_STYLE],
    [job.subtitle, SUBTITLE_STYLE],
  ] as const) {
    const row = sheet.addRow([text]);
    row.height = style === TITLE_STYLE ? 24 : 18;
    row.getCell(1).style = style;
    sheet.mergeCells(row.number, 1, row.number, columns.length);
    row.commit();
  }
  const header = sheet.addRow(columns.map((column) => column.header));
  header.eachCell((cell) => (cell.style = HEADER_STYLE));
  header.commit();
  return sheet;
}

const cellValues = (cells: Cell[]) => cells.map((cell) => (cell === '' || cell === undefined ? null : cell));

/**
 * The leader's rollup report: sheet 1 a row per unit in tree order, the name indented by its level;
 * the levels are summed on the way, so sheet 2 (totals per level, then 合计) needs no second read.
 */
async function writeRollupReport(client: pg.Client, job: RollupReportJob): Promise<void> {
  const workbook = newWorkbook();
  const units = reportSheet(workbook, UNIT_SHEET, UNIT_COLUMNS, job, 3);
  const nameColumn = UNIT_COLUMNS.findIndex((column) => column.header === '单位') + 1;
  const levels: LevelSums[] = [];
  for await (const rows of cursor<UnitRow>(client, 'report_units', job.rows)) {
    for (const row of rows) {
      const added = units.addRow(cellValues(unitCells(row, job.columns)));
      if (row.level > 0) added.getCell(nameColumn).alignment = { indent: Math.min(row.level, MAX_INDENT) };
      added.commit();
      addToLevel(levels, row, job.columns);
    }
    await caughtUp(units);
    await batchDone();
  }
  units.commit();
  const totals = levelTotals(levels, job.columns);
  const sheet = reportSheet(workbook, LEVEL_SHEET, LEVEL_COLUMNS, job, 1);
  for (const level of totals.levels) sheet.addRow(cellValues(levelCells(level))).commit();
  const total = sheet.addRow(cellValues(totalCells(totals)));
  total.eachCell((cell) => (cell.font = { bold: true }));
  total.commit();
  sheet.commit();
  await workbook.commit();
}

async function run(): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // An identifier PostgreSQL made (hex and dashes); SET TRANSACTION SNAPSHOT takes no parameters.
    if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot}`);
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    if (job.kind === 'rollupReport') await writeRollupReport(client, job);
    else if (job.format === 'csv') await writeCsv(client, job);
    else await writeXlsx(client, job);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  port.postMessage({ type: 'done' } satisfies FromWorker);
}

// A failure is left unhandled: it ends the worker, and the main thread sees it as the worker's 'error'.
void run();

interface StyleRegistry {
  addStyleModel(model: unknown, cellType: number): number;
}

/**
 * exceljs finds a cell's style id by rendering the style to XML, for every cell: 40% of the time of
 * a million-row sheet. The ledger uses three styles, so each (style, cell type) is looked up once.
 */
function rememberStyleIds(writer: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (writer as unknown as { styles: StyleRegistry }).styles;
  const lookUp = styles.addStyleModel.bind(styles);
  const ids = new Map<string, number>();
  styles.addStyleModel = (model, cellType) => {
    const key = `${cellType}:${JSON.stringify(model ?? null)}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = lookUp(model, cellType)));
    return id;
  };
}

interface StreamState {
  length?: number;
}
interface SheetStream {
  /** Held until the ZIP starts this part (a sheet begun while the one before is still being compressed). */
  buffers?: { length: number }[];
  pipes?: { _writableState?: StreamState; _readableState?: StreamState }[];
}

/**
 * Bytes of sheet XML waiting in front of the compressor. exceljs 4.4 (pinned) exposes no
 * backpressure, so this reads the state of the sheet's stream and of the stream it pipes into.
 */
function pendingBytes(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { stream: SheetStream }).stream;
  const queue = stream.pipes?.[0];
  const held = (stream.buffers ?? []).reduce((sum, buffer) => sum + buffer.length, 0);
  return held + (queue?._writableState?.length ?? 0) + (queue?._readableState?.length ?? 0);
}
