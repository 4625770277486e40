/** The evidence types accepted, told apart by their content, never by the file's name. */
export interface DetectedType {
  mediaType: string;
  extension: string;
}

const starts = (bytes: Buffer, signature: number[] | string, offset = 0) => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
};

/** The names of a ZIP's entries, from its central directory (the authoritative list). */
function zipEntryNames(bytes: Buffer): string[] | undefined {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return undefined;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    names.push(bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const OOXML: [string, DetectedType][] = [
  ['word/', { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' }],
  ['xl/', { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' }],
  ['ppt/', { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' }],
];
// The parts an Office document is made of; anything else (an .exe, a script) means it is more than a document.
const OOXML_PART = /^(\[Content_Types\]\.xml|_rels\/[^/]*|docProps\/[^/]*|customXml\/.*|(word|xl|ppt)\/.*)$/;

// An Office Open XML file is a ZIP holding only document parts and a content-type map.
function officeOpenXml(bytes: Buffer): DetectedType | undefined {
  const names = zipEntryNames(bytes);
  if (!names?.includes('[Content_Types].xml') || !names.every((name) => OOXML_PART.test(name) && !name.includes('..'))) return undefined;
  return OOXML.find(([folder]) => names.some((name) => name.startsWith(folder)))?.[1];
}

// Legacy Word/Excel/PowerPoint files name their main stream in the container's directory (UTF-16);
// installers (.msi) and other OLE containers do not.
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OLE_DOCUMENT_STREAMS = ['WordDocument', 'Workbook', 'Book', 'PowerPoint Document'].map((name) => Buffer.from(name, 'utf16le'));

/** Images, PDF and Office documents; undefined for anything else (executables, installers, scripts, archives). */
export function detectEvidenceType(bytes: Buffer): DetectedType | undefined {
  if (starts(bytes, [0xff, 0xd8, 0xff])) return { mediaType: 'image/jpeg', extension: 'jpg' };
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mediaType: 'image/png', extension: 'png' };
  if (starts(bytes, 'GIF87a') || starts(bytes, 'GIF89a')) return { mediaType: 'image/gif', extension: 'gif' };
  if (starts(bytes, 'RIFF') && starts(bytes, 'WEBP', 8)) return { mediaType: 'image/webp', extension: 'webp' };
  if (starts(bytes, '%PDF-')) return { mediaType: 'application/pdf', extension: 'pdf' };
  if (starts(bytes, 'PK\x03\x04')) return officeOpenXml(bytes);
  if (starts(bytes, OLE) && OLE_DOCUMENT_STREAMS.some((name) => bytes.includes(name)))
    return { mediaType: 'application/msword', extension: 'doc' };
  return undefined;
}
