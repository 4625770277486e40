import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit, SetMetadata } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Actor } from './actor.js';

/** A safety net: even with notifications flowing, no cached caller or path outlives this. */
const MAX_AGE_MS = 60_000;
/** Per map: callers, and unit paths. */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

/**
 * Callers by session, and units' paths by id, so a guarded read does not pay database round trips
 * to learn who asks and where the unit it names sits. Correct only while it hears of every change:
 * database triggers on users, sessions, grants and units NOTIFY `actor_changed` (every server
 * process listens and forgets everything), and this process forgets everything after each of its
 * own mutations that change callers or units, before answering it: the notification may arrive after
 * the answer, and the caller's next request must see the change. Without a listening connection
 * nothing is cached.
 */
@Injectable()
export class ActorCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ActorCache');
  private readonly entries = new Map<string, Entry<Actor>>();
  private readonly unitPaths = new Map<number, Entry<string>>();
  private listener: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  /** Bumped by every clear: a caller read before a clear must not be stored after it. */
  private generation = 0;

  constructor(private readonly orm: MikroORM) {}

  onModuleInit(): void {
    void this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.listener?.end().catch(() => undefined);
  }

  get(sessionId: string): Actor | undefined {
    const actor = this.read(this.entries, sessionId);
    // Each request sets its own operation name on the actor.
    return actor && { ...actor };
  }

  unitPath(unitId: number): string | undefined {
    return this.read(this.unitPaths, unitId);
  }

  /** Taken before reading a caller or a path from the database, and handed back to `set` or `setUnitPath`. */
  stamp(): number {
    return this.generation;
  }

  set(sessionId: string, actor: Actor, sessionExpiresAt: Date, stamp: number): void {
    const frozen = Object.freeze({ ...actor, grants: Object.freeze(actor.grants.map((g) => Object.freeze({ ...g }))) }) as Actor;
    this.write(this.entries, sessionId, frozen, stamp, sessionExpiresAt.getTime());
  }

  setUnitPath(unitId: number, path: string, stamp: number): void {
    this.write(this.unitPaths, unitId, path, stamp);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.unitPaths.clear();
  }

  private read<K, T>(entries: Map<K, Entry<T>>, key: K): T | undefined {
    const entry = entries.get(key);
    if (!entry || !this.listening) return undefined;
    if (entry.until <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  private write<K, T>(entries: Map<K, Entry<T>>, key: K, value: T, stamp: number, until = Infinity): void {
    if (!this.listening || stamp !== this.generation) return;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(key, { value, until: Math.min(until, Date.now() + MAX_AGE_MS) });
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.orm.config.get('clientUrl'), keepAlive: true });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listening = false;
      this.listener = undefined;
      this.clear();
      if (!this.closed) {
        if (error) this.logger.warn(`Lost the actor_changed listener (${error.message}); caching callers is off until it is back`);
        this.retry = setTimeout(() => void this.listen(), 5_000);
      }
      void client.end().catch(() => undefined);
    };
    this.listener = client;
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.clear());
    try {
      await client.connect();
      await client.query('LISTEN actor_changed');
      this.clear();
      this.listening = !this.closed;
    } catch (error) {
      lost(error as Error);
    }
  }
}

export const CHANGES_CALLERS = 'campaign-ledger:changes-callers';

/**
 * Declares a mutation (or every mutation of a resolver) that writes users, sessions, grants or units:
 * this process forgets its cached callers before answering it. Other mutations keep them, so a
 * secretary logging sessions is not read from the database on every request.
 */
export const ChangesCallers = () => SetMetadata(CHANGES_CALLERS, true);

/** Set by the guard on a request whose resolver is declared `@ChangesCallers()`. */
export interface ChangesCallersFlag {
  changesCallers?: boolean;
}

/** This process forgets its cached callers after each mutation declared to change them, before the answer leaves. */
@Plugin()
export class ForgetCallersAfterMutations implements ApolloServerPlugin<{ req?: ChangesCallersFlag }> {
  constructor(private readonly actors: ActorCache) {}

  async requestDidStart(): Promise<GraphQLRequestListener<{ req?: ChangesCallersFlag }>> {
    const actors = this.actors;
    return {
      async willSendResponse({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && contextValue.req?.changesCallers) actors.clear();
      },
    };
  }
}
