import type { KeyObject } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../common/config.js';
import { keyFingerprint, verifyPack } from './pack.js';
import { ed25519PublicKey } from './signing-key.js';
import type { ZipSource } from './zip.js';

const USAGE = 'Usage: npm run ledger:verify-pack -- FILE.zip [--public-key PEM_FILE]';

/**
 * `npm run ledger:verify-pack -- FILE [--public-key PEM_FILE]`: checks an evidence pack against the
 * server's public key (the flag, else the key in SIGNING_KEY_FILE or DATA_DIR). Prints OK with
 * counts, or each failing file and why. Exit 0 intact, 1 altered or unreadable, 2 usage or key problems.
 */
export async function verifyPackCommand(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  let file: string | undefined;
  let keyFile: string | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { 'public-key': { type: 'string' } }, allowPositionals: true });
    [file] = positionals;
    keyFile = values['public-key'];
    if (positionals.length !== 1) throw new Error('expected one pack file');
  } catch (error) {
    print(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const source = keyFile ?? loadConfig(env).signingKeyFile;
  const pem = await readFile(source, 'utf8').catch(() => undefined);
  const publicKey: KeyObject | undefined = pem === undefined ? undefined : ed25519PublicKey(pem);
  if (!publicKey) {
    print(
      pem === undefined
        ? `No key at ${source}: pass --public-key with the server's key (GET /api/exports/public-key), or set DATA_DIR / SIGNING_KEY_FILE as the server has them.`
        : `${source} is not an Ed25519 key in PEM.`,
    );
    return 2;
  }
  const handle = await open(file!, 'r').catch((error: NodeJS.ErrnoException) => {
    print(`${file}: cannot open (${error.code ?? error.message})`);
    return undefined;
  });
  if (!handle) return 2;
  try {
    const zip: ZipSource = {
      size: (await handle.stat()).size,
      read: async (position, length) => {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      },
    };
    const report = await verifyPack(zip, publicKey);
    for (const failure of report.failures) print(failure);
    for (const warning of report.warnings) print(`WARNING ${warning}`);
    if (!report.ok) {
      print(`FAILED: ${report.failures.length} problem(s) in ${file}; it is not the pack the server signed.`);
      return 1;
    }
    const m = report.manifest!;
    print(
      `OK: ${file}: manifest signature valid (key sha256 ${keyFingerprint(publicKey).slice(0, 16)}…); ` +
        `${report.entries} entries checked (ledger.xlsx, ${report.evidenceFiles} evidence files, manifest), ${report.bytes.toLocaleString('en-US')} bytes; ` +
        `${m.counts.problems} problems and ${m.counts.records} records of ${m.scope.organization.name}, exported by ${m.exportedBy.username} at ${m.exportedAt}.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

if (process.argv[1]?.endsWith('verify-pack-cli.js')) {
  verifyPackCommand(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
