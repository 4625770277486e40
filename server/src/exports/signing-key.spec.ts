import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../common/config.js';
import { ed25519PublicKey, ensureSigningKey, signBytes, verifyBytes } from './signing-key.js';

const dir = () => mkdtempSync(join(tmpdir(), 'signing-key-'));

describe('the signing key', () => {
  it('is created once under DATA_DIR, readable by its owner only, and kept', async () => {
    const config = loadConfig({ DATA_DIR: dir() });
    const first = await ensureSigningKey(config);
    expect(statSync(config.signingKeyFile).mode & 0o777).toBe(0o600);
    const again = await ensureSigningKey(config);
    expect(again.publicKeyPem).toBe(first.publicKeyPem);
    const data = Buffer.from('manifest');
    expect(verifyBytes(ed25519PublicKey(first.publicKeyPem)!, data, signBytes(again, data))).toBe(true);
  });

  it('reads SIGNING_KEY_FILE and refuses what is not an Ed25519 private key, naming the variable', async () => {
    const folder = dir();
    const rsa = join(folder, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(ensureSigningKey(loadConfig({ SIGNING_KEY_FILE: rsa }))).rejects.toThrow(/^SIGNING_KEY_FILE: .*rsa key/);
    await expect(ensureSigningKey(loadConfig({ SIGNING_KEY_FILE: join(folder, 'none.pem') }))).rejects.toThrow(
      /^SIGNING_KEY_FILE: cannot read/,
    );
    const ed = join(folder, 'ed.pem');
    writeFileSync(ed, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect((await ensureSigningKey(loadConfig({ SIGNING_KEY_FILE: ed }))).publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('is required in production with DATABASE_URL, where several servers must share it', async () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', DATA_DIR: dir() });
    await expect(ensureSigningKey(config)).rejects.toThrow(/^SIGNING_KEY_FILE: required in production/);
  });
});
