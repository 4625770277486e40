import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppConfig {
  port: number;
  dataDir: string;
  /** When unset, an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | undefined;
  nodeEnv: NodeEnv;
  /** Port for the embedded PostgreSQL; 0 picks a free one. */
  embeddedPgPort: number;
  /** Load the demo city into an empty database (never in production). */
  demoData: boolean;
  /** Days after logging in which a session may be edited freely; later edits are amendments with a note. */
  sessionEditDays: number;
  /** Signs session tokens; from JWT_SECRET, else generated once and kept in DATA_DIR (see ensureJwtSecret). */
  jwtSecret: string;
  /** Built web app to serve at `/`; absent in tests that do not need it. */
  webDist: string | undefined;
  /** How often the rollup job folds queued writes into the rollups, in milliseconds. */
  rollupFoldMs: number;
  /** A participating unit with no session in this many days is behind. */
  behindIdleDays: number;
  /**
   * The Ed25519 private key (PEM) that signs evidence packs: SIGNING_KEY_FILE, else
   * `DATA_DIR/signing-key.pem`, created on first start (see exports/signing-key.ts).
   */
  signingKeyFile: string;
  /** Whether signingKeyFile came from SIGNING_KEY_FILE (then it must exist; it is never created). */
  signingKeyConfigured: boolean;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit: string): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `expected a whole number of ${unit} from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number, allowZero = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535 || (value === 0 && !allowZero)) {
    throw new ConfigError(name, `expected a TCP port (1-65535), got "${raw}"`);
  }
  return value;
}

/** Reads the environment once at start-up; a bad value stops start-up naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnv = (env.NODE_ENV || 'development') as NodeEnv;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV', `expected development, production or test, got "${env.NODE_ENV}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'expected a URL like postgres://user:pass@host:5432/db');
    }
    if (!['postgres:', 'postgresql:'].includes(url.protocol)) {
      throw new ConfigError('DATABASE_URL', `expected a postgres:// URL, got protocol "${url.protocol}"`);
    }
  }
  const demo = env.DEMO_DATA;
  if (demo !== undefined && demo !== '' && !['true', 'false', '1', '0'].includes(demo)) {
    throw new ConfigError('DEMO_DATA', `expected true or false, got "${demo}"`);
  }
  const jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'expected at least 32 characters');
  const dataDir = resolve(cwd, (env.DATA_DIR === '' ? undefined : env.DATA_DIR) ?? '.data');
  const signingKeyFile = env.SIGNING_KEY_FILE || undefined;
  return {
    port: port(env, 'PORT', 3000, true),
    dataDir,
    databaseUrl,
    nodeEnv,
    embeddedPgPort: port(env, 'EMBEDDED_PG_PORT', 0, true),
    demoData: nodeEnv !== 'production' && (demo === undefined || demo === '' || demo === 'true' || demo === '1'),
    jwtSecret,
    sessionEditDays: wholeNumber(env, 'SESSION_EDIT_DAYS', 7, 0, 365, 'days'),
    rollupFoldMs: wholeNumber(env, 'ROLLUP_FOLD_MS', 250, 10, 60_000, 'milliseconds'),
    behindIdleDays: wholeNumber(env, 'BEHIND_IDLE_DAYS', 14, 1, 365, 'days'),
    webDist: env.WEB_DIST ? resolve(cwd, env.WEB_DIST) : undefined,
    signingKeyFile: signingKeyFile ? resolve(cwd, signingKeyFile) : join(dataDir, 'signing-key.pem'),
    signingKeyConfigured: signingKeyFile !== undefined,
  };
}

/**
 * Without JWT_SECRET the server keeps a generated secret in DATA_DIR, so sessions survive restarts.
 * In production against a shared database every instance must share it: JWT_SECRET is required.
 */
export async function ensureJwtSecret(config: AppConfig): Promise<void> {
  if (config.jwtSecret) return;
  if (config.nodeEnv === 'production' && config.databaseUrl) {
    throw new ConfigError('JWT_SECRET', 'required in production with DATABASE_URL (at least 32 characters)');
  }
  const file = join(config.dataDir, 'jwt.secret');
  if (!existsSync(file)) {
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' }).catch(() => undefined);
  }
  config.jwtSecret = (await readFile(file, 'utf8')).trim();
}
