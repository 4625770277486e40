import { describe, expect, it } from '@jest/globals';
import { detectEvidenceType } from './file-type.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('detectEvidenceType', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['pdf', bytes('%PDF-1.7\n'), 'application/pdf'],
    [
      'docx',
      bytes('PK\x03\x04', 'xxxx[Content_Types].xml', 'PK\x03\x04word/document.xml'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
  ])('recognises %s by content', (_name, content, mediaType) => {
    expect(detectEvidenceType(content)?.mediaType).toBe(mediaType);
  });

  it.each([
    ['a Windows executable', bytes('MZ', [0x90, 0x00], 'This program cannot be run in DOS mode')],
    ['an ELF binary', bytes([0x7f], 'ELF', [2, 1, 1])],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n')],
    ['a plain ZIP', bytes('PK\x03\x04', 'payload.exe')],
    ['HTML', bytes('<html><script>alert(1)</script>')],
  ])('refuses %s', (_name, content) => {
    expect(detectEvidenceType(content)).toBeUndefined();
  });
});
