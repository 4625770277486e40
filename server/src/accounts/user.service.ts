import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { forbidden } from '../authorization/auth.guard.js';
import { Role } from '../authorization/role.js';
import { GRANT_UNITS, scopeFilter } from '../authorization/scope.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { parseId } from '../common/ids.js';
import { containsPattern } from '../common/transforms.js';
import type { CreateUserInput, UsersArgs } from './accounts.types.js';
import { Grant } from './grant.entity.js';
import { hashPassword, temporaryPassword } from './password.js';
import { UserSession } from './session.entity.js';
import { User } from './user.entity.js';
import { pgArray } from '../common/sql.js';

const view = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  organizationId: u.organization.id,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
});

/** Accounts and grants, administered within an ADMIN's subtree (the guard has checked the targets). */
@Injectable()
export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async get(_actor: Actor, id: string): Promise<User> {
    const key = parseId(id);
    const user = key ? await this.em.findOne(User, key) : null;
    if (!user) throw forbidden();
    return user;
  }

  /** Users whose unit lies in the admin's subtree, by username. */
  async list(actor: Actor, args: UsersArgs): Promise<Page<User>> {
    const scope = scopeFilter(actor, 'o.path', [Role.ADMIN]);
    const where = [scope.sql];
    const params: unknown[] = [...scope.params];
    if (args.organizationId) {
      where.push('o.path <@ (SELECT path FROM organization WHERE id = ?)');
      params.push(args.organizationId);
    }
    if (args.search) {
      where.push(`(u.username LIKE ? OR lower(u.display_name) LIKE ?)`);
      const like = containsPattern(args.search.toLowerCase());
      params.push(like, like);
    }
    return keysetPage(this.em, {
      select:
        'u.id, u.username, u.display_name, u.organization_id, u.disabled, u.must_change_password, u.version, u.last_login_at, u.created_at, u.updated_at',
      from: 'app_user u JOIN organization o ON o.id = u.organization_id',
      where,
      params,
      order: [{ column: 'u.username', part: 'string' }],
      first: args.first,
      after: args.after,
      toNode: (row) => this.em.map(User, row),
    });
  }

  async create(actor: Actor, input: CreateUserInput): Promise<{ user: User; temporaryPassword: string }> {
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    try {
      const user = await this.em.transactional(async (em) => {
        const created = em.create(User, {
          username: input.username,
          displayName: input.displayName,
          organization: Number(input.organizationId),
          passwordHash,
        });
        await em.flush();
        await this.audit.record(em, actor, {
          entityType: 'User',
          entityId: created.id,
          organizationId: created.organization.id,
          after: view(created),
        });
        return created;
      });
      return { user, temporaryPassword: password };
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError('BAD_USER_INPUT', 'user/username-taken', { username: input.username }, 'username');
      }
      throw error;
    }
  }

  /** A new temporary password; every session of the user ends. */
  async resetPassword(actor: Actor, userId: string): Promise<{ user: User; temporaryPassword: string }> {
    const user = await this.get(actor, userId);
    const password = temporaryPassword();
    user.passwordHash = await hashPassword(password);
    user.mustChangePassword = true;
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(UserSession, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'User',
        entityId: user.id,
        organizationId: user.organization.id,
        after: { passwordReset: true },
      });
    });
    return { user, temporaryPassword: password };
  }

  async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<User> {
    const user = await this.get(actor, userId);
    if (user.id === actor.userId && disabled) throw DomainError.badInput('userId', 'user/cannot-disable-self');
    const before = view(user);
    user.disabled = disabled;
    await this.em.transactional(async (em) => {
      if (disabled) await em.nativeUpdate(UserSession, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
      await em.flush();
      await this.audit.record(em, actor, {
        entityType: 'User',
        entityId: user.id,
        organizationId: user.organization.id,
        before,
        after: view(user),
      });
    });
    return user;
  }

  async grant(actor: Actor, userId: string, organizationId: string, role: Role): Promise<Grant> {
    const user = await this.get(actor, userId);
    try {
      return await this.em.transactional(async (em) => {
        const grant = em.create(Grant, { user, organization: Number(organizationId), role, createdBy: actor.userId });
        await em.flush();
        await this.audit.record(em, actor, {
          entityType: 'Grant',
          entityId: grant.id,
          organizationId: Number(organizationId),
          after: { userId: user.id, username: user.username, role },
        });
        return grant;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw DomainError.badInput('role', 'user/grant-exists');
      throw error;
    }
  }

  async revoke(actor: Actor, grantId: string): Promise<Grant> {
    const key = parseId(grantId);
    const grant = key ? await this.em.findOne(Grant, key, { populate: ['user'] }) : null;
    if (!grant) throw forbidden();
    await this.em.transactional(async (em) => {
      await this.audit.record(em, actor, {
        entityType: 'Grant',
        entityId: grant.id,
        organizationId: grant.organization.id,
        before: { userId: grant.user.id, username: grant.user.username, role: grant.role },
      });
      em.remove(grant);
      await em.flush();
    });
    return grant;
  }

  /** Grants of many users in one query, for a page of users: only those at units the actor reads (all of its own). */
  async grantsOf(actor: Actor, userIds: readonly number[]): Promise<Grant[][]> {
    const scope = scopeFilter(actor, 'g.path');
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `SELECT g.id, g.user_id, g.role, g.organization_id, g.created_by, g.created_at FROM ${GRANT_UNITS} g
       WHERE g.user_id = ANY(?::int[]) AND (${scope.sql} OR g.user_id = ?) ORDER BY g.id`,
      [pgArray(userIds), ...scope.params, actor.userId ?? 0],
    );
    const grants = rows.map((row) => this.em.map(Grant, row));
    return userIds.map((id) => grants.filter((g) => g.user.id === id));
  }
}
