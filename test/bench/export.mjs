#!/usr/bin/env node
// Benchmark: export 1,000,000 ledger records to XLSX (budget: streams, first bytes < 1 s, < 60 s, < 300 MB RSS).
//
//   node_modules/.bin/node test/bench/export.mjs [--records 1000000] [--per-problem 3] [--format xlsx|csv|zip] [--keep] [--data-dir DIR]
//
// Starts the built server on a fresh demo database (DATA_DIR under test/bench/.out/, or DATABASE_URL),
// bulk-generates one county of 1,000 branches with records/per-problem problems and their records in
// the demo campaign (INSERT … SELECT generate_series; skipped when --data-dir holds them already),
// restarts the server on that database and lets it idle, then downloads GET /api/exports/ledger.xlsx
// of that county over HTTP as demo-auditor. Prints time to first byte, seconds, bytes, rows/s and the
// server process's peak RSS (VmHWM, reset just before the export), beside a baseline measured in
// the same run: PostgreSQL writing the same record rows with COPY (…) TO '/dev/null'.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { serverArgs } from './server-command.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(REPO, 'test/bench/.out');
const BUDGET = { seconds: 60, firstByteSeconds: 1, peakRssMb: 300 };
const BRANCHES = 1_000;

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    'per-problem': { type: 'string', default: '3' },
    format: { type: 'string', default: 'xlsx' },
    keep: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});
const records = Number(values.records);
const perProblem = Number(values['per-problem']);
const format = values.format;
if (!Number.isSafeInteger(records) || records < perProblem || !Number.isSafeInteger(perProblem) || perProblem < 1 || perProblem > 20) {
  throw new Error('--records must be an integer ≥ --per-problem, and --per-problem 1 to 20');
}
if (!['xlsx', 'csv', 'zip'].includes(format)) throw new Error('--format is xlsx, csv or zip');
const problems = Math.ceil(records / perProblem);

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const freePort = () =>
  new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes) => bytes / 1024 / 1024;

let base;
async function gql(query, variables, token) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors[0])}`);
  return body.data;
}

/** kB fields of /proc/<pid>/status. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** The embedded cluster the server started: its port from postmaster.pid, the password it keeps beside it. */
async function databaseUrl(dataDir) {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  for (let i = 0; i < 100 && !existsSync(join(dataDir, 'pg', 'postmaster.pid')); i++) await sleep(100);
  const port = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    .trim();
  const password = readFileSync(join(dataDir, 'pg.secret'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/campaign_ledger`;
}

/**
 * One county with BRANCHES branches, `problems` problems spread over them, `perProblem` records each.
 * Hashes are real sha256 values chained per problem, but over a simplified content (not the canonical
 * JSON the server hashes): the export reads and writes them, it does not check them.
 */
async function generate(db, cityId, campaignId, prefix) {
  const started = performance.now();
  await db.query('BEGIN');
  const [county] = (
    await db.query(
      `INSERT INTO organization (id, code, name, kind, parent_id, path, depth)
       SELECT n, $1, '中共基准测试县委员会', 'COMMITTEE', c.id, (c.path::text || '.' || n)::ltree, c.depth + 1
       FROM organization c, (SELECT nextval('organization_id_seq') AS n) s WHERE c.id = $2 RETURNING id, path::text`,
      [`${prefix}C`, cityId],
    )
  ).rows;
  await db.query(
    `INSERT INTO organization (id, code, name, kind, parent_id, path, depth)
     SELECT n, $1 || lpad(g::text, 4, '0'), '基准测试村第' || g || '党支部', 'BRANCH', $2, ($3 || '.' || n)::ltree, nlevel($3::ltree) + 1
     FROM (SELECT g, nextval('organization_id_seq') AS n FROM generate_series(1, $4) g) s`,
    [`${prefix}B`, county.id, county.path, BRANCHES],
  );
  await db.query(
    `CREATE TEMP TABLE bench_branch ON COMMIT DROP AS
     SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM organization WHERE parent_id = $1`,
    [county.id],
  );
  const statuses = `(ARRAY['OPEN','IN_PROGRESS','RECTIFIED','VERIFIED'])[1 + g % 4]`;
  await db.query(
    `INSERT INTO problem (campaign_id, organization_id, scope, person_name, category, source, description, found_on,
                          rectification_kind, responsible_leader, deadline, status, verified_at, ledger_seq, created_at)
     SELECT $1, b.id, CASE WHEN g % 5 = 0 THEN 'INDIVIDUAL' ELSE 'TEAM' END, CASE WHEN g % 5 = 0 THEN '张' || g % 100 END,
            (ARRAY['IDEOLOGY','PERFORMANCE_VIEW','WORK_STYLE','INTEGRITY','FORMALISM','OTHER'])[1 + g % 6],
            (ARRAY['SELF_EXAMINATION','PUBLIC_OPINION','SUPERIOR_REVIEW','INSPECTION','AUDIT','HEART_TO_HEART'])[1 + g % 6],
            '重大项目决策前调研论证不充分，存在“拍脑袋”决策倾向（基准第' || g || '号）', current_date - (g % 60),
            'BY_DEADLINE', '李书记', current_date + 30, ${statuses},
            CASE WHEN ${statuses} = 'VERIFIED' THEN now() END, $2, now()
     FROM generate_series(1, $3) g JOIN bench_branch b ON b.i = g % $4`,
    [campaignId, perProblem, problems, BRANCHES],
  );
  await db.query(
    `INSERT INTO problem_measure (problem_id, position, content, owner, deadline, deliverable)
     SELECT p.id, 1, '建立重大项目决策前调研论证制度，明确论证程序和责任', '王主任', current_date + 20, '印发《重大项目决策论证办法》'
     FROM problem p JOIN bench_branch b ON b.id = p.organization_id`,
  );
  // Records seq 1..perProblem, each hash chained to the one before (a recursive walk down each chain).
  await db.query(
    `INSERT INTO rectification_record (problem_id, seq, action, actor_id, actor_name, at, note, evidence, payload, prev_hash, hash)
     WITH RECURSIVE chain AS (
       SELECT p.id AS problem_id, 1 AS seq, repeat('0', 64) AS prev_hash,
              encode(sha256(convert_to(repeat('0', 64) || p.id || ':1', 'UTF8')), 'hex') AS hash
       FROM problem p JOIN bench_branch b ON b.id = p.organization_id
       UNION ALL
       SELECT c.problem_id, c.seq + 1, c.hash, encode(sha256(convert_to(c.hash || c.problem_id || ':' || (c.seq + 1), 'UTF8')), 'hex')
       FROM chain c WHERE c.seq < $1
     )
     SELECT problem_id, seq, CASE WHEN seq = 1 THEN 'REPORTED' ELSE 'PROGRESS' END, NULL, 'bench-secretary',
            now() - interval '1 day' + seq * interval '1 minute',
            CASE WHEN seq = 1 THEN '' ELSE '已召开专题会议部署整改，第' || seq || '次报告进展' END, '{}',
            CASE WHEN seq = 1 THEN '{"status": "OPEN"}'::jsonb ELSE '{"from": "OPEN", "to": "IN_PROGRESS", "resolution": null}'::jsonb END,
            prev_hash, hash
     FROM chain`,
    [perProblem],
  );
  await db.query(
    `UPDATE problem p SET ledger_head = r.hash FROM rectification_record r, bench_branch b
     WHERE b.id = p.organization_id AND r.problem_id = p.id AND r.seq = p.ledger_seq`,
  );
  await db.query('COMMIT');
  await db.query('ANALYZE organization, problem, problem_measure, rectification_record');
  return { countyId: String(county.id), seconds: (performance.now() - started) / 1000 };
}

/** The floor: PostgreSQL producing the same record rows, in the export's order, with nothing written anywhere. */
async function copyBaseline(db, countyPath, campaignId) {
  const started = performance.now();
  await db.query(
    `COPY (SELECT r.problem_id, r.seq, r.action, r.actor_id, r.actor_name, r.at, r.note, r.evidence, r.hash, r.prev_hash, r.payload
           FROM (SELECT p.id, o.path FROM problem p JOIN organization o ON o.id = p.organization_id
                 WHERE p.campaign_id = ${Number(campaignId)} AND o.path <@ '${countyPath}'::ltree) p
           CROSS JOIN LATERAL (SELECT * FROM rectification_record r WHERE r.problem_id = p.id ORDER BY r.seq) r
           ORDER BY p.path, p.id, r.seq) TO '/dev/null'`,
  );
  return (performance.now() - started) / 1000;
}

/** Downloads the export, timing the first body bytes; the server's memory is sampled while it runs. */
async function download(url, token, pid) {
  const started = performance.now();
  let peakSampled = 0;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memory(pid).rss)), 100);
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const headersAt = performance.now();
    if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
    let firstByteAt;
    let bytes = 0;
    for await (const chunk of response.body) {
      firstByteAt ??= performance.now();
      bytes += chunk.length;
    }
    const done = performance.now();
    return {
      headersSeconds: (headersAt - started) / 1000,
      firstByteSeconds: (firstByteAt - started) / 1000,
      seconds: (done - started) / 1000,
      bytes,
      totals: { problems: Number(response.headers.get('x-total-problems')), records: Number(response.headers.get('x-total-records')) },
      peakSampled,
    };
  } finally {
    clearInterval(sampler);
  }
}

let server;
let dataDir;
let db;

/** The built server on DATA_DIR, started as `npm start` starts it; resolves once GraphQL answers. */
async function startServer(port, logFd) {
  const child = spawn(process.execPath, serverArgs(), {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development', DEMO_DATA: 'true' },
    stdio: ['ignore', logFd, 'inherit'],
  });
  for (let ready = false; !ready;) {
    await sleep(200);
    if (child.exitCode !== null) throw new Error('the server exited during start');
    ready = await gql('{ __typename }').then(
      () => true,
      () => false,
    );
  }
  return child;
}

async function stopServer() {
  const child = server;
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  // This server, not whichever one `server` names by the time the timer fires.
  let timer;
  await Promise.race([
    new Promise((done) => child.once('exit', done)),
    new Promise((done) => (timer = setTimeout(() => done(child.kill('SIGKILL')), 30_000))),
  ]);
  clearTimeout(timer);
}

try {
  await mkdir(OUT, { recursive: true });
  dataDir = values['data-dir'] ? resolve(values['data-dir']) : await mkdtemp(join(OUT, 'export-'));
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const log = openSync(join(dataDir, 'server.log'), 'a');
  server = await startServer(port, log);
  const auditor = (await gql('mutation { login(username: "demo-auditor", password: "Demo@2026") { token } }')).login.token;
  const [city] = (await gql('{ organizations { edges { node { id } } } }', {}, auditor)).organizations.edges.map((e) => e.node.id);
  const [campaign] = (await gql('{ campaigns { edges { node { id } } } }', {}, auditor)).campaigns.edges.map((e) => e.node.id);

  db = new pg.Client({ connectionString: await databaseUrl(dataDir) });
  db.on('error', () => undefined); // the server stopping ends this connection too
  await db.connect();
  // A --data-dir that holds a generated county already is reused as it is.
  let [county] = (await db.query(`SELECT id::text, path::text FROM organization WHERE name = '中共基准测试县委员会'`)).rows;
  if (!county) {
    console.log(`generating ${fmt(problems)} problems × ${perProblem} records under ${fmt(BRANCHES)} branches …`);
    const generated = await generate(db, city, campaign, `BX${Date.now().toString(36).toUpperCase()}`);
    console.log(`generated in ${fmt(generated.seconds, 1)} s`);
    [county] = (await db.query('SELECT id::text, path::text FROM organization WHERE id = $1', [generated.countyId])).rows;
  }
  const baseline = await copyBaseline(db, county.path, campaign);
  await db.end();
  db = undefined;

  // The export is measured on a server as it runs day to day: restarted on the existing database
  // (the demo load stays out of its memory), then idle long enough for V8 to give back start-up garbage.
  await stopServer();
  server = await startServer(port, log);
  for (let lowest = Infinity, steady = 0, i = 0; (i < 15 || steady < 5) && i < 60; i++) {
    await sleep(1000);
    const { rss } = memory(server.pid);
    steady = rss >= lowest - 1024 * 1024 ? steady + 1 : 0;
    lowest = Math.min(lowest, rss);
  }
  // VmHWM counts from the process start; writing 5 to clear_refs starts it again from now.
  await writeFile(`/proc/${server.pid}/clear_refs`, '5').catch(() => console.log('(could not reset VmHWM; the peak includes start-up)'));
  const before = memory(server.pid);
  const query = new URLSearchParams({ campaignId: campaign, organizationId: county.id });
  const result = await download(`${base}/api/exports/ledger.${format}?${query}`, auditor, server.pid);
  const after = memory(server.pid);
  const peakMb = mb(Math.max(after.hwm, result.peakSampled));
  const rows = result.totals.problems + result.totals.records;

  const table = [
    ['records (sheet 2)', fmt(result.totals.records), ''],
    ['problems (sheet 1)', fmt(result.totals.problems), ''],
    ['headers received', `${fmt(result.headersSeconds, 3)} s`, ''],
    ['first body bytes', `${fmt(result.firstByteSeconds, 3)} s`, `budget ${BUDGET.firstByteSeconds} s`],
    [
      `${format.toUpperCase()} download`,
      `${fmt(result.seconds, 1)} s`,
      `budget ${BUDGET.seconds} s (${fmt(result.seconds / BUDGET.seconds, 2)}x)`,
    ],
    ['size', `${fmt(mb(result.bytes), 1)} MB`, `${fmt(mb(result.bytes) / result.seconds, 1)} MB/s`],
    ['rows/s', fmt(rows / result.seconds), ''],
    [
      'server RSS before / peak',
      `${fmt(mb(before.rss))} / ${fmt(peakMb)} MB`,
      `budget ${BUDGET.peakRssMb} MB (${fmt(peakMb / BUDGET.peakRssMb, 2)}x); the export added ${fmt(peakMb - mb(before.rss))} MB`,
    ],
    ['baseline: COPY of the records', `${fmt(baseline, 1)} s`, `export is ${fmt(result.seconds / baseline, 1)}x the COPY`],
  ];
  const width = Math.max(...table.map((r) => r[0].length));
  for (const [name, value, note] of table) console.log(`${name.padEnd(width)}  ${value.padStart(16)}  ${note}`);
  const ok = result.firstByteSeconds < BUDGET.firstByteSeconds && result.seconds < BUDGET.seconds && peakMb < BUDGET.peakRssMb;
  console.log(ok ? 'within budget' : 'OVER BUDGET');
  await writeFile(
    join(OUT, `export-${Date.now()}.json`),
    JSON.stringify({ format, records, perProblem, baseline, peakMb, ...result }, null, 2),
  );
  process.exitCode = ok ? 0 : 3;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
} finally {
  await db?.end().catch(() => undefined);
  await stopServer();
  if (dataDir && !values.keep && !values['data-dir']) await rm(dataDir, { recursive: true, force: true });
}
