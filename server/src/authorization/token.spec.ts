import { describe, expect, it } from '@jest/globals';
import { signToken, verifyToken } from './token.js';

describe('tokens', () => {
  const claims = { sub: 7, sid: 'abc', iat: 1_700_000_000, exp: 1_700_003_600 };
  const now = 1_700_000_100_000;

  it('verifies what it signed', () => {
    expect(verifyToken(signToken(claims, 'secret'), 'secret', now)).toEqual(claims);
  });

  it('refuses another secret, a changed payload, and an expired token', () => {
    const token = signToken(claims, 'secret');
    expect(verifyToken(token, 'other', now)).toBeUndefined();
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 1 })).toString('base64url')}.${s}`;
    expect(verifyToken(forged, 'secret', now)).toBeUndefined();
    expect(verifyToken(token, 'secret', claims.exp * 1000 + 1)).toBeUndefined();
    expect(verifyToken('garbage', 'secret', now)).toBeUndefined();
  });
});
