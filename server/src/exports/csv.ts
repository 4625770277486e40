/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark; without one it guesses GBK and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell that spreadsheet software would run as a formula (OWASP "CSV injection"): one starting
 * with `=`, `+`, `-` or `@`, or with a TAB or CR, which some programs skip before looking again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | null | undefined;

/** Text that starts like a formula gets a leading `'`, which spreadsheets read as "this is text". */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, with quotes doubled. */
export function csvField(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  const text = typeof cell === 'number' ? String(cell) : neutralizeFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CRLF-terminated record. Numbers stay numbers: only text can smuggle a formula. */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}
