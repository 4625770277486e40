import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely, CompiledQuery, type Transaction } from 'kysely';
import type { ExportJob, ExportWorkerData, FromWorker, ToWorker } from './export.worker.js';
import { evidenceFilesQuery, type LedgerFilter, type SqlQuery, totalsQuery } from './ledger-query.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(`./export.worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);
// From source, `--import` registers the hook that maps the worker's `.js` imports to `.ts` files.
const SOURCE_HOOK = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(new URL('./source-imports.mjs', import.meta.url).href)});`,
)}`;

/**
 * The worker's heap is capped. Making a million rows of XML makes a lot of short-lived garbage; in a
 * heap of its own it cannot grow the server's heap, and an export that outgrew it fails alone.
 */
const LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

/** The client went away (or the response was cut): the export stops without an error to report. */
export class ClientGone extends Error {}

export interface LedgerTotals {
  problems: number;
  records: number;
}

/**
 * The main thread's side of an export: one REPEATABLE READ, read-only transaction whose snapshot
 * the worker imports, so whatever is read ahead (counts, totals), every sheet and the pack's file
 * list all come from the same state of the database however long the download takes.
 */
export class ExportSnapshot {
  protected constructor(
    private readonly trx: Transaction<unknown>,
    /** pg_export_snapshot(): valid while this transaction is open. */
    readonly id: string,
  ) {}

  static async take<T>(db: Kysely<unknown>, work: (snapshot: ExportSnapshot) => Promise<T>): Promise<T> {
    return ExportSnapshot.open(db, (trx, id) => work(new ExportSnapshot(trx, id)));
  }

  protected static open<T>(db: Kysely<unknown>, work: (trx: Transaction<unknown>, id: string) => Promise<T>): Promise<T> {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx);
        return work(trx, rows[0].id);
      });
  }

  async query<T>(query: SqlQuery): Promise<T[]> {
    return (await this.trx.executeQuery(CompiledQuery.raw(query.text, query.values))).rows as T[];
  }
}

/** The snapshot of a ledger export, with the filter every part of it applies. */
export class LedgerSnapshot extends ExportSnapshot {
  private constructor(
    trx: Transaction<unknown>,
    id: string,
    readonly filter: LedgerFilter,
  ) {
    super(trx, id);
  }

  static async run<T>(db: Kysely<unknown>, filter: LedgerFilter, work: (snapshot: LedgerSnapshot) => Promise<T>): Promise<T> {
    return ExportSnapshot.open(db, (trx, id) => work(new LedgerSnapshot(trx, id, filter)));
  }

  async totals(): Promise<LedgerTotals> {
    const [row] = await this.query<{ problems: number; records: string }>(totalsQuery(this.filter));
    return { problems: row.problems, records: Number(row.records) };
  }

  async evidenceFiles(digests: string[]): Promise<{ sha256: string; size: number; media_type: string }[]> {
    return digests.length ? this.query(evidenceFilesQuery(digests)) : [];
  }
}

export interface Collected {
  heads: [string, number, string | null][];
  evidence: Set<string>;
}

/**
 * Runs the export worker (export.worker.ts) on `snapshot`, writing what it makes to `out`. The
 * worker reads the rows and writes the CSV or XLSX (~40 s of CPU for a million rows, which would
 * otherwise stall every other request on the event loop); it waits after each batch until `out`
 * has room, so a slow client slows the export instead of filling memory.
 */
export function runExport(
  databaseUrl: string,
  snapshot: ExportSnapshot,
  job: ExportJob,
  out: Writable,
  collected?: Collected,
): Promise<void> {
  const workerData: ExportWorkerData = { databaseUrl, snapshot: snapshot.id, job };
  const worker = new Worker(WORKER, {
    workerData,
    resourceLimits: LIMITS,
    execArgv: FROM_SOURCE ? [...process.execArgv, '--import', SOURCE_HOOK] : undefined,
  });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      out.off('close', onClose);
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    const onClose = () => settle(new ClientGone());
    const go = () => worker.postMessage({ type: 'go' } satisfies ToWorker);
    out.on('close', onClose);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'data') {
        out.write(Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength));
      } else if (message.type === 'batch') {
        if (collected) {
          collected.heads.push(...message.heads);
          for (const digest of message.evidence) collected.evidence.add(digest);
        }
        if (out.writableNeedDrain) out.once('drain', go);
        else go();
      } else {
        out.end();
        settle();
      }
    });
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => settle(new Error(`the export worker stopped (exit code ${code})`)));
  });
}

/** The worker's job for a ledger file: sheet rows from `snapshot`'s filter; `collect` for the evidence pack's manifest. */
export const ledgerJob = (snapshot: LedgerSnapshot, format: 'csv' | 'xlsx', collect = false): ExportJob => ({
  kind: 'ledger',
  filter: snapshot.filter,
  format,
  collect,
});

/** The worker's file streamed to `response`. A failure on either side ends both: the worker stops when the client goes, and the response when the worker fails. */
export async function streamExport(databaseUrl: string, snapshot: ExportSnapshot, job: ExportJob, response: Writable): Promise<void> {
  const out = new PassThrough();
  await settled(
    runExport(databaseUrl, snapshot, job, out).catch((error: unknown) => {
      out.destroy(error instanceof Error ? error : undefined);
      throw error;
    }),
    pipeline(out, response).catch(() => {
      throw new ClientGone();
    }),
  );
}

/**
 * Both results once both have ended; the first failure otherwise. Unlike Promise.all it never
 * returns while one side still reads from the snapshot's transaction.
 */
export async function settled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}
