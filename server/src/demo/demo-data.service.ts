import { Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../common/config.js';
import { InjectConfig } from '../common/config.provider.js';
import { insertUnits } from '../organizations/import/insert-units.js';
import { validateUnits } from '../organizations/import/validate-units.js';
import { buildDemoCityTree } from './city-tree.js';

/** The demo city, loaded into an empty database outside production so a newcomer sees a real tree. */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly orm: MikroORM,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Returns the number of units loaded (0 when the database already had data or demo is off). */
  async loadIfEmpty(): Promise<number> {
    if (!this.config.demoData || this.config.nodeEnv === 'production') return 0;
    return this.orm.em.fork().transactional(async (em) => {
      // One loader at a time; a second server starting on the same database waits, then sees data.
      await em.execute('SELECT pg_advisory_xact_lock(?)', [0x64656d6f]);
      const [{ found }] = await em.execute<{ found: boolean }[]>('SELECT EXISTS (SELECT 1 FROM organization) AS found');
      if (found) return 0;
      const rows = buildDemoCityTree().map((unit, i) => ({
        row: i + 2,
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parentCode: unit.parentCode ?? '',
        memberCount: String(unit.memberCount),
      }));
      const { units, problems } = validateUnits(rows, new Map());
      if (problems.length) throw new Error(`demo data is invalid: ${JSON.stringify(problems.slice(0, 3))}`);
      await insertUnits(em, units, new Map(), async () => undefined);
      this.logger.log(`Loaded the demo city: ${units.length} units`);
      return units.length;
    });
  }
}
