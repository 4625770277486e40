import { MyExportsDocument, type MyExportsQuery, type ProblemStatus } from '@/gql/graphql';
import { authHeaders, checkSession, networkError, request, ApiError, type ApiErrorExtensions } from './client';

export type { ExportFormat, ExportKind } from '@/gql/graphql';

export type ExportPage = MyExportsQuery['myExports'];
export type LedgerExport = ExportPage['edges'][number]['node'];

/** The caller's own exports (ledgers and rollup reports), newest first. */
export async function listMyExports(page: { first?: number; after?: string | null } = {}): Promise<ExportPage> {
  return (await request(MyExportsDocument, { first: page.first ?? 20, after: page.after ?? null })).myExports;
}

/** `ledger.xlsx`, `ledger.csv` or `ledger.zip` (the evidence pack). */
export type LedgerFile = 'xlsx' | 'csv' | 'zip';

export interface LedgerExportFilter {
  campaignId: string;
  organizationId: string;
  /** Found on or after, YYYY-MM-DD. */
  from?: string | null;
  /** Found on or before, YYYY-MM-DD. */
  to?: string | null;
  statuses?: readonly ProblemStatus[];
}

export interface ExportProgress {
  /** Bytes received so far. */
  received: number;
  /** From the response headers, before the first byte of the file. */
  problems: number | null;
  records: number | null;
}

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** The name in `Content-Disposition` (RFC 5987 `filename*` first). */
function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads the ledger with the session token (a bare link would not carry it), reading the stream
 * so the page can show progress: bytes as they arrive, and the problem and record counts the
 * server sends ahead in `X-Total-Problems` / `X-Total-Records`.
 */
export async function downloadLedger(
  file: LedgerFile,
  filter: LedgerExportFilter,
  onProgress: (progress: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  const query = new URLSearchParams({ campaignId: filter.campaignId, organizationId: filter.organizationId });
  if (filter.from) query.set('from', filter.from);
  if (filter.to) query.set('to', filter.to);
  for (const status of filter.statuses ?? []) query.append('status', status);
  return download(`/api/exports/ledger.${file}?${query}`, `ledger.${file}`, onProgress, signal);
}

export interface RollupReportFilter {
  campaignId: string;
  organizationId: string;
  /** Levels below the unit; absent: the whole subtree. */
  depth?: number | null;
}

/** The leader's rollup report (分级汇总表) as Excel: a row per unit of the subtree, and the totals per level. */
export async function downloadRollupReport(
  filter: RollupReportFilter,
  onProgress: (progress: ExportProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  const query = new URLSearchParams({ campaignId: filter.campaignId, organizationId: filter.organizationId });
  if (filter.depth) query.set('depth', String(filter.depth));
  return download(`/api/exports/rollup.xlsx?${query}`, 'rollup-report.xlsx', onProgress, signal);
}

/** GETs an export with the session token, reporting bytes (and the totals sent ahead in the headers) as they arrive. */
async function download(
  url: string,
  fallbackName: string,
  onProgress: (progress: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  const auth = authHeaders();
  let response: Response;
  try {
    response = await fetch(url, { headers: auth, signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw networkError(cause);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ({ message?: string } & ApiErrorExtensions) | null;
    if (!body?.message) throw networkError(undefined, response.status);
    const extensions: ApiErrorExtensions = { code: body.code, messages: body.messages, field: body.field, key: body.key };
    const error = new ApiError([{ message: body.message, extensions }], response.status);
    checkSession(error, 'authorization' in auth);
    throw error;
  }
  const count = (name: string) => {
    const value = response.headers.get(name);
    return value === null ? null : Number(value);
  };
  const progress: ExportProgress = { received: 0, problems: count('x-total-problems'), records: count('x-total-records') };
  onProgress({ ...progress });
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    progress.received += value.length;
    onProgress({ ...progress });
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  return {
    blob: new Blob(chunks as BlobPart[], { type }),
    fileName: fileNameOf(response.headers.get('content-disposition'), fallbackName),
  };
}

/** Hands a downloaded file to the browser's save dialog through a temporary object URL. */
export function saveFile({ blob, fileName }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
