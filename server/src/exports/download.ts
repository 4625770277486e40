import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

/** Characters no file system takes in a name (control characters are refused too). */
const UNSAFE_IN_NAME = '\\/:*?"<>|';

/** A unit's name as part of a file name: unsafe characters replaced, length kept sensible. */
export function fileNamePart(text: string): string {
  const safe = [...text].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || UNSAFE_IN_NAME.includes(c) ? '_' : c));
  return safe.join('').trim().slice(0, 80) || '_';
}

/**
 * `Content-Disposition` for a download with a Chinese name: the real name as RFC 5987 `filename*`
 * (UTF-8, percent-encoded, `'()*` included), and `fallback` (or the name made ASCII) for old clients.
 */
export function attachment(fileName: string, fallback = fileName): string {
  const ascii = fallback.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A streamed file's status and headers, sent at once: the client sees the download start before the first row is read. */
export function startDownload(
  response: Response,
  contentType: string,
  fileName: string,
  fallback: string,
  extra: Record<string, string> = {},
): void {
  response.status(200).set({
    'Content-Type': contentType,
    'Content-Disposition': attachment(fileName, fallback),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  response.flushHeaders();
}

/**
 * A download that failed. Before the headers left, the error is the answer; after, it is too late
 * for one, and cutting the connection tells the client the file is incomplete. Failures `expected`
 * (the client went away) are not logged.
 */
export function failDownload(response: Response, error: unknown, logger: Logger, expected: (error: unknown) => boolean): void {
  if (!response.headersSent) throw error;
  if (!expected(error)) logger.error(error instanceof Error ? error.stack : String(error));
  response.destroy();
}
