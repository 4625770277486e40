import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';

/**
 * The evidence pack's container: a ZIP in one canonical form that this file both writes and
 * checks. Entries are STORED (not deflated): the ledger is an XLSX (deflated already) and evidence
 * is photos, PDFs and Office files, so compression would gain little, while stored bytes are the
 * files themselves, covered by their sha256. Every other byte of the archive is either a constant
 * of this form or a value written twice (local header and directory), so `readZip` rebuilds the
 * headers from the directory and a changed byte anywhere fails a check that names its entry.
 * Standard tools (unzip, 7-Zip, Windows, macOS, Python) read it through the central directory.
 */

const LOCAL_SIGNATURE = 0x04034b50;
const DESCRIPTOR_SIGNATURE = 0x08074b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
/** Bit 3: sizes and CRC follow the data (the ledger is streamed); bit 11: names are UTF-8. */
const FLAGS = 0x0808;
const VERSION = 20;
const VERSION_ZIP64 = 45;
/** Made by UNIX, spec 4.5, so extractors give files rw-r--r--. */
const MADE_BY = (3 << 8) | VERSION_ZIP64;
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const LOCAL_FIXED = 30;
const DESCRIPTOR_SIZE = 16;
const CENTRAL_FIXED = 46;
const END_SIZE = 22;
const ZIP64_END_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;

export interface ZipEntry {
  name: string;
  /** Where its local header starts. */
  offset: number;
  crc32: number;
  size: number;
  /** MS-DOS time and date fields. */
  time: number;
  date: number;
}

/** MS-DOS time and date of `instant` on the Beijing wall clock (the fields carry no zone). */
export function dosTime(instant: Date): { time: number; date: number } {
  const t = new Date(instant.getTime() + 8 * 3600_000);
  return {
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1),
    date: ((Math.max(t.getUTCFullYear(), 1980) - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
  };
}

const zip64Offset = (entry: ZipEntry) => entry.offset >= MAX32;
const versionNeeded = (entry: ZipEntry) => (zip64Offset(entry) ? VERSION_ZIP64 : VERSION);

function localHeader(entry: ZipEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const header = Buffer.alloc(LOCAL_FIXED);
  header.writeUInt32LE(LOCAL_SIGNATURE, 0);
  header.writeUInt16LE(versionNeeded(entry), 4);
  header.writeUInt16LE(FLAGS, 6);
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt16LE(entry.time, 10);
  header.writeUInt16LE(entry.date, 12);
  // CRC and sizes (14-25) stay zero: the data descriptor carries them.
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function dataDescriptor(entry: ZipEntry): Buffer {
  const descriptor = Buffer.alloc(DESCRIPTOR_SIZE);
  descriptor.writeUInt32LE(DESCRIPTOR_SIGNATURE, 0);
  descriptor.writeUInt32LE(entry.crc32, 4);
  descriptor.writeUInt32LE(entry.size, 8);
  descriptor.writeUInt32LE(entry.size, 12);
  return descriptor;
}

function centralHeader(entry: ZipEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const extra = Buffer.alloc(zip64Offset(entry) ? 12 : 0);
  if (extra.length) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(BigInt(entry.offset), 4);
  }
  const header = Buffer.alloc(CENTRAL_FIXED);
  header.writeUInt32LE(CENTRAL_SIGNATURE, 0);
  header.writeUInt16LE(MADE_BY, 4);
  header.writeUInt16LE(versionNeeded(entry), 6);
  header.writeUInt16LE(FLAGS, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(entry.time, 12);
  header.writeUInt16LE(entry.date, 14);
  header.writeUInt32LE(entry.crc32, 16);
  header.writeUInt32LE(entry.size, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // Comment length, disk, internal attributes (32-37) stay zero.
  header.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  header.writeUInt32LE(zip64Offset(entry) ? MAX32 : entry.offset, 42);
  return Buffer.concat([header, name, extra]);
}

/** The end-of-archive records; ZIP64 ones only when a count or an offset outgrows the classic fields. */
function endRecords(count: number, directoryOffset: number, directorySize: number): Buffer {
  const zip64 = count >= MAX16 || directoryOffset >= MAX32 || directorySize >= MAX32;
  const end = Buffer.alloc(END_SIZE);
  end.writeUInt32LE(END_SIGNATURE, 0);
  end.writeUInt16LE(Math.min(count, MAX16), 8);
  end.writeUInt16LE(Math.min(count, MAX16), 10);
  end.writeUInt32LE(Math.min(directorySize, MAX32), 12);
  end.writeUInt32LE(Math.min(directoryOffset, MAX32), 16);
  if (!zip64) return end;
  const record = Buffer.alloc(ZIP64_END_SIZE);
  record.writeUInt32LE(ZIP64_END_SIGNATURE, 0);
  record.writeBigUInt64LE(BigInt(ZIP64_END_SIZE - 12), 4);
  record.writeUInt16LE(MADE_BY, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(ZIP64_LOCATOR_SIZE);
  locator.writeUInt32LE(ZIP64_LOCATOR_SIGNATURE, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}

/** The reader went away before the archive was complete. */
export class ZipOutputClosed extends Error {
  constructor() {
    super('zip: the output was closed');
  }
}

export interface WrittenEntry {
  name: string;
  size: number;
  sha256: string;
}

/** Writes the canonical ZIP to `out` entry by entry, waiting for `out` to drain (a slow client slows the export). */
export class ZipWriter {
  private readonly entries: ZipEntry[] = [];
  private readonly names = new Set<string>();
  private offset = 0;
  private readonly stamp: { time: number; date: number };

  constructor(
    private readonly out: Writable,
    modified: Date,
  ) {
    this.stamp = dosTime(modified);
  }

  /** Adds an entry from a stream of chunks, hashing it on the way; resolves when the entry is written. */
  async add(name: string, source: AsyncIterable<Buffer | string> | Buffer): Promise<WrittenEntry> {
    if (this.names.has(name)) throw new Error(`zip: duplicate entry ${name}`);
    this.names.add(name);
    const entry: ZipEntry = { name, offset: this.offset, crc32: 0, size: 0, ...this.stamp };
    await this.write(localHeader(entry));
    const sha256 = createHash('sha256');
    for await (const piece of Buffer.isBuffer(source) ? [source] : source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      entry.crc32 = crc32(chunk, entry.crc32);
      entry.size += chunk.length;
      sha256.update(chunk);
      // Entries stay below 4 GiB (the ledger is a few hundred MB at a million records); more would need ZIP64 sizes.
      if (entry.size >= MAX32) throw new Error(`zip: ${name} is 4 GiB or more`);
      await this.write(chunk);
    }
    await this.write(dataDescriptor(entry));
    this.entries.push(entry);
    return { name, size: entry.size, sha256: sha256.digest('hex') };
  }

  /** Writes the central directory and the end records. */
  async finish(): Promise<void> {
    const directory = Buffer.concat(this.entries.map(centralHeader));
    const directoryOffset = this.offset;
    await this.write(directory);
    await this.write(endRecords(this.entries.length, directoryOffset, directory.length));
  }

  private async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.offset += chunk.length;
    if (this.out.destroyed) throw new ZipOutputClosed();
    if (!this.out.write(chunk)) await Promise.race([once(this.out, 'drain'), once(this.out, 'close')]);
  }
}

/** Random access to an archive: a file, or bytes in memory in tests. */
export interface ZipSource {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
}

export function bufferSource(bytes: Buffer): ZipSource {
  return { size: bytes.length, read: async (position, length) => bytes.subarray(position, position + length) };
}

/** A check that failed: the entry it concerns (or `archive` for the directory itself) and why. */
export interface ZipProblem {
  name: string;
  message: string;
}

export class UnreadableZipError extends Error {}

export interface ZipListing {
  entries: ZipEntry[];
  /** Places where the archive is not in the canonical form the writer produces. */
  problems: ZipProblem[];
}

async function readExactly(source: ZipSource, position: number, length: number): Promise<Buffer> {
  if (position < 0 || length < 0 || position + length > source.size) throw new UnreadableZipError('a record lies outside the file');
  const bytes = await source.read(position, length);
  if (bytes.length !== length) throw new UnreadableZipError('the file ended early');
  return bytes;
}

/**
 * Reads the central directory and checks the archive's frame: the end records and every directory
 * entry must be exactly what the writer would have written for those values, and the entries must
 * follow one another from the first byte to the directory. Entry contents are checked by `checkEntry`.
 */
export async function readZip(source: ZipSource): Promise<ZipListing> {
  if (source.size < END_SIZE) throw new UnreadableZipError('too short to be a ZIP archive');
  const end = await readExactly(source, source.size - END_SIZE, END_SIZE);
  if (end.readUInt32LE(0) !== END_SIGNATURE) throw new UnreadableZipError('no end-of-archive record at the end of the file');
  let count = end.readUInt16LE(10);
  let directorySize = end.readUInt32LE(12);
  let directoryOffset = end.readUInt32LE(16);
  const locatorAt = source.size - END_SIZE - ZIP64_LOCATOR_SIZE;
  if (locatorAt >= 0 && (await readExactly(source, locatorAt, 4)).readUInt32LE(0) === ZIP64_LOCATOR_SIGNATURE) {
    const locator = await readExactly(source, locatorAt, ZIP64_LOCATOR_SIZE);
    const record = await readExactly(source, Number(locator.readBigUInt64LE(8)), ZIP64_END_SIZE);
    if (record.readUInt32LE(0) !== ZIP64_END_SIGNATURE) throw new UnreadableZipError('the ZIP64 end record is missing');
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  const directory = await readExactly(source, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  const spans: [number, number][] = [];
  let at = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_FIXED > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new UnreadableZipError(`directory entry ${i + 1} is damaged`);
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const length = CENTRAL_FIXED + nameLength + extraLength + commentLength;
    if (at + length > directory.length) throw new UnreadableZipError(`directory entry ${i + 1} is damaged`);
    let name: string;
    try {
      name = decoder.decode(directory.subarray(at + CENTRAL_FIXED, at + CENTRAL_FIXED + nameLength));
    } catch {
      name = `entry ${i + 1}`;
    }
    let offset = directory.readUInt32LE(at + 42);
    if (offset === MAX32 && extraLength >= 12 && directory.readUInt16LE(at + CENTRAL_FIXED + nameLength) === 0x0001) {
      offset = Number(directory.readBigUInt64LE(at + CENTRAL_FIXED + nameLength + 4));
    }
    entries.push({
      name,
      offset,
      crc32: directory.readUInt32LE(at + 16),
      size: directory.readUInt32LE(at + 24),
      time: directory.readUInt16LE(at + 12),
      date: directory.readUInt16LE(at + 14),
    });
    spans.push([at, at + length]);
    at += length;
  }
  const problems: ZipProblem[] = [];
  entries.forEach((entry, i) => {
    const actual = directory.subarray(spans[i][0], spans[i][1]);
    // Sizes are stored twice in the directory; a difference between them shows as a rebuilt header that differs.
    if (!centralHeader(entry).equals(actual)) problems.push({ name: entry.name, message: 'archive directory entry altered' });
  });
  if (at !== directory.length) problems.push({ name: 'archive', message: 'archive directory altered' });
  const tail = await readExactly(source, directoryOffset + directorySize, source.size - directoryOffset - directorySize);
  if (!endRecords(count, directoryOffset, directorySize).equals(tail))
    problems.push({ name: 'archive', message: 'end-of-archive record altered' });
  let expected = 0;
  for (const entry of entries) {
    if (entry.offset !== expected) problems.push({ name: entry.name, message: 'not where the archive directory says' });
    expected = entry.offset + LOCAL_FIXED + Buffer.byteLength(entry.name) + entry.size + DESCRIPTOR_SIZE;
  }
  if (expected !== directoryOffset) problems.push({ name: 'archive', message: 'bytes between the entries and the directory' });
  return { entries, problems };
}

export interface CheckedEntry {
  size: number;
  sha256: string;
  problems: ZipProblem[];
}

/**
 * Reads one entry's local header, data and descriptor: the headers must match the directory and
 * the data its CRC; returns the data's sha256 for the manifest check. `onData` sees the data too.
 */
export async function checkEntry(source: ZipSource, entry: ZipEntry, onData?: (chunk: Buffer) => void): Promise<CheckedEntry> {
  const problems: ZipProblem[] = [];
  const header = localHeader(entry);
  const dataStart = entry.offset + header.length;
  if (dataStart + entry.size + DESCRIPTOR_SIZE > source.size) {
    return { size: 0, sha256: '', problems: [{ name: entry.name, message: 'data cannot be read: it runs past the end of the archive' }] };
  }
  if (!(await readExactly(source, entry.offset, header.length)).equals(header))
    problems.push({ name: entry.name, message: 'local header altered' });
  const sha256 = createHash('sha256');
  let crc = 0;
  const step = 1 << 20;
  for (let done = 0; done < entry.size; done += step) {
    const chunk = await readExactly(source, dataStart + done, Math.min(step, entry.size - done));
    crc = crc32(chunk, crc);
    sha256.update(chunk);
    onData?.(chunk);
  }
  if (crc !== entry.crc32) problems.push({ name: entry.name, message: 'data does not match its CRC-32' });
  if (!(await readExactly(source, dataStart + entry.size, DESCRIPTOR_SIZE)).equals(dataDescriptor(entry))) {
    problems.push({ name: entry.name, message: 'data descriptor altered' });
  }
  return { size: entry.size, sha256: sha256.digest('hex'), problems };
}
