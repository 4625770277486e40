/** Columns the import endpoint reads, in the order the template lists them. */
export const IMPORT_COLUMNS = ['code', 'name', 'kind', 'parentCode', 'memberCount'] as const;

const EXAMPLE_ROWS: readonly (readonly string[])[] = [
  ['ZY-XF', '西凤街道党工委', '党工委', 'ZY', '320'],
  ['ZY-XF-001', '西凤社区党支部', 'BRANCH', 'ZY-XF', '45'],
];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A UTF-8 CSV with a BOM, so that Excel on Windows opens the Chinese text correctly. */
export function importTemplateBlob(): Blob {
  const lines = [IMPORT_COLUMNS, ...EXAMPLE_ROWS].map((row) => row.map(csvCell).join(','));
  return new Blob(['\uFEFF', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
