import { createHash, type KeyObject } from 'node:crypto';
import { verifyBytes } from './signing-key.js';
import { checkEntry, readZip, UnreadableZipError, type ZipListing, type ZipSource } from './zip.js';

/**
 * The evidence pack (证据包): `ledger.xlsx`, `evidence/<sha256>.<ext>` for every file the records
 * cite, `manifest.json` listing each with its size and sha256 (plus who exported what, and each
 * problem's chain head), and `manifest.sig`, the server's Ed25519 signature of manifest.json's
 * exact bytes. The signature vouches for the manifest, the manifest for every other byte.
 */
export const PACK_LEDGER = 'ledger.xlsx';
export const PACK_MANIFEST = 'manifest.json';
export const PACK_SIGNATURE = 'manifest.sig';
export const PACK_FORMAT = 'campaign-ledger/evidence-pack';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  mediaType?: string;
}

export interface ChainHead {
  problemId: string;
  seq: number;
  hash: string | null;
}

export interface PackManifest {
  format: typeof PACK_FORMAT;
  version: 1;
  exportedAt: string;
  exportedBy: { userId: number | null; username: string | null };
  scope: { organization: { id: string; code: string; name: string }; campaign: { id: string; title: string } };
  filters: { from: string | null; to: string | null; status: string[] };
  counts: { problems: number; records: number; evidenceFiles: number; missingEvidence: number };
  files: ManifestFile[];
  /** Cited files no longer in storage when the pack was made: listed, so their absence is on record. */
  missingEvidence: string[];
  signature: { algorithm: 'Ed25519'; file: typeof PACK_SIGNATURE; publicKeySha256: string };
  chainHeads: ChainHead[];
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/** `evidence/<sha256>.<ext>`: named by the digest the records cite, with an extension that opens it. */
export function evidencePath(sha256: string, mediaType: string | null | undefined): string {
  return `evidence/${sha256}.${EXTENSIONS[mediaType ?? ''] ?? 'bin'}`;
}

/** sha256 of the public key's DER (SPKI), to tell which key signed a pack. */
export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The manifest's bytes as signed: indented for reading, one chain head per line so a big ledger stays compact. */
export function manifestBytes(manifest: PackManifest): Buffer {
  const { chainHeads, ...rest } = manifest;
  const heads = chainHeads.length ? `[\n${chainHeads.map((head) => `    ${JSON.stringify(head)}`).join(',\n')}\n  ]` : '[]';
  const body = JSON.stringify({ ...rest, chainHeads: null }, null, 2).replace(/"chainHeads": null\n}$/, `"chainHeads": ${heads}\n}`);
  return Buffer.from(`${body}\n`, 'utf8');
}

export interface PackReport {
  ok: boolean;
  /** Each names the entry it concerns: `evidence/ab12….jpg: sha256 mismatch`. */
  failures: string[];
  /** Facts that do not make the pack altered, such as evidence that was already damaged in storage when exported. */
  warnings: string[];
  entries: number;
  evidenceFiles: number;
  bytes: number;
  manifest?: PackManifest;
}

const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

async function entryBytes(source: ZipSource, listing: ZipListing, name: string, failures: string[]): Promise<Buffer | undefined> {
  const entry = listing.entries.find((e) => e.name === name);
  if (!entry) {
    failures.push(`${name}: missing from the archive`);
    return undefined;
  }
  if (entry.size > MAX_MANIFEST_BYTES) {
    failures.push(`${name}: too large to be a manifest`);
    return undefined;
  }
  const chunks: Buffer[] = [];
  const checked = await checkEntry(source, entry, (chunk) => chunks.push(Buffer.from(chunk)));
  failures.push(...checked.problems.map((p) => `${p.name}: ${p.message}`));
  return Buffer.concat(chunks);
}

/**
 * Checks a pack: the archive's frame, the signature over manifest.json, then every entry's size
 * and sha256 against the manifest, and that no entry is missing or extra. Never throws for a bad
 * pack: every failure is reported, each naming its file.
 */
export async function verifyPack(source: ZipSource, publicKey: KeyObject): Promise<PackReport> {
  const report: PackReport = { ok: false, failures: [], warnings: [], entries: 0, evidenceFiles: 0, bytes: source.size };
  const failures = report.failures;
  let listing: ZipListing;
  try {
    listing = await readZip(source);
  } catch (error) {
    if (!(error instanceof UnreadableZipError)) throw error;
    failures.push(`archive: unreadable (${error.message})`);
    return report;
  }
  report.entries = listing.entries.length;
  failures.push(...listing.problems.map((p) => `${p.name}: ${p.message}`));
  const seen = new Set<string>();
  for (const entry of listing.entries) {
    if (seen.has(entry.name)) failures.push(`${entry.name}: appears more than once`);
    seen.add(entry.name);
  }

  const manifestData = await entryBytes(source, listing, PACK_MANIFEST, failures);
  const signature = await entryBytes(source, listing, PACK_SIGNATURE, failures);
  if (!manifestData) return report;
  if (signature && !verifyBytes(publicKey, manifestData, signature)) {
    failures.push(`${PACK_MANIFEST}: signature invalid (${PACK_MANIFEST} or ${PACK_SIGNATURE} was changed, or another key signed it)`);
  }
  let manifest: PackManifest;
  try {
    manifest = JSON.parse(manifestData.toString('utf8')) as PackManifest;
    if (manifest.format !== PACK_FORMAT || !Array.isArray(manifest.files)) throw new Error('not a pack manifest');
  } catch {
    failures.push(`${PACK_MANIFEST}: unreadable, so no file can be checked against it`);
    return report;
  }
  report.manifest = manifest;

  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  for (const entry of listing.entries) {
    if (entry.name === PACK_MANIFEST || entry.name === PACK_SIGNATURE) continue;
    const checked = await checkEntry(source, entry);
    failures.push(...checked.problems.map((p) => `${p.name}: ${p.message}`));
    const file = listed.get(entry.name);
    if (!file) {
      failures.push(`${entry.name}: not listed in the manifest`);
      continue;
    }
    if (checked.sha256 !== file.sha256) failures.push(`${entry.name}: sha256 mismatch`);
    else if (checked.size !== file.size) failures.push(`${entry.name}: size mismatch`);
    const digest = /^evidence\/([0-9a-f]{64})\./.exec(entry.name)?.[1];
    if (digest) {
      report.evidenceFiles++;
      if (digest !== file.sha256) report.warnings.push(`${entry.name}: the stored file no longer matched its digest when it was exported`);
    }
  }
  for (const path of listed.keys()) {
    if (!seen.has(path)) failures.push(`${path}: missing from the archive`);
  }
  report.ok = failures.length === 0;
  return report;
}
