import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

// N=2^15, r=8: about 40 ms and 32 MB per hash on this hardware; stored with the hash so it can grow.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  // An account without a password (imported, never set) answers after the same work as any other.
  if (scheme !== 'scrypt' || !key) return verifyPassword(password, DUMMY_HASH).then(() => false);
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** Compared against when the username does not exist, so the answer takes as long either way. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** At least 8 characters with a letter and a digit, and not the username. Returns the failed rule. */
export function passwordProblem(password: string, username: string): string | undefined {
  if ([...password].length < 8 || [...password].length > 128) return 'auth/password-length';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'auth/password-weak';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'auth/password-weak';
  return undefined;
}

/** A temporary password an admin hands over; the user must change it at first sign-in. */
export function temporaryPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b, i) => (i % 4 === 3 ? digits[b % digits.length] : letters[b % letters.length]));
  return chars.join('');
}
