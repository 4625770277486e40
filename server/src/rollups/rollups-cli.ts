import { loadConfig } from '../common/config.js';
import { openCliDatabase } from '../common/database/cli-database.js';
import { today } from '../common/dates.js';
import { compareWithFacts, drain, rebuild, ROLLUP_LOCK, rollOverDay, rollupDay } from './folding.js';

/**
 * `npm run rollups:check [-- --repair]`: folds what is queued, then recomputes every rollup figure
 * from the facts and names each (campaign, unit) whose stored figures differ. Exit code 0 when
 * none differ, 1 when some do (after `--repair` rebuilds them from the facts). Same database rules
 * as `ledger:verify`.
 */
export async function checkRollups(env: NodeJS.ProcessEnv, args: string[], print: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  const day = rollupDay(today(), config.behindIdleDays);
  const { run, close } = await openCliDatabase(config);
  try {
    const started = Date.now();
    // Locked before the snapshot is taken, so no fold commits between the snapshot and the check.
    await run('SELECT pg_advisory_lock(?)', [ROLLUP_LOCK]);
    await run('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await drain(run, day);
    await rollOverDay(run, day, config.behindIdleDays);
    await drain(run, day);
    const result = await compareWithFacts(run, day);
    await run('COMMIT');
    for (const d of result.differences) {
      const columns = Object.entries(d.columns).map(([column, [stored, expected]]) => `${column} ${stored} (facts: ${expected})`);
      print(`DIFFERS ${d.table} campaign ${d.campaignId} unit ${d.organizationId}: ${columns.join(', ')}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.differing === 0) {
      print(`OK: rollups of ${result.pairs} (campaign, unit) pairs match the facts (checked in ${seconds} s).`);
      return 0;
    }
    print(
      `FAILED: ${result.differing} rollup rows differ from the facts${result.differing > result.differences.length ? ` (first ${result.differences.length} shown)` : ''}.`,
    );
    if (args.includes('--repair')) {
      await run('BEGIN');
      await rebuild(run, day);
      await run('COMMIT');
      print('Repaired: every rollup rebuilt from the facts.');
    }
    return 1;
  } catch (error) {
    await run('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await close();
  }
}

if (process.argv[1]?.endsWith('rollups-cli.js')) {
  checkRollups(process.env, process.argv.slice(2), (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
