import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import { type AppConfig, ConfigError } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, as `GET /api/exports/public-key` serves it and `ledger:verify-pack --public-key` reads it. */
  publicKeyPem: string;
}

type KeyConfig = Pick<AppConfig, 'signingKeyFile' | 'signingKeyConfigured' | 'nodeEnv' | 'databaseUrl'>;

/**
 * The Ed25519 key that signs evidence packs: SIGNING_KEY_FILE, else `DATA_DIR/signing-key.pem`,
 * generated on first start and kept 0600 like the database password. Several servers on one
 * DATABASE_URL in production must share one key (as they share JWT_SECRET), or a pack signed by
 * one would not verify against another's public key.
 */
export async function ensureSigningKey(config: KeyConfig): Promise<SigningKey> {
  const file = config.signingKeyFile;
  if (!config.signingKeyConfigured) {
    if (config.nodeEnv === 'production' && config.databaseUrl) {
      throw new ConfigError('SIGNING_KEY_FILE', 'required in production with DATABASE_URL (an Ed25519 private key in PEM)');
    }
    await mkdir(dirname(file), { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    // 'wx': two servers starting on one DATA_DIR keep whichever key was written first.
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const pem = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError('SIGNING_KEY_FILE', `cannot read ${file} (${error.code ?? error.message})`);
  });
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new ConfigError('SIGNING_KEY_FILE', `${file} is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError('SIGNING_KEY_FILE', `${file} holds a ${privateKey.asymmetricKeyType} key; an Ed25519 key is required`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A public key from PEM: a public key, or a private key it is derived from. Undefined when it is not an Ed25519 key. */
export function ed25519PublicKey(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Ed25519 over the exact bytes: 64 raw bytes, which `openssl pkeyutl -verify -rawin` checks too. */
export function signBytes(key: SigningKey, data: Buffer): Buffer {
  return sign(null, data, key.privateKey);
}

export function verifyBytes(publicKey: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

/** The server's key, read (or created) once. */
@Injectable()
export class SigningKeyService {
  private key?: Promise<SigningKey>;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  get(): Promise<SigningKey> {
    this.key ??= ensureSigningKey(this.config);
    return this.key;
  }
}
