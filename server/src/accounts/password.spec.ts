import { describe, expect, it } from '@jest/globals';
import { DUMMY_HASH, hashPassword, passwordProblem, temporaryPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('verifies what it hashed, salted so two hashes differ', async () => {
    const [a, b] = await Promise.all([hashPassword('Right-pass-1'), hashPassword('Right-pass-1')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Right-pass-1', a)).toBe(true);
    expect(await verifyPassword('Wrong-pass-1', a)).toBe(false);
  });

  it('never matches the dummy hash or an account without a password', async () => {
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('anything', '!')).toBe(false);
  });

  it('asks for 8 characters with letters and digits, not containing the username', () => {
    expect(passwordProblem('short1', 'zhang')).toBe('auth/password-length');
    expect(passwordProblem('onlyletters', 'zhang')).toBe('auth/password-weak');
    expect(passwordProblem('Zhang2026x', 'zhang')).toBe('auth/password-weak');
    expect(passwordProblem('Better-pass-42', 'zhang')).toBeUndefined();
  });

  it('makes temporary passwords that pass its own rules', () => {
    for (let i = 0; i < 20; i++) expect(passwordProblem(temporaryPassword(), 'someone')).toBeUndefined();
  });
});
