import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { keyFingerprint, manifestBytes, PACK_FORMAT, type PackManifest, verifyPack } from './pack.js';
import { signBytes, type SigningKey } from './signing-key.js';
import { bufferSource, dosTime, readZip, ZipWriter } from './zip.js';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function testKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Writes entries through ZipWriter into memory. */
async function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zip = new ZipWriter(out, new Date('2026-11-25T02:03:04Z'));
  for (const [name, data] of entries) {
    // Streamed in pieces, as the ledger is.
    await zip.add(name, Readable.from([data.subarray(0, 3), data.subarray(3)]));
  }
  await zip.finish();
  out.end();
  return Buffer.concat(chunks);
}

const evidence = Buffer.from('%PDF-1.7 佐证材料 evidence bytes');
const ledger = Buffer.from('PK fake xlsx 整改台账');
const EVIDENCE_PATH = `evidence/${sha(evidence)}.pdf`;

async function pack(key: SigningKey): Promise<Buffer> {
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    version: 1,
    exportedAt: '2026-11-25T02:03:04.000Z',
    exportedBy: { userId: 7, username: 'auditor' },
    scope: { organization: { id: '1', code: '5306', name: '中共昭通市委员会' }, campaign: { id: '2', title: '学习教育' } },
    filters: { from: null, to: null, status: [] },
    counts: { problems: 1, records: 2, evidenceFiles: 1, missingEvidence: 0 },
    files: [
      { path: 'ledger.xlsx', size: ledger.length, sha256: sha(ledger) },
      { path: EVIDENCE_PATH, size: evidence.length, sha256: sha(evidence), mediaType: 'application/pdf' },
    ],
    missingEvidence: [],
    signature: { algorithm: 'Ed25519', file: 'manifest.sig', publicKeySha256: keyFingerprint(key.publicKey) },
    chainHeads: [{ problemId: '9', seq: 2, hash: 'ab'.repeat(32) }],
  };
  const bytes = manifestBytes(manifest);
  return zipOf([
    ['ledger.xlsx', ledger],
    [EVIDENCE_PATH, evidence],
    ['manifest.json', bytes],
    ['manifest.sig', signBytes(key, bytes)],
  ]);
}

describe('the canonical ZIP', () => {
  it('is read back entry by entry, and by unzip', async () => {
    const bytes = await zipOf([
      ['a.txt', Buffer.from('hello')],
      ['目录/b.bin', Buffer.alloc(70_000, 7)],
    ]);
    const listing = await readZip(bufferSource(bytes));
    expect(listing.problems).toEqual([]);
    expect(listing.entries.map((e) => [e.name, e.size])).toEqual([
      ['a.txt', 5],
      ['目录/b.bin', 70_000],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'zip-spec-'));
    writeFileSync(join(dir, 'x.zip'), bytes);
    execFileSync('unzip', ['-q', '-o', join(dir, 'x.zip'), '-d', join(dir, 'out')]);
    expect(readFileSync(join(dir, 'out', '目录', 'b.bin')).equals(Buffer.alloc(70_000, 7))).toBe(true);
  });

  it('keeps DOS times on the Beijing clock', () => {
    // 02:03:04 UTC is 10:03:04 in Beijing; DOS times count seconds in twos.
    expect(dosTime(new Date('2026-11-25T02:03:04Z'))).toEqual({ time: (10 << 11) | (3 << 5) | 2, date: (46 << 9) | (11 << 5) | 25 });
  });
});

describe('verifyPack', () => {
  it('passes an untouched pack and names the entries', async () => {
    const key = testKey();
    const report = await verifyPack(bufferSource(await pack(key)), key.publicKey);
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, entries: 4, evidenceFiles: 1 });
  });

  it('fails for every single changed byte anywhere in the archive', async () => {
    const key = testKey();
    const original = await pack(key);
    const passed: number[] = [];
    for (let i = 0; i < original.length; i++) {
      const altered = Buffer.from(original);
      altered[i] ^= 0x01;
      const report = await verifyPack(bufferSource(altered), key.publicKey);
      if (report.ok) passed.push(i);
    }
    expect(passed).toEqual([]);
  });

  it('names the file whose bytes changed', async () => {
    const key = testKey();
    const original = await pack(key);
    const flipInside = async (marker: Buffer) => {
      const altered = Buffer.from(original);
      altered[original.indexOf(marker) + 1] ^= 0x20;
      return (await verifyPack(bufferSource(altered), key.publicKey)).failures;
    };
    expect(await flipInside(evidence)).toContain(`${EVIDENCE_PATH}: sha256 mismatch`);
    expect(await flipInside(ledger)).toContain('ledger.xlsx: sha256 mismatch');
    expect((await flipInside(Buffer.from('"exportedBy"'))).join('\n')).toMatch(/^manifest\.json: signature invalid/m);
  });

  it('refuses a pack signed by another key, and says when the archive is unreadable', async () => {
    const key = testKey();
    const bytes = await pack(key);
    const other = createPublicKey(testKey().publicKeyPem);
    expect((await verifyPack(bufferSource(bytes), other)).failures).toEqual([expect.stringMatching(/^manifest\.json: signature invalid/)]);
    const truncated = await verifyPack(bufferSource(bytes.subarray(0, bytes.length - 5)), key.publicKey);
    expect(truncated.failures).toEqual([expect.stringMatching(/^archive: unreadable/)]);
  });
});
