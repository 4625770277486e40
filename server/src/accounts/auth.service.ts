import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../authorization/actor.js';
import { signToken } from '../authorization/token.js';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';
import { DomainError } from '../common/errors.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './password.js';
import { LoginFailure, UserSession } from './session.entity.js';
import { User } from './user.entity.js';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
const SESSION_HOURS = 12;

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Signs in. Unknown usernames, wrong passwords and disabled accounts get one and the same answer,
   * after the same scrypt work; five failures for one name within 15 minutes lock that name.
   */
  async login(actor: Actor, username: string, password: string): Promise<{ token: string; user: User }> {
    const attempt = await this.em.fork().transactional<{ refused: string } | { token: string; user: User }>(async (tx) => {
      // One attempt per name at a time, so parallel guesses cannot slip past the lock. Refusals are
      // returned, not thrown, so the failure and its audit event commit.
      await tx.execute('SELECT pg_advisory_xact_lock(hashtext(?))', [`login:${username}`]);
      if (await this.isLocked(tx, username)) {
        await this.recordAttempt(tx, actor, username, null, AuditOutcome.REFUSED, { reason: 'locked' });
        return { refused: 'auth/locked' };
      }
      const user = await tx.findOne(User, { username }, { populate: ['passwordHash'] });
      const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !matches || user.disabled) {
        let outcome = AuditOutcome.REFUSED;
        if (!user?.disabled) {
          tx.create(LoginFailure, { username });
          await tx.flush();
          if (await this.isLocked(tx, username)) outcome = AuditOutcome.LOCKED;
        }
        await this.recordAttempt(tx, actor, username, user, outcome, { reason: user?.disabled ? 'disabled' : 'credentials' });
        return { refused: outcome === AuditOutcome.LOCKED ? 'auth/locked' : 'auth/invalid-credentials' };
      }
      const sessionId = randomUUID();
      const now = Math.floor(Date.now() / 1000);
      const expiresAt = new Date((now + SESSION_HOURS * 3600) * 1000);
      tx.create(UserSession, { id: sessionId, user, expiresAt });
      await tx.flush();
      // Not through the entity: that would bump its version, and parallel sign-ins would conflict.
      await tx.nativeUpdate(User, { id: user.id }, { lastLoginAt: new Date() });
      await tx.nativeDelete(LoginFailure, { username });
      await this.audit.record(
        tx,
        { ...actor, userId: user.id, username: user.username },
        { entityType: 'User', entityId: user.id, organizationId: user.organization.id, after: { sessionId, expiresAt } },
      );
      // From here on this request speaks for the user, so the fields of its answer (its grants) are its own.
      Object.assign(actor, { userId: user.id, username: user.username });
      return { token: signToken({ sub: user.id, sid: sessionId, iat: now, exp: now + SESSION_HOURS * 3600 }, this.config.jwtSecret), user };
    });
    if ('refused' in attempt) throw new DomainError('UNAUTHENTICATED', attempt.refused);
    return attempt;
  }

  async logout(actor: Actor): Promise<boolean> {
    await this.em.transactional(async (tx) => {
      await tx.nativeUpdate(UserSession, { id: actor.sessionId, revokedAt: null }, { revokedAt: new Date() });
      await this.audit.record(tx, actor, {
        entityType: 'User',
        entityId: actor.userId,
        organizationId: await this.homeUnit(tx, actor.userId!),
        after: { sessionId: actor.sessionId, revoked: true },
      });
    });
    return true;
  }

  /** Ends every other session of the user: a changed password should lock out whoever knew the old one. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<User> {
    const user = await this.em.findOneOrFail(User, actor.userId!, { populate: ['passwordHash'] });
    if (!(await verifyPassword(currentPassword, user.passwordHash))) throw DomainError.badInput('currentPassword', 'auth/wrong-password');
    const problem = passwordProblem(newPassword, user.username);
    if (problem) throw DomainError.badInput('newPassword', problem);
    user.passwordHash = await hashPassword(newPassword);
    user.mustChangePassword = false;
    await this.em.transactional(async (tx) => {
      await tx.nativeUpdate(UserSession, { user: user.id, revokedAt: null, id: { $ne: actor.sessionId } }, { revokedAt: new Date() });
      await tx.flush();
      await this.audit.record(tx, actor, {
        entityType: 'User',
        entityId: user.id,
        organizationId: user.organization.id,
        after: { passwordChanged: true },
      });
    });
    return user;
  }

  async me(actor: Actor): Promise<User> {
    return this.em.findOneOrFail(User, actor.userId!);
  }

  private async isLocked(em: EntityManager, username: string): Promise<boolean> {
    const [row] = await em.execute<{ locked: boolean }[]>(
      `SELECT count(*) >= ? AND max(at) > now() - make_interval(mins => ?) AND max(at) - min(at) <= make_interval(mins => ?) AS locked
       FROM (SELECT at FROM login_failure WHERE username = ? ORDER BY at DESC LIMIT ?) recent`,
      [LOCK_AFTER_FAILURES, LOCK_MINUTES, LOCK_MINUTES, username, LOCK_AFTER_FAILURES],
    );
    return Boolean(row?.locked);
  }

  /** A failed or refused sign-in is one audit event of its own, committed although the mutation fails. */
  private async recordAttempt(em: EntityManager, actor: Actor, username: string, user: User | null, outcome: AuditOutcome, after: object) {
    await this.audit.record(
      em,
      { ...actor, userId: null },
      {
        entityType: 'User',
        entityId: user?.id ?? null,
        organizationId: user?.organization.id ?? null,
        actorName: username.slice(0, 255),
        outcome,
        after,
      },
    );
  }

  private async homeUnit(em: EntityManager, userId: number): Promise<number | null> {
    const [row] = await em.execute<{ organization_id: number }[]>('SELECT organization_id FROM app_user WHERE id = ?', [userId]);
    return row?.organization_id ?? null;
  }
}
