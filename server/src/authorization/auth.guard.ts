import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';
import { DomainError } from '../common/errors.js';
import { parseId } from '../common/ids.js';
import { type Actor, ANONYMOUS, requestOf } from './actor.js';
import { executePrepared } from '../common/database/prepared.js';
import { ActorCache, CHANGES_CALLERS } from './actor-cache.js';
import { RULE_KEY, type Rule, type Target } from './allow.decorator.js';
import { Role } from './role.js';
import { GRANT_UNITS, reaches, reachesFromAbove } from './scope.js';
import { verifyToken } from './token.js';

interface ActorRow {
  user_id: number;
  username: string;
  disabled: boolean;
  must_change_password: boolean;
  expires_at: Date;
  revoked_at: Date | null;
  grants: { role: Role; organizationId: number; path: string }[];
}

export const unauthenticated = () => new DomainError('UNAUTHENTICATED', 'auth/unauthenticated');
export const forbidden = () => new DomainError('FORBIDDEN', 'auth/forbidden');

/**
 * The one place authorization is enforced: resolves the caller from the bearer token, then checks
 * the rule the handler declared with @Allow. A handler without a rule is refused, so a forgotten
 * declaration fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly em: EntityManager,
    @InjectConfig() private readonly config: AppConfig,
    private readonly actors: ActorCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<Rule | undefined>(RULE_KEY, [context.getHandler(), context.getClass()]);
    const request = requestOf(context);
    if (this.reflector.getAllAndOverride<boolean | undefined>(CHANGES_CALLERS, [context.getHandler(), context.getClass()])) {
      request.changesCallers = true;
    }
    // A stale token must not stand in the way of signing in again.
    const actor = (request.actor ??= await this.resolveActor(request.headers?.authorization).catch((error: unknown) => {
      if (rule?.kind === 'public') return { ...ANONYMOUS };
      throw error;
    }));
    actor.operation =
      context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getInfo().fieldName : context.getHandler().name;
    if (!rule) {
      this.logger.error(`No @Allow rule on ${context.getClass().name}.${context.getHandler().name}: refused`);
      throw forbidden();
    }
    if (rule.kind === 'public') return true;
    if (actor.userId === null) throw unauthenticated();
    if (actor.mustChangePassword && !(rule.kind === 'signedIn' && rule.allowPasswordChangePending)) {
      throw new DomainError('FORBIDDEN', 'auth/password-change-required');
    }
    if (rule.kind === 'signedIn') return true;
    if (!actor.grants.some((g) => rule.roles.includes(g.role))) throw forbidden();
    const args =
      context.getType<string>() === 'graphql'
        ? GqlExecutionContext.create(context).getArgs()
        : { ...request.query, ...request.body, ...request.params };
    for (const target of rule.targets) {
      if (await this.reachesTarget(actor, rule.roles, target, args)) continue;
      throw target.invalid ? DomainError.badInput(target.invalid.field, target.invalid.key) : forbidden();
    }
    return true;
  }

  private async reachesTarget(actor: Actor, roles: Role[], target: Target, args: Record<string, unknown>): Promise<boolean> {
    const value = target.arg.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], args);
    if (value === undefined || value === null || value === '') {
      if (target.optional) return true;
      // A new root: only a grant at a root unit may place one beside it.
      return Boolean(target.rootWhenAbsent) && actor.grants.some((g) => roles.includes(g.role) && !g.path.includes('.'));
    }
    // Targets are integer ids; anything else names nothing.
    const id = parseId(value as string | number);
    if (id === undefined) return false;
    const check = target.above ? reachesFromAbove : reaches;
    const granted = target.isUnit ? actor.grants.find((g) => g.organizationId === id) : undefined;
    if (granted) return check(actor, roles, granted.path);
    const paths = await this.targetPaths(target, id);
    // Unknown ids and ids out of reach get the same answer, so nothing leaks.
    return paths.length > 0 && paths.every((path) => check(actor, roles, path));
  }

  private async targetPaths(target: Target, id: number): Promise<string[]> {
    const known = target.isUnit ? this.actors.unitPath(id) : undefined;
    if (known !== undefined) return [known];
    const stamp = this.actors.stamp();
    const rows = await executePrepared<{ path: string }>(
      this.em,
      target.pathSql,
      target.pathSql
        .split('?')
        .slice(1)
        .map(() => id),
    );
    if (target.isUnit && rows.length === 1) this.actors.setUnitPath(id, rows[0].path, stamp);
    return rows.map((row) => row.path);
  }

  private async resolveActor(authorization: unknown): Promise<Actor> {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return { ...ANONYMOUS };
    const claims = verifyToken(authorization.slice(7).trim(), this.config.jwtSecret);
    if (!claims) throw unauthenticated();
    const cached = this.actors.get(claims.sid);
    if (cached?.userId === claims.sub) return cached;
    const stamp = this.actors.stamp();
    const [row] = await executePrepared<ActorRow>(
      this.em,
      `SELECT u.id AS user_id, u.username, u.disabled, u.must_change_password, s.expires_at, s.revoked_at,
         coalesce((SELECT json_agg(json_build_object('role', g.role, 'organizationId', g.organization_id, 'path', g.path::text))
                   FROM ${GRANT_UNITS} g WHERE g.user_id = u.id AND g.archived_at IS NULL), '[]') AS grants
       FROM user_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = ? AND u.id = ?`,
      [claims.sid, claims.sub],
    );
    if (!row || row.disabled || row.revoked_at || new Date(row.expires_at).getTime() <= Date.now()) throw unauthenticated();
    const actor: Actor = {
      userId: row.user_id,
      username: row.username,
      sessionId: claims.sid,
      grants: row.grants,
      mustChangePassword: row.must_change_password,
    };
    this.actors.set(claims.sid, actor, new Date(row.expires_at), stamp);
    return { ...actor };
  }
}
