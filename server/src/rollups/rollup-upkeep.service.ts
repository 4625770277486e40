import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../common/config.js';
import { APP_CONFIG } from '../common/config.provider.js';
import { drain, foldBatch, ROLLUP_LOCK, rollOverDay, rollupDay, type Run, shiftSubtree } from './folding.js';

const runIn =
  (em: EntityManager): Run =>
  (sql, params = []) =>
    em.execute(sql, params);

/**
 * Keeps `rollup_subtree` (every figure summed over each unit's subtree) right while units write.
 * Writers only append to `rollup_queue` (database triggers on the fact tables); this in-process job
 * folds the queue every `ROLLUP_FOLD_MS`. Writers never update a shared row, so they never wait on
 * the root's row; figures trail writes by one fold. Several server processes may run it: one folds
 * at a time (an advisory lock), the others skip.
 */
@Injectable()
export class RollupUpkeep implements OnModuleDestroy {
  private readonly logger = new Logger('Rollups');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Folds continually; when the campaign day changes, folds the day's changes and then calls `onNewDay`. */
  start(onNewDay: (day: string) => Promise<void>): void {
    this.stopped = false;
    const tick = async () => {
      try {
        await this.foldAll();
        if (await this.em.transactional((em) => rollOverDay(runIn(em), this.day(), this.config.behindIdleDays))) {
          // Waits for any other process's fold: the day's escalation reads every change of the day.
          await this.em.transactional((em) => drain(runIn(em), this.day()));
          await onNewDay(this.clock.today());
        }
      } catch (error) {
        if (!this.stopped) this.logger.error(`Folding rollups failed: ${(error as Error).message}`);
      }
    };
    const loop = () => {
      if (this.stopped) return;
      this.running = tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.config.rollupFoldMs);
      });
    };
    loop();
  }

  /** Before the database connection closes: the fold in flight finishes, no new one starts. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One batch, unless another process holds the lock; returns the queue rows taken. */
  fold(batchSize = 20_000): Promise<number> {
    return this.em.transactional(async (em) => {
      const [{ locked }] = await em.execute<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock(?) AS locked', [ROLLUP_LOCK]);
      return locked ? foldBatch(runIn(em), this.day(), batchSize) : 0;
    });
  }

  private async foldAll(): Promise<void> {
    while (!this.stopped && (await this.fold()) > 0);
  }

  /** Taken before the tree lock by whoever moves units: the fold never takes the tree lock, so no deadlock. */
  async lockForMove(em: EntityManager): Promise<void> {
    await em.execute('SELECT pg_advisory_xact_lock(?)', [ROLLUP_LOCK]);
  }

  moved(em: EntityManager, nodeId: number, oldPath: string, newParentPath: string): Promise<void> {
    return shiftSubtree(runIn(em), this.day(), nodeId, oldPath, newParentPath);
  }

  private day() {
    return rollupDay(this.clock.today(), this.config.behindIdleDays);
  }
}
