import { Injectable, type OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { isWithin } from '../../authorization/scope.js';
import type { ImportContext, ImportHandler, ImportOutcome } from '../../imports/import-handler.js';
import { ImportKind } from '../../imports/import-job.entity.js';
import { ImportRunner } from '../../imports/import-runner.service.js';
import type { TableColumn } from '../../imports/table-file.js';
import { hashPassword } from '../password.js';
import { validateUsers, type ImportUnitRef, type UserRow } from './validate-users.js';

export const USER_COLUMNS: TableColumn[] = [
  { key: 'username', aliases: ['用户名', '账号'], required: true },
  { key: 'displayName', aliases: ['姓名', 'display name', 'name'], required: true },
  { key: 'organizationCode', aliases: ['单位代码', '所属单位代码', 'organization code', 'unitCode'], required: true },
  { key: 'role', aliases: ['角色'], required: true },
  { key: 'initialPassword', aliases: ['初始密码', 'password'], required: false },
];

// Not a scrypt hash, so no password matches it until an admin resets it or the user is given one.
const NO_PASSWORD = '!';

/**
 * Accounts from a spreadsheet: username, displayName, organizationCode, role, and optionally an
 * initial password. Every imported user must change the password at first sign-in.
 */
@Injectable()
export class UserImportHandler implements ImportHandler, OnModuleInit {
  readonly kind = ImportKind.USERS;
  readonly columns = USER_COLUMNS;

  constructor(private readonly runner: ImportRunner) {}

  onModuleInit() {
    this.runner.register(this);
  }

  async run({ tx, rows, adminPaths, progress }: ImportContext): Promise<ImportOutcome> {
    const userRows = rows as unknown as UserRow[];
    const kysely = tx.getKysely();
    const usernames = [...new Set(userRows.map((r) => r.username.toLowerCase()))];
    const codes = [...new Set(userRows.map((r) => r.organizationCode))];
    const taken = await sql<{ username: string }>`SELECT username FROM app_user WHERE username = ANY(${usernames}::text[])`.execute(kysely);
    const units = await sql<ImportUnitRef & { code: string }>`SELECT id, code, path::text AS path, archived_at IS NOT NULL AS archived
      FROM organization WHERE code = ANY(${codes}::text[])`.execute(kysely);
    const { users, problems } = validateUsers(
      userRows,
      new Set(taken.rows.map((r) => r.username)),
      new Map(units.rows.map((u) => [u.code, u])),
      (unit) => adminPaths === null || adminPaths.some((p) => isWithin(unit.path, p)),
    );
    if (problems.length) return { problems, imported: 0 };
    for (const [i, user] of users.entries()) {
      const hash = user.initialPassword ? await hashPassword(user.initialPassword) : NO_PASSWORD;
      const { rows: created } = await sql<{
        id: number;
      }>`INSERT INTO app_user (username, display_name, password_hash, organization_id, must_change_password)
        VALUES (${user.username}, ${user.displayName}, ${hash}, ${user.organizationId}, true) RETURNING id`.execute(kysely);
      for (const grant of user.grants) {
        await sql`INSERT INTO role_grant (user_id, organization_id, role) VALUES (${created[0].id}, ${grant.organizationId}, ${grant.role})`.execute(
          kysely,
        );
      }
      if (i % 50 === 49) await progress(i + 1);
    }
    return { problems: [], imported: users.length, organizationId: users[0]?.organizationId ?? null };
  }
}
