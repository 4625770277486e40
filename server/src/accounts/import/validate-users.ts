import { Role } from '../../authorization/role.js';
import type { RowProblem } from '../../imports/import-handler.js';
import { USERNAME_PATTERN } from '../accounts.types.js';
import { passwordProblem } from '../password.js';
import { DISPLAY_NAME_MAX } from '../user.entity.js';

/** A row of a users file (see USER_COLUMNS). */
export interface UserRow {
  row: number;
  username: string;
  displayName: string;
  organizationCode: string;
  role: string;
  initialPassword: string;
}

export interface ImportUnitRef {
  id: number;
  path: string;
  archived: boolean;
}

export interface ImportUser {
  username: string;
  displayName: string;
  /** The unit of the user's first row: its home unit. */
  organizationId: number;
  initialPassword: string | null;
  grants: { organizationId: number; role: Role }[];
}

const ROLE_LABELS: Record<string, Role> = {
  支部书记: Role.SECRETARY,
  党委书记: Role.SECRETARY,
  书记: Role.SECRETARY,
  领导: Role.LEADER,
  审计: Role.AUDITOR,
  纪检: Role.AUDITOR,
  巡视: Role.AUDITOR,
  管理员: Role.ADMIN,
};

export function parseRole(text: string): Role | undefined {
  const upper = text.trim().toUpperCase();
  return upper in Role ? (upper as Role) : ROLE_LABELS[text.trim()];
}

/**
 * Checks every row of a users file. A username may repeat to hold several roles; its display name
 * must then repeat too, and its first row's unit is its home unit.
 */
export function validateUsers(
  rows: UserRow[],
  existingUsernames: ReadonlySet<string>,
  units: ReadonlyMap<string, ImportUnitRef>,
  mayManage: (unit: ImportUnitRef) => boolean,
): { users: ImportUser[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const users = new Map<string, ImportUser & { row: number }>();
  const seenGrants = new Map<string, number>();
  for (const raw of rows) {
    const before = problems.length;
    const report = (field: string, key: string, params: Record<string, string | number> = {}) =>
      problems.push({ row: raw.row, field, key, params });
    const username = raw.username.toLowerCase();
    if (!USERNAME_PATTERN.test(username)) report('username', 'user/username-format', { field: 'username' });
    else if (existingUsernames.has(username)) report('username', 'user/username-taken', { username });
    if (!raw.displayName) report('displayName', 'validation/required', { field: 'displayName' });
    else if ([...raw.displayName].length > DISPLAY_NAME_MAX)
      report('displayName', 'import/too-long', { field: 'displayName', max: DISPLAY_NAME_MAX });
    const unit = units.get(raw.organizationCode);
    // A unit beyond the admin's reach reads exactly like one that does not exist.
    if (!unit || unit.archived || !mayManage(unit)) report('organizationCode', 'import/unknown-unit', { code: raw.organizationCode });
    const role = parseRole(raw.role);
    if (!role) report('role', 'import/unknown-role', { role: raw.role });
    const weak = raw.initialPassword ? passwordProblem(raw.initialPassword, username) : undefined;
    if (weak) report('initialPassword', weak, { field: 'initialPassword' });
    if (problems.length > before || !unit || !role) continue;

    const grantKey = `${username}|${unit.id}|${role}`;
    const firstRow = seenGrants.get(grantKey);
    if (firstRow) {
      report('role', 'import/duplicate-grant', { username, firstRow });
      continue;
    }
    seenGrants.set(grantKey, raw.row);
    const user = users.get(username);
    if (!user) {
      users.set(username, {
        row: raw.row,
        username,
        displayName: raw.displayName,
        organizationId: unit.id,
        initialPassword: raw.initialPassword || null,
        grants: [{ organizationId: unit.id, role }],
      });
    } else if (user.displayName !== raw.displayName) {
      report('displayName', 'import/user-mismatch', { username, firstRow: user.row });
    } else {
      user.grants.push({ organizationId: unit.id, role });
    }
  }
  return { users: problems.length ? [] : [...users.values()], problems };
}
