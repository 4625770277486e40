import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

/**
 * The caller of a request. Every service method takes it first so that scope checks have one
 * place to live; accounts and grants attach to it (until then every caller is the anonymous one).
 */
export interface Actor {
  userId: number | null;
  /** Client-supplied request id, for logs and idempotent retries. */
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null };

function actorOf(request: { actor?: Actor; headers?: Record<string, unknown> } | undefined): Actor {
  if (request?.actor) return request.actor;
  const requestId = request?.headers?.['x-request-id'];
  return { userId: null, requestId: typeof requestId === 'string' ? requestId : undefined };
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  if (context.getType<string>() === 'graphql') {
    return actorOf(GqlExecutionContext.create(context).getContext<{ req?: { actor?: Actor } }>().req);
  }
  return actorOf(context.switchToHttp().getRequest());
});
