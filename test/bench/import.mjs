#!/usr/bin/env node
// Benchmark: import 100,000 units through HTTP (budget: < 30 s, with progress).
//
//   node_modules/.bin/node test/bench/import.mjs [options]
//
// Generates a shuffled CSV of a depth-6 unit tree under test/bench/.out/, starts the built server
// on a fresh embedded database (or uses --url), measures baselines on the same server, uploads the
// CSV to POST /api/imports/organizations, polls query importJob until it ends, prints a table and
// exits non-zero when the import failed. See test/bench/README.md.

import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serverArgs } from './server-command.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(REPO, 'test/bench/.out');
const BUDGET_SECONDS = 30;
const FANOUT = 10;
const MAX_INTERNAL_LEVELS = 5; // + the leaf level = depth 6
const POLL_MS = 200;
let interrupted = false;
const KINDS = new Set(['COMMITTEE', 'LEADING_GROUP', 'WORKING_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH']);
const HEADER = 'code,name,kind,parentCode,memberCount';

const USAGE = `Usage: node test/bench/import.mjs [options]

  --rows N            units to import (default 100000)
  --server PATH       built server entry, relative to the repo root (default server/dist/server/src/main.js)
  --url URL           use this running server (e.g. http://127.0.0.1:3000) instead of starting one
  --parent CODE       attach the generated root under this existing unit (default: a new root)
  --prefix P          code prefix (default: a run-specific one, so runs never collide)
  --seed N            seed for names, member counts and shuffling (default 1)
  --timeout S         give up polling after S seconds (default 600)
  --start-timeout S   give up waiting for the server to answer after S seconds (default 120)
  --no-pg-baseline    skip the INSERT ... SELECT FROM unnest baseline
  --enforce-budget    also exit non-zero (3) when the import takes longer than ${BUDGET_SECONDS} s
  --only-generate     write and check the CSV, then stop
  --keep              keep the CSV and the server's temporary DATA_DIR
  -h, --help          this text

Environment: BENCH_TOKEN (sent as Authorization: Bearer), DATABASE_URL (passed to the server it
starts, and used for the database baseline).`;

// ------------------------------------------------------------------------------------------------
// Options
// ------------------------------------------------------------------------------------------------

function options() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      server: { type: 'string', default: 'server/dist/server/src/main.js' },
      url: { type: 'string' },
      parent: { type: 'string' },
      prefix: { type: 'string' },
      seed: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '600' },
      'start-timeout': { type: 'string', default: '120' },
      'no-pg-baseline': { type: 'boolean', default: false },
      'enforce-budget': { type: 'boolean', default: false },
      'only-generate': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name, min) => {
    const raw = values[name];
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`--${name}: expected an integer >= ${min}, got "${raw}"`);
    return Number(raw);
  };
  const prefix = values.prefix ?? `BN${Date.now().toString(36).toUpperCase()}`;
  if (!/^[A-Za-z0-9]{1,40}$/.test(prefix)) throw new UsageError(`--prefix: ASCII letters and digits only, at most 40`);
  if (values.parent !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(values.parent)) {
    throw new UsageError(`--parent: expected a unit code (ASCII letters and digits), got "${values.parent}"`);
  }
  let url;
  if (values.url !== undefined) {
    try {
      url = new URL(values.url).origin;
    } catch {
      throw new UsageError(`--url: expected a URL like http://127.0.0.1:3000, got "${values.url}"`);
    }
  }
  return {
    rows: int('rows', 1),
    server: values.server,
    url,
    // Without --url the bench starts a demo server and imports under its city; with --url, as a new root.
    parent: values.parent ?? (values.url ? null : DEMO_ADMIN.unitCode),
    prefix,
    seed: int('seed', 0),
    timeoutMs: int('timeout', 1) * 1000,
    startTimeoutMs: int('start-timeout', 1) * 1000,
    pgBaseline: !values['no-pg-baseline'],
    enforceBudget: values['enforce-budget'],
    onlyGenerate: values['only-generate'],
    keep: values.keep,
  };
}

class UsageError extends Error {}
/** An expected failure: printed without a stack trace. */
class BenchError extends Error {}

// ------------------------------------------------------------------------------------------------
// Data: a depth-6 tree 1 → 10 → 100 → 1,000 → 10,000 → the rest as leaves, shuffled
// ------------------------------------------------------------------------------------------------

/** mulberry32 */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Level sizes: full levels of FANOUT while they fit, the remainder as the leaf level. */
function levelSizes(rows) {
  const sizes = [1];
  let total = 1;
  while (sizes.length < MAX_INTERNAL_LEVELS && total + sizes.at(-1) * FANOUT < rows) {
    sizes.push(sizes.at(-1) * FANOUT);
    total += sizes.at(-1);
  }
  if (rows > total) sizes.push(rows - total);
  return sizes;
}

const PLACE_A = [...'东西南北中上下大小新老红青白金石龙凤马松桃柳茶云高长双花竹杨'];
const PLACE_B = [...'坝河沟坪塘箐湾营寨桥岩洞梁田林山屯场关坡溪岭庄堡院井滩冲坎湖'];
const COMMITTEE_LEVEL_NAMES = ['县', '镇', '片区'];

/** A two-syllable place name; distinct for distinct `sibling` under one parent (same `salt`). */
function place(sibling, salt) {
  const capacity = PLACE_A.length * PLACE_B.length;
  // x → (x mod A, x div A mod B) is one-to-one on any capacity consecutive values, and 31 is
  // coprime with capacity, so siblings differ while both syllables vary.
  const x = ((sibling % capacity) * 31 + salt) % capacity;
  const name = PLACE_A[x % PLACE_A.length] + PLACE_B[Math.floor(x / PLACE_A.length) % PLACE_B.length];
  return sibling < capacity ? name : `${name}${Math.floor(sibling / capacity) + 1}`;
}

/**
 * Rows of the tree in level order. Node j of level k has parent j % size(k-1) of level k-1, and is
 * that parent's child number floor(j / size(k-1)), which keeps sibling names unique.
 */
function generateUnits({ rows, prefix, parent, seed }) {
  const random = prng(seed);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const sizes = levelSizes(rows);
  const depth = sizes.length;
  const width = String(rows - 1).length;
  const levels = [];
  let next = 0;
  for (let k = 0; k < depth; k++) {
    const kind = k > 0 && k === depth - 1 ? 'BRANCH' : k > 0 && k === depth - 2 ? 'GENERAL_BRANCH' : 'COMMITTEE';
    const level = new Array(sizes[k]);
    const above = k > 0 ? levels[k - 1] : null;
    for (let j = 0; j < sizes[k]; j++) {
      const up = above ? above[j % above.length] : null;
      const sibling = above ? Math.floor(j / above.length) : 0;
      const salt = above ? (j % above.length) * 97 : 0;
      const where = place(sibling, salt);
      let name;
      if (k === 0) name = `中共基准测试市委员会（${prefix}）`;
      else if (kind === 'BRANCH') name = `${up.where}村第${sibling + 1}党支部`;
      else if (kind === 'GENERAL_BRANCH') name = `${where}村党总支`;
      else name = `中共${where}${COMMITTEE_LEVEL_NAMES[Math.min(k, COMMITTEE_LEVEL_NAMES.length) - 1]}委员会`;
      level[j] = {
        code: `${prefix}${String(next++).padStart(width, '0')}`,
        name,
        kind,
        parentCode: up ? up.code : parent,
        memberCount: kind === 'BRANCH' ? int(8, 60) : kind === 'GENERAL_BRANCH' ? int(30, 150) : 0,
        where,
        up,
      };
    }
    levels.push(level);
  }
  // Committees count the members below them.
  for (let k = depth - 1; k > 0; k--) {
    for (const unit of levels[k]) if (unit.up.kind === 'COMMITTEE') unit.up.memberCount += unit.memberCount;
  }
  const units = levels.flat().map(({ code, name, kind, parentCode, memberCount }) => ({
    code,
    name,
    kind,
    parentCode,
    memberCount,
  }));
  // Fisher–Yates: children now come before their parents about half the time.
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [units[i], units[j]] = [units[j], units[i]];
  }
  return { units, sizes };
}

function csvField(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(units) {
  const lines = [HEADER];
  for (const u of units) lines.push([u.code, u.name, u.kind, u.parentCode, u.memberCount].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** Splits one CSV record (no embedded newlines, which this generator never writes). */
function csvSplit(line) {
  if (!line.includes('"')) return line.split(',');
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * Reads the written file back and checks what the importer will rely on: the header, unique codes,
 * every parent present in the file (or the --parent code), valid kinds, no BRANCH with children,
 * names unique among siblings and at most 100 characters, member counts, and no cycles.
 */
async function checkCsv(path, { rows, parent }) {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const problems = [];
  const fail = (message) => problems.length < 20 && problems.push(message);
  if (lines[0] !== HEADER) fail(`header is "${lines[0]}"`);
  const units = lines.slice(1).map((line, index) => {
    const [code, name, kind, parentCode, memberCount, ...rest] = csvSplit(line);
    if (rest.length) fail(`row ${index + 2}: more than 5 fields`);
    return { row: index + 2, code, name, kind, parentCode: parentCode || null, memberCount };
  });
  if (units.length !== rows) fail(`${units.length} rows, expected ${rows}`);
  const byCode = new Map();
  for (const u of units) {
    if (byCode.has(u.code)) fail(`row ${u.row}: duplicate code ${u.code}`);
    byCode.set(u.code, u);
    if (!/^[A-Za-z0-9]{1,64}$/.test(u.code)) fail(`row ${u.row}: bad code "${u.code}"`);
    if (!KINDS.has(u.kind)) fail(`row ${u.row}: bad kind "${u.kind}"`);
    if (!u.name || u.name.length > 100) fail(`row ${u.row}: bad name "${u.name}"`);
    if (!/^\d+$/.test(u.memberCount)) fail(`row ${u.row}: bad memberCount "${u.memberCount}"`);
  }
  let roots = 0;
  let childFirst = 0;
  const position = new Map(units.map((u, i) => [u.code, i]));
  const siblings = new Set();
  for (const u of units) {
    if (u.parentCode === parent) roots++;
    else if (!byCode.has(u.parentCode)) fail(`row ${u.row}: parent ${u.parentCode} is not in the file`);
    else {
      if (byCode.get(u.parentCode).kind === 'BRANCH') fail(`row ${u.row}: parent ${u.parentCode} is a BRANCH`);
      if (position.get(u.parentCode) > position.get(u.code)) childFirst++;
    }
    const key = `${u.parentCode}\u0000${u.name}`;
    if (siblings.has(key)) fail(`row ${u.row}: name "${u.name}" repeats under ${u.parentCode}`);
    siblings.add(key);
  }
  if (roots !== 1) fail(`${roots} rows hang under ${parent ?? 'no parent'}, expected 1`);
  // Depth, which also proves there are no cycles.
  const depthOf = new Map();
  let maxDepth = 0;
  for (const u of units) {
    const path = [];
    let cursor = u;
    while (cursor && !depthOf.has(cursor.code) && path.length <= units.length) {
      path.push(cursor);
      cursor = byCode.get(cursor.parentCode);
    }
    if (path.length > units.length) {
      fail(`row ${u.row}: cycle`);
      break;
    }
    let d = cursor ? depthOf.get(cursor.code) : 0;
    for (let i = path.length - 1; i >= 0; i--) depthOf.set(path[i].code, ++d);
    maxDepth = Math.max(maxDepth, depthOf.get(u.code));
  }
  return { problems, childFirst, nonRoot: units.length - roots, maxDepth, bytes: Buffer.byteLength(text) };
}

// ------------------------------------------------------------------------------------------------
// HTTP
// ------------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

let token = process.env.BENCH_TOKEN;
function authHeaders() {
  return token ? { authorization: `Bearer ${token}` } : {};
}

// The server the bench starts runs the demo, so the demo admin (ADMIN at the city, 5306) imports.
const DEMO_ADMIN = { username: 'demo-admin', password: 'Demo@2026', unitCode: '5306' };

async function signIn(base) {
  const { body } = await graphql(base, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
    u: DEMO_ADMIN.username,
    p: DEMO_ADMIN.password,
  });
  if (!body.data?.login) throw new BenchError(`sign-in as ${DEMO_ADMIN.username} failed: ${JSON.stringify(body.errors)}`);
  token = body.data.login.token;
}

/** One GraphQL request; returns { status, body } or throws on a non-JSON answer. */
async function graphql(base, query, variables, signal) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...authHeaders() },
    body: JSON.stringify(variables ? { query, variables } : { query }),
    signal,
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`POST /graphql answered ${response.status} with non-JSON: ${text.slice(0, 300)}`);
  }
}

function freePort() {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

function tail(path, lines = 40) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts the built server on a fresh DATA_DIR; `waitUntilReady` then waits for it to answer. */
async function spawnServer(opts) {
  const entry = resolve(REPO, opts.server);
  if (!existsSync(entry)) {
    throw new BenchError(`${entry} does not exist: build the server first (npx nx run server:build) or pass --server`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(OUT, `data-${opts.prefix}-`));
  // Embedded PostgreSQL refuses to run as root and then runs as the `postgres` OS user, which must
  // be able to reach its cluster directory inside DATA_DIR (mkdtemp makes it 0700).
  await chmod(dataDir, 0o755);
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development', DEMO_DATA: 'true' };
  let embeddedPgPort;
  if (!process.env.DATABASE_URL) {
    // Chosen here so that the database baseline can reach the embedded cluster.
    embeddedPgPort = await freePort();
    env.EMBEDDED_PG_PORT = String(embeddedPgPort);
  }
  const logPath = join(OUT, `server-${opts.prefix}.log`);
  const log = openSync(logPath, 'w');
  const nodeBin = join(REPO, 'node_modules/.bin/node');
  const started = performance.now();
  // Own process group, so a Ctrl-C reaches only this script, which then stops the server cleanly.
  const child = spawn(existsSync(nodeBin) ? nodeBin : process.execPath, serverArgs(opts.server), {
    cwd: REPO,
    env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const server = { child, dataDir, logPath, started, base: `http://127.0.0.1:${port}`, embeddedPgPort, exit: null };
  server.exited = new Promise((done) => child.once('exit', (code, signal) => done((server.exit = { code, signal }))));
  return server;
}

async function waitUntilReady(server, opts) {
  const deadline = server.started + opts.startTimeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    if (server.exit) {
      const { code, signal } = server.exit;
      throw new BenchError(
        `the server exited (code ${code}, signal ${signal}) before answering; log ${server.logPath}:\n${tail(server.logPath)}`,
      );
    }
    try {
      const { status } = await graphql(server.base, '{ __typename }', undefined, AbortSignal.timeout(2000));
      if (status === 200) {
        server.startSeconds = (performance.now() - server.started) / 1000;
        return;
      }
      last = `HTTP ${status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(200);
  }
  throw new BenchError(
    `the server did not answer { __typename } within ${opts.startTimeoutMs / 1000} s (${last}); log ${server.logPath}:\n${tail(server.logPath)}`,
  );
}

/** SIGTERM, then wait (the server stops its embedded PostgreSQL); SIGKILL after 30 s. Idempotent. */
function stopServer(server) {
  server.stopping ??= (async () => {
    const { child, exited } = server;
    const signalled = !server.exit;
    if (signalled) child.kill('SIGTERM');
    const result = await Promise.race([exited, sleep(30_000).then(() => null)]);
    if (result === null) {
      console.warn('! the server did not exit within 30 s of SIGTERM; sending SIGKILL (its PostgreSQL may still run)');
      child.kill('SIGKILL');
      await exited;
      server.unclean = true;
    } else if (signalled && result.code !== 0 && result.code !== 143 && result.signal === null) {
      // 143 = 128 + SIGTERM: Node's default exit when no handler is installed yet.
      console.warn(`! the server exited with code ${result.code} after SIGTERM; log ${server.logPath}`);
    }
  })();
  return server.stopping;
}

// ------------------------------------------------------------------------------------------------
// Baselines
// ------------------------------------------------------------------------------------------------

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function roundTrips(base, count = 200, warmUp = 20) {
  const times = [];
  for (let i = 0; i < warmUp + count; i++) {
    const t0 = performance.now();
    const { status } = await graphql(base, '{ __typename }');
    const ms = performance.now() - t0;
    if (status !== 200) throw new Error(`{ __typename } answered ${status}`);
    if (i >= warmUp) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), count };
}

/**
 * The floor: the server's own database taking the same rows in one INSERT ... SELECT FROM unnest
 * into a scratch table (logged, primary key on code), in one transaction. Dropped afterwards.
 */
async function databaseFloor(url, units, prefix) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const table = `bench_import_floor_${prefix.toLowerCase()}`;
  try {
    await client.query(
      `CREATE TABLE ${table} (code text PRIMARY KEY, name text NOT NULL, kind text NOT NULL, parent_code text, member_count integer NOT NULL)`,
    );
    const columns = [
      units.map((u) => u.code),
      units.map((u) => u.name),
      units.map((u) => u.kind),
      units.map((u) => u.parentCode),
      units.map((u) => u.memberCount),
    ];
    const t0 = performance.now();
    await client.query('BEGIN');
    const { rowCount } = await client.query(
      `INSERT INTO ${table} SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])`,
      columns,
    );
    await client.query('COMMIT');
    const seconds = (performance.now() - t0) / 1000;
    if (rowCount !== units.length) throw new Error(`inserted ${rowCount} of ${units.length} rows`);
    return { seconds };
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await client.end().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------------
// Import
// ------------------------------------------------------------------------------------------------

const IMPORT_JOB = `query($id: ID!) { importJob(id: $id) { status processed total imported errors { row message } } }`;
const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : '?');

async function runImport(base, csvPath, opts) {
  const bytes = await readFile(csvPath);
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/csv' }), 'units.csv');
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const response = await fetch(`${base}/api/imports/organizations`, {
    method: 'POST',
    headers: authHeaders(),
    body: form,
    signal: AbortSignal.timeout(opts.timeoutMs),
  });
  const text = await response.text();
  const uploadSeconds = elapsed();
  let jobId;
  try {
    jobId = JSON.parse(text).jobId;
  } catch {
    /* reported below */
  }
  if (!response.ok || (typeof jobId !== 'string' && typeof jobId !== 'number')) {
    throw new BenchError(`POST /api/imports/organizations answered ${response.status}: ${text.slice(0, 500)}`);
  }
  console.log(`  upload answered ${response.status} in ${uploadSeconds.toFixed(2)} s: job ${jobId}`);

  let job;
  let lastLine = '';
  let lastPrint = -Infinity;
  let lastStatus;
  let failures = 0;
  for (;;) {
    const polledAt = performance.now();
    try {
      const { status, body } = await graphql(base, IMPORT_JOB, { id: String(jobId) }, AbortSignal.timeout(30_000));
      if (body.errors?.length || status !== 200 || !body.data?.importJob) {
        throw new Error(`HTTP ${status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
      }
      job = body.data.importJob;
      failures = 0;
    } catch (error) {
      if (++failures >= 10) throw new BenchError(`importJob failed 10 times in a row: ${error.message}`);
      if (!interrupted) console.warn(`  ! importJob: ${error.message}`);
    }
    const seconds = elapsed();
    if (job) {
      const done = job.status === 'SUCCEEDED' || job.status === 'FAILED';
      const percent = job.total ? ` (${((100 * (job.processed ?? 0)) / job.total).toFixed(1)}%)` : '';
      const line = `${job.status.padEnd(10)} ${fmt(job.processed).padStart(9)} / ${fmt(job.total)}${percent}  imported ${fmt(job.imported)}  errors ${job.errors?.length ?? 0}`;
      // A line per change, at most one a second unless the status changes.
      if (line !== lastLine && (job.status !== lastStatus || done || seconds - lastPrint >= 1)) {
        console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${line}`);
        lastLine = line;
        lastPrint = seconds;
        lastStatus = job.status;
      }
      if (done) return { job, seconds, uploadSeconds, jobId };
    }
    if (seconds * 1000 > opts.timeoutMs) {
      throw new BenchError(`gave up after ${opts.timeoutMs / 1000} s; last state: ${JSON.stringify(job)?.slice(0, 300)}`);
    }
    await sleep(Math.max(0, POLL_MS - (performance.now() - polledAt)));
  }
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

async function moveSubtree(base, rootCode) {
  const { body } = await graphql(
    base,
    `
      query ($code: String!) {
        organizations(search: $code, first: 1) {
          edges {
            node {
              children(first: 2) {
                edges {
                  node {
                    id
                  }
                }
              }
            }
          }
        }
      }
    `,
    { code: rootCode },
  );
  const [from, to] = body.data.organizations.edges[0].node.children.edges.map((e) => e.node.id);
  const started = performance.now();
  const moved = await graphql(
    base,
    `
      mutation ($id: ID!, $to: ID!) {
        moveOrganization(id: $id, newParentId: $to) {
          depth
        }
      }
    `,
    { id: from, to },
  );
  const seconds = (performance.now() - started) / 1000;
  // Every generated code starts with the run's prefix, so this counts the moved subtree, itself included.
  const subtree = await graphql(
    base,
    `
      query ($id: ID!, $prefix: String!) {
        organizations(parentId: $id, search: $prefix, first: 1) {
          totalCount
        }
      }
    `,
    {
      id: from,
      prefix: rootCode.slice(0, 2),
    },
  );
  return { seconds, units: subtree.body.data?.organizations.totalCount ?? 0, error: moved.body.errors?.[0]?.message };
}

function printTable(rows) {
  const widths = [0, 0, 0];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i], String(cell).length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => String(cell).padEnd(widths[i])).join('   ')}`.trimEnd());
}

async function main() {
  const opts = options();
  await mkdir(OUT, { recursive: true });

  // 1. Data
  const t0 = performance.now();
  const { units, sizes } = generateUnits(opts);
  const csvPath = join(OUT, `units-${opts.rows}-${opts.prefix}.csv`);
  await writeFile(csvPath, toCsv(units));
  const check = await checkCsv(csvPath, opts);
  console.log(
    `CSV ${csvPath}\n  ${fmt(opts.rows)} units, levels ${sizes.map(fmt).join(' → ')} (depth ${check.maxDepth}), ` +
      `${(check.bytes / 1e6).toFixed(1)} MB, written and checked in ${((performance.now() - t0) / 1000).toFixed(2)} s; ` +
      `${fmt(check.childFirst)} of ${fmt(check.nonRoot)} rows (${((100 * check.childFirst) / Math.max(1, check.nonRoot)).toFixed(1)}%) come before their parent`,
  );
  if (check.problems.length) {
    console.error(`The generated CSV is wrong:\n  ${check.problems.join('\n  ')}`);
    return 2;
  }
  if (opts.onlyGenerate) return 0;

  let server = null;
  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (!server) return;
      await stopServer(server);
      if (!opts.keep && !server.unclean) await rm(server.dataDir, { recursive: true, force: true });
      else console.log(`  DATA_DIR kept: ${server.dataDir}`);
    })());
  const onSignal = (signal) => {
    interrupted = true;
    console.error(`\n${signal}: stopping`);
    stop()
      .then(() => !opts.keep && rm(csvPath, { force: true }))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // 2. Server
    let base = opts.url;
    if (!base) {
      console.log(`Starting ${opts.server} (demo data, fresh DATA_DIR${process.env.DATABASE_URL ? ', DATABASE_URL' : ''})`);
      server = await spawnServer(opts);
      await waitUntilReady(server, opts);
      base = server.base;
      console.log(`  answering at ${base} after ${server.startSeconds.toFixed(2)} s (fresh database); log ${server.logPath}`);
    } else {
      const { status } = await graphql(base, '{ __typename }');
      if (status !== 200) throw new BenchError(`${base}/graphql answered ${status} to { __typename }`);
      console.log(`Using the server at ${base}`);
    }

    if (!token) await signIn(base);

    // 3. Baselines
    const rtt = await roundTrips(base);
    console.log(`  { __typename } round trip: p50 ${rtt.p50.toFixed(2)} ms, p95 ${rtt.p95.toFixed(2)} ms over ${rtt.count}`);
    let floor = null;
    let floorNote = 'skipped (--no-pg-baseline)';
    if (opts.pgBaseline) {
      let url = process.env.DATABASE_URL;
      if (!url && server?.embeddedPgPort) {
        // Best effort: the embedded cluster's superuser password sits beside it (pg.secret) in
        // DATA_DIR or one folder below; the application database is campaign_ledger.
        const candidates = [server.dataDir, ...(await readdir(server.dataDir)).map((name) => join(server.dataDir, name))];
        const secret = candidates.map((dir) => join(dir, 'pg.secret')).find((path) => existsSync(path));
        if (secret) {
          const password = (await readFile(secret, 'utf8')).trim();
          url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.embeddedPgPort}/campaign_ledger`;
        }
      }
      if (!url) floorNote = 'skipped (set DATABASE_URL to measure it)';
      else {
        try {
          floor = await databaseFloor(url, units, opts.prefix);
          console.log(`  INSERT ... SELECT FROM unnest of the same rows: ${floor.seconds.toFixed(2)} s`);
        } catch (error) {
          floorNote = `skipped (${error.message.split('\n')[0]})`;
          console.warn(`  ! database baseline ${floorNote}`);
        }
      }
    }

    // 4. Import
    console.log(`Importing ${fmt(opts.rows)} units`);
    const { job, seconds, uploadSeconds, jobId } = await runImport(base, csvPath, opts);

    // 4b. Move: a depth-2 subtree (about a tenth of the file) under its sibling, in one mutation.
    const root = units.find((unit) => unit.parentCode === opts.parent) ?? units[0];
    const move = job.status === 'SUCCEEDED' ? await moveSubtree(base, root.code) : null;
    if (move) console.log(`  moved ${fmt(move.units)} units in ${move.seconds.toFixed(2)} s`);

    // 5. Report
    const errors = job.errors ?? [];
    const problems = [];
    if (job.status !== 'SUCCEEDED') problems.push(`status ${job.status}`);
    if (errors.length) problems.push(`${errors.length} row errors`);
    if (typeof job.imported === 'number' && job.imported !== opts.rows) problems.push(`imported ${job.imported} of ${opts.rows}`);
    if (typeof job.total === 'number' && job.total !== opts.rows) problems.push(`total ${job.total}, expected ${opts.rows}`);
    const ratio = seconds / BUDGET_SECONDS;
    const table = [
      ['rows', fmt(opts.rows), ''],
      [`seconds (upload start → ${job.status} seen)`, seconds.toFixed(2), `±${POLL_MS / 1000} s polling`],
      ['rows/s', fmt(Math.round(opts.rows / seconds)), ''],
      ['budget', `${BUDGET_SECONDS} s`, `ratio ${ratio.toFixed(2)} ${ratio <= 1 ? '(within budget)' : '(OVER BUDGET)'}`],
      ['upload request', `${uploadSeconds.toFixed(2)} s`, ''],
      [
        '{ __typename } p50 / p95',
        `${rtt.p50.toFixed(2)} / ${rtt.p95.toFixed(2)} ms`,
        `import = ${fmt(Math.round((seconds * 1000) / rtt.p50))} round trips`,
      ],
      floor
        ? [
            'INSERT ... SELECT FROM unnest (floor)',
            `${floor.seconds.toFixed(2)} s`,
            `import / floor ${(seconds / floor.seconds).toFixed(1)}x`,
          ]
        : ['INSERT ... SELECT FROM unnest (floor)', floorNote, ''],
    ];
    if (move) {
      table.push([
        `move a ${fmt(move.units)}-unit subtree`,
        `${move.seconds.toFixed(2)} s`,
        `budget 2 s, ratio ${(move.seconds / 2).toFixed(2)}`,
      ]);
      if (move.error) problems.push(`move failed: ${move.error}`);
    }
    if (server) table.push(['server start (fresh database)', `${server.startSeconds.toFixed(2)} s`, '']);
    console.log(`\nImport benchmark (${problems.length ? 'FAILED' : job.status})`);
    printTable(table);
    await writeFile(
      join(OUT, `import-${opts.prefix}.json`),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          rows: opts.rows,
          jobId,
          status: job.status,
          seconds,
          rowsPerSecond: opts.rows / seconds,
          budgetSeconds: BUDGET_SECONDS,
          budgetRatio: ratio,
          uploadSeconds,
          roundTripMs: { p50: rtt.p50, p95: rtt.p95 },
          floorSeconds: floor?.seconds ?? null,
          serverStartSeconds: server?.startSeconds ?? null,
          errors: errors.slice(0, 20),
        },
        null,
        2,
      ),
    );
    if (problems.length) {
      console.error(`\nThe import failed: ${problems.join(', ')}`);
      for (const error of errors.slice(0, 20)) console.error(`  row ${error.row}: ${error.message}`);
      if (errors.length > 20) console.error(`  … and ${errors.length - 20} more`);
      return 1;
    }
    if (opts.enforceBudget && ratio > 1) return 3;
    return 0;
  } finally {
    await stop();
    if (!opts.keep) await rm(csvPath, { force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof BenchError) console.error(`\n${error.message}`);
    else console.error(`\n${error?.stack ?? error}`);
    process.exit(2);
  },
);
