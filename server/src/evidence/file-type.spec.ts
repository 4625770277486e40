import { describe, expect, it } from '@jest/globals';
import { detectEvidenceType } from './file-type.js';

const bytes = (...parts: (number[] | string | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** A stored (uncompressed) ZIP with the given entry names and empty contents. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

describe('detectEvidenceType', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['pdf', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    [
      'docx',
      zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'docProps/core.xml']),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'xlsx',
      zip(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['legacy doc', bytes(OLE, Buffer.alloc(512), Buffer.from('WordDocument', 'utf16le')), 'application/msword'],
  ])('recognises %s by content', (_name, content, mediaType) => {
    expect(detectEvidenceType(content)?.mediaType).toBe(mediaType);
  });

  it.each([
    ['a Windows executable', bytes('MZ', [0x90, 0x00], 'This program cannot be run in DOS mode')],
    ['an ELF binary', bytes([0x7f], 'ELF', [2, 1, 1])],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n')],
    ['a plain ZIP', zip(['payload.exe'])],
    ['a docx carrying an executable', zip(['[Content_Types].xml', 'word/document.xml', 'setup.exe'])],
    ['an MSI installer (OLE without a document stream)', bytes(OLE, Buffer.alloc(512), Buffer.from('SummaryInformation', 'utf16le'))],
    ['HTML', bytes('<html><script>alert(1)</script>')],
  ])('refuses %s', (_name, content) => {
    expect(detectEvidenceType(content)).toBeUndefined();
  });
});
