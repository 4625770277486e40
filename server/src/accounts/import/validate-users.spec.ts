import { describe, expect, it } from '@jest/globals';
import { Role } from '../../authorization/role.js';
import { parseRole, validateUsers, type ImportUnitRef, type UserRow } from './validate-users.js';

const units = new Map<string, ImportUnitRef>([
  ['A', { id: 1, path: '1', archived: false }],
  ['B', { id: 2, path: '1.2', archived: false }],
  ['X', { id: 9, path: '9', archived: false }],
  ['OLD', { id: 3, path: '1.3', archived: true }],
]);
const inReach = (unit: ImportUnitRef) => unit.path === '1' || unit.path.startsWith('1.');
const row = (n: number, username: string, organizationCode: string, role: string, displayName = '某人', initialPassword = ''): UserRow => ({
  row: n,
  username,
  displayName,
  organizationCode,
  role,
  initialPassword,
});

describe('validateUsers', () => {
  it('reads roles by identifier or Chinese label', () => {
    expect(['admin', '管理员', '支部书记', '纪检', 'Leader'].map(parseRole)).toEqual([
      Role.ADMIN,
      Role.ADMIN,
      Role.SECRETARY,
      Role.AUDITOR,
      Role.LEADER,
    ]);
  });

  it('gathers several roles of one person, the first row giving the home unit', () => {
    const { users, problems } = validateUsers(
      [row(2, 'Wang.wu', 'B', '支部书记'), row(3, 'wang.wu', 'A', 'LEADER')],
      new Set(),
      units,
      inReach,
    );
    expect(problems).toEqual([]);
    expect(users).toEqual([
      expect.objectContaining({
        username: 'wang.wu',
        organizationId: 2,
        grants: [
          { organizationId: 2, role: Role.SECRETARY },
          { organizationId: 1, role: Role.LEADER },
        ],
      }),
    ]);
  });

  it('treats units out of reach, archived or unknown alike', () => {
    const { problems } = validateUsers(
      [row(2, 'a.b', 'X', 'LEADER'), row(3, 'c.d', 'OLD', 'LEADER'), row(4, 'e.f', 'NOPE', 'LEADER')],
      new Set(),
      units,
      inReach,
    );
    expect(problems.map((p) => p.key)).toEqual(['import/unknown-unit', 'import/unknown-unit', 'import/unknown-unit']);
  });

  it('refuses taken usernames, weak initial passwords and a name that changes between rows', () => {
    const { problems } = validateUsers(
      [
        row(2, 'taken', 'A', 'LEADER'),
        row(3, 'new.one', 'A', 'LEADER', '某人', 'short'),
        row(4, 'twice', 'A', 'LEADER', '甲'),
        row(5, 'twice', 'B', 'LEADER', '乙'),
      ],
      new Set(['taken']),
      units,
      inReach,
    );
    expect(problems.map((p) => [p.row, p.key])).toEqual([
      [2, 'user/username-taken'],
      [3, 'auth/password-length'],
      [5, 'import/user-mismatch'],
    ]);
  });
});
