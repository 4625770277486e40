/** The evidence types accepted, told apart by their first bytes, never by the file's name. */
export interface DetectedType {
  mediaType: string;
  extension: string;
}

const starts = (bytes: Buffer, signature: number[] | string, offset = 0) => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
};

// An Office Open XML file is a ZIP whose first entry is its content-type map; the folder names which kind.
function officeOpenXml(bytes: Buffer): DetectedType | undefined {
  const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).toString('latin1');
  if (!head.includes('[Content_Types].xml')) return undefined;
  if (head.includes('word/'))
    return { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
  if (head.includes('xl/')) return { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
  if (head.includes('ppt/'))
    return { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' };
  return undefined;
}

/** Images, PDF and Office documents; undefined for anything else (executables, scripts, archives). */
export function detectEvidenceType(bytes: Buffer): DetectedType | undefined {
  if (starts(bytes, [0xff, 0xd8, 0xff])) return { mediaType: 'image/jpeg', extension: 'jpg' };
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mediaType: 'image/png', extension: 'png' };
  if (starts(bytes, 'GIF87a') || starts(bytes, 'GIF89a')) return { mediaType: 'image/gif', extension: 'gif' };
  if (starts(bytes, 'RIFF') && starts(bytes, 'WEBP', 8)) return { mediaType: 'image/webp', extension: 'webp' };
  if (starts(bytes, '%PDF-')) return { mediaType: 'application/pdf', extension: 'pdf' };
  if (starts(bytes, 'PK\x03\x04')) return officeOpenXml(bytes);
  // Legacy .doc/.xls/.ppt share one container; their macros cannot run from a download link.
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { mediaType: 'application/x-ole-storage', extension: 'doc' };
  return undefined;
}
