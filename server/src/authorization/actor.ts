import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Role } from './role.js';

export interface ActorGrant {
  role: Role;
  organizationId: number;
  /** The unit's ltree path, e.g. `1.5.42`. */
  path: string;
}

/**
 * The caller of a request, resolved once by the global guard. Every service method takes it first,
 * so scope checks and audit events have one place to read who is asking.
 */
export interface Actor {
  userId: number | null;
  username?: string;
  sessionId?: string;
  grants: ActorGrant[];
  mustChangePassword?: boolean;
  /** The GraphQL operation or HTTP route being served, for the audit trail. */
  operation?: string;
}

export const ANONYMOUS: Actor = { userId: null, grants: [] };

type WithActor = { actor?: Actor };

export function requestOf(context: ExecutionContext): WithActor & Record<string, any> {
  return context.getType<string>() === 'graphql'
    ? GqlExecutionContext.create(context).getContext<{ req: WithActor & Record<string, any> }>().req
    : context.switchToHttp().getRequest();
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => requestOf(context).actor ?? ANONYMOUS);
