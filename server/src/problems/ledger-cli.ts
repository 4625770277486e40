import { loadConfig } from '../common/config.js';
import { openCliDatabase } from '../common/database/cli-database.js';
import { verifyAllChains } from './ledger.service.js';

/**
 * `npm run ledger:verify`: recomputes every problem's hash chain and names the first broken record
 * of each broken one. Exit code 0 when all hold, 1 when any is broken.
 * Uses DATABASE_URL, else the embedded database under DATA_DIR (the running server's, if it is up).
 */
export async function verifyLedger(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  const { run, close } = await openCliDatabase(config);
  try {
    const started = Date.now();
    const result = await verifyAllChains(run);
    for (const chain of result.broken) {
      print(`BROKEN problem ${chain.problemId}: first broken record seq ${chain.firstBrokenSeq}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    print(
      result.broken.length === 0
        ? `OK: ${result.records} records of ${result.problems} problems verified in ${seconds} s; every chain holds.`
        : `FAILED: ${result.broken.length} of ${result.problems} problems have a broken chain (${result.records} records checked).`,
    );
    return result.broken.length === 0 ? 0 : 1;
  } finally {
    await close();
  }
}

if (process.argv[1]?.endsWith('ledger-cli.js')) {
  verifyLedger(process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
