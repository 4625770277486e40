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
