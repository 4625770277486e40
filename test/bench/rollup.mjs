#!/usr/bin/env node
// Benchmark: the leaders' dashboard over 1,000,000 units, and writes with rollup upkeep.
//
//   node_modules/.bin/node test/bench/rollup.mjs [--data-dir DIR] [--requests 400] [--write-seconds 30] [--clients 8] [--skip-rebuild]
//     [--writes-only | --reads-only]   (one of the two phases alone)
//
// Budgets (DESIGN.md "Performance budget"): dashboard p95 ≤ 2x a `{ __typename }` round trip at the
// root, a depth-2 unit and a unit just above the leaves; ≥ 100x faster than a recursive CTE at the
// root; ≥ 500 writes/s from 8 clients with rollups fresh within 1 s.
//
// 1. Starts the built server on a demo database (DATA_DIR under test/bench/.out, or --data-dir, kept
//    between runs so the data is generated once) and generates under the demo city, in bulk SQL:
//    ~1,000,000 units (depth 6 to 7), 10 sessions per unit (~10,000,000) and 3 problems per unit
//    (~3,000,000) in a campaign of its own; then rebuilds every rollup from the facts (timed).
// 2. Reads, one request at a time after a warm-up: `{ __typename }` and the dashboard query (the
//    unit's figures and every child's) for the three units, in turn 100 requests at a time; p50 and p95 of each.
// 3. The recursive-CTE baseline: the same node + children figures computed from the facts at the root.
// 4. Writes: `--clients` secretaries log sessions back to back for `--write-seconds`; meanwhile a
//    probe logs a session at its own branch and polls the branch's rollup until the session shows:
//    the freshness lag.
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { firstSignIn, graphqlClient, signIn } from './graphql-client.mjs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { serverArgs } from './server-command.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    requests: { type: 'string', default: '400' },
    'write-seconds': { type: 'string', default: '30' },
    clients: { type: 'string', default: '8' },
    'skip-rebuild': { type: 'boolean', default: false },
    'writes-only': { type: 'boolean', default: false },
    'reads-only': { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(values.requests);
const WRITE_SECONDS = Number(values['write-seconds']);
const UNITS_PER_CLIENT = 50;
const WRITE_WARM_UP_SECONDS = 3;
const CLIENTS = Number(values.clients);
const CAMPAIGN_TITLE = '百万单位基准学习教育';
const BENCH_PASSWORD = 'Bench-pass-2026';

const freePort = () =>
  new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const beijingDay = (offset) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const ms = (value) => `${value.toFixed(2)} ms`;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

let base;
let gql;
const login = (username, password) => signIn(gql, username, password);

async function timed(label, work) {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Units, sessions and problems in bulk, triggers off (the rollups are rebuilt from the facts afterwards). */
async function generate(db, campaignId) {
  await db.query(`SET session_replication_role = replica`);
  await db.query(`SET work_mem = '256MB'`);
  await db.query(`SET maintenance_work_mem = '1GB'`);
  // city (depth 1) → 20 counties → 20 towns each → 20 villages each → 10 general branches each →
  // 10 branches each (depth 6); every fourth branch has one branch of its own below it (depth 7).
  const levels = [
    { depth: 2, fanout: 20, kind: 'COMMITTEE', name: '县委' },
    { depth: 3, fanout: 20, kind: 'COMMITTEE', name: '镇党委' },
    { depth: 4, fanout: 20, kind: 'COMMITTEE', name: '村党委' },
    { depth: 5, fanout: 10, kind: 'GENERAL_BRANCH', name: '党总支' },
    { depth: 6, fanout: 10, kind: 'BRANCH', name: '党支部' },
  ];
  await timed('units', async () => {
    for (const level of levels) {
      await db.query(
        `INSERT INTO organization (id, code, name, kind, parent_id, path, depth, member_count)
         SELECT n.id, 'BENCH-' || n.id, '基准' || n.id || '${level.name}', $1, p.id, p.path || n.id::text, $2, 30
         FROM (SELECT id, path FROM organization WHERE depth = $2 - 1 AND (code LIKE 'BENCH-%' OR (depth = 1 AND parent_id IS NULL)) ) p
         CROSS JOIN LATERAL (SELECT nextval('organization_id_seq')::int AS id FROM generate_series(1, $3)) n`,
        [level.kind, level.depth, level.fanout],
      );
    }
    await db.query(`UPDATE organization SET kind = 'GENERAL_BRANCH' WHERE depth = 6 AND code LIKE 'BENCH-%' AND id % 4 = 0`);
    await db.query(
      `INSERT INTO organization (id, code, name, kind, parent_id, path, depth, member_count)
       SELECT n.id, 'BENCH-' || n.id, '基准' || n.id || '第一党支部', 'BRANCH', p.id, p.path || n.id::text, 7, 20
       FROM (SELECT id, path FROM organization WHERE depth = 6 AND kind = 'GENERAL_BRANCH' AND code LIKE 'BENCH-%') p
       CROSS JOIN LATERAL (SELECT nextval('organization_id_seq')::int AS id) n`,
    );
  });
  const types = `(ARRAY['READING_CLASS','CENTRAL_GROUP_STUDY','SEMINAR','THEMED_PARTY_DAY','BRANCH_GENERAL_MEETING','PARTY_LECTURE'])`;
  await timed('sessions', () =>
    db.query(
      `INSERT INTO study_session (campaign_id, organization_id, type, topic, held_on, hours, expected_attendance, actual_attendance)
       SELECT $1, u.id, ${types}[1 + (u.id + i) % 6], '学习研讨', current_date - ((u.id * 7 + i * 3) % 40), 2 + (i % 3), 30, 25 + (u.id + i) % 6
       FROM organization u CROSS JOIN generate_series(1, 10) i WHERE u.code LIKE 'BENCH-%'`,
      [campaignId],
    ),
  );
  await timed('problems', () =>
    db.query(
      `INSERT INTO problem (campaign_id, organization_id, scope, category, source, description, found_on, rectification_kind,
                            responsible_leader, deadline, status)
       SELECT $1, u.id, CASE WHEN i = 3 THEN 'INDIVIDUAL' ELSE 'TEAM' END,
              (ARRAY['IDEOLOGY','PERFORMANCE_VIEW','WORK_STYLE','INTEGRITY','FORMALISM','OTHER'])[1 + (u.id + i) % 6],
              (ARRAY['SELF_EXAMINATION','PUBLIC_OPINION','SUPERIOR_REVIEW','INSPECTION','AUDIT','HEART_TO_HEART'])[1 + (u.id * i) % 6],
              '基准问题描述', current_date - 30, 'BY_DEADLINE', '书记', current_date + ((u.id + i * 11) % 60) - 20,
              (ARRAY['OPEN','IN_PROGRESS','RECTIFIED','VERIFIED'])[1 + (u.id + i) % 4]
       FROM organization u CROSS JOIN generate_series(1, 3) i WHERE u.code LIKE 'BENCH-%'`,
      [campaignId],
    ),
  );
  await timed('launches', () =>
    db.query(
      `INSERT INTO campaign_unit (campaign_id, organization_id, launched_on)
       SELECT $1, id, current_date - 35 FROM organization WHERE code LIKE 'BENCH-%' AND id % 5 <> 0`,
      [campaignId],
    ),
  );
  await timed('analyze', () => db.query('ANALYZE'));
  await db.query(`SET session_replication_role = origin`);
}

/** A rollup of node + children straight from the facts, by recursive CTE: what a dashboard costs without rollups. */
const CTE_BASELINE = `
  WITH RECURSIVE tree AS (
    SELECT id, id AS top FROM organization WHERE parent_id = $2 OR id = $2
    UNION ALL
    SELECT o.id, t.top FROM organization o JOIN tree t ON o.parent_id = t.id WHERE t.top <> $2),
  s AS (SELECT t.top, count(*) AS sessions, sum(x.hours) AS hours FROM tree t JOIN study_session x ON x.organization_id = t.id AND x.campaign_id = $1 AND x.deleted_at IS NULL GROUP BY 1),
  p AS (SELECT t.top, count(*) AS problems, count(*) FILTER (WHERE x.status = 'VERIFIED') AS verified FROM tree t JOIN problem x ON x.organization_id = t.id AND x.campaign_id = $1 GROUP BY 1),
  u AS (SELECT top, count(*) AS units FROM tree GROUP BY 1)
  SELECT u.top, u.units, s.sessions, s.hours, p.problems, p.verified FROM u LEFT JOIN s USING (top) LEFT JOIN p USING (top)`;

const FIGURES = `participating launched complete completionRate behind sessions hours attendanceRate problems open inProgress rectified verified
  overdue rectificationRate verificationRate institutionalFixes commitments commitmentsDone feedback feedbackReplied feedbackRate`;
const DASHBOARD = `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) {
  organization { id name }
  figures { ${FIGURES} }
  children { organization { id name } figures { ${FIGURES} } } } }`;

/**
 * One request at a time, each series in turn a block at a time (a warm-up of each first), so that
 * every series meets the machine in the same moods: on a shared machine, series measured one after
 * the other differed by more than the read itself (the baseline's p95 moved 1.4 → 2.0 ms between
 * runs). Each block opens with two requests left unmeasured, so no series pays for the garbage the
 * one before it left.
 */
async function interleaved(series, count, block = 100) {
  for (const call of series) for (let i = 0; i < Math.min(50, count); i++) await call(); // warm-up
  const latencies = series.map(() => []);
  for (let done = 0; done < count; done += block) {
    for (const [s, call] of series.entries()) {
      for (let i = 0; i < 2; i++) await call();
      for (let i = done; i < Math.min(count, done + block); i++) {
        const started = performance.now();
        await call();
        latencies[s].push(performance.now() - started);
      }
    }
  }
  return latencies.map((l) => l.sort((a, b) => a - b));
}

let server;
let db;
let failed = false;
try {
  await mkdir(join(REPO, 'test/bench/.out'), { recursive: true });
  const dataDir = resolve(values['data-dir'] ?? join(REPO, 'test/bench/.out/rollup-1m'));
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  const pgPort = await freePort();
  const start = async (env) => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gql = graphqlClient(base);
    server = spawn(process.execPath, serverArgs(), {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let ready = false; !ready;) {
      await sleep(200);
      ready = await gql('{ __typename }').then(
        () => true,
        () => false,
      );
      if (server.exitCode !== null) throw new Error('the server exited during start');
    }
  };

  // Setup on a development server (the demo accounts sign in there only): the benchmark's own accounts, then the data.
  await start({ NODE_ENV: 'development', DEMO_DATA: 'true' });
  const connect = async () => {
    const password = (await readFile(join(dataDir, 'pg.secret'), 'utf8')).trim();
    db = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/campaign_ledger` });
    await db.connect();
  };
  await connect();
  const [{ id: city }] = (await db.query(`SELECT id::text FROM organization WHERE parent_id IS NULL ORDER BY id LIMIT 1`)).rows;
  if ((await db.query(`SELECT 1 FROM app_user WHERE username = 'bench.leader'`)).rowCount === 0) {
    // A production start disables demo accounts; this data directory is the benchmark's own.
    await db.query(`UPDATE app_user SET disabled = false WHERE username = 'demo-admin'`);
    const demoAdmin = await login('demo-admin', 'Demo@2026');
    for (const [username, role] of [
      ['bench.leader', 'LEADER'],
      ['bench.admin', 'ADMIN'],
    ]) {
      const { createUser } = await gql(
        'mutation($i: CreateUserInput!) { createUser(input: $i) { temporaryPassword user { id } } }',
        { i: { username, displayName: username, organizationId: city } },
        demoAdmin,
      );
      await gql(
        'mutation($u: ID!, $o: ID!, $r: Role!) { grantRole(userId: $u, organizationId: $o, role: $r) { id } }',
        { u: createUser.user.id, o: city, r: role },
        demoAdmin,
      );
      await firstSignIn(gql, username, createUser.temporaryPassword, BENCH_PASSWORD);
    }
  }
  let [campaign] = (await db.query(`SELECT id::text FROM campaign WHERE title = $1`, [CAMPAIGN_TITLE])).rows;
  if (!campaign) {
    console.log('Generating the data (once per data directory):');
    campaign = (
      await gql(
        'mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }',
        {
          i: {
            title: CAMPAIGN_TITLE,
            scopeOrganizationId: city,
            startsOn: beijingDay(-60),
            endsOn: beijingDay(60),
            requirements: [
              { title: '读书班', kind: 'SESSIONS', sessionType: 'READING_CLASS', minCount: 2, appliesTo: ['BRANCH', 'GENERAL_BRANCH'] },
              { title: '中心组学习', kind: 'SESSIONS', sessionType: 'CENTRAL_GROUP_STUDY', minCount: 1, appliesTo: ['COMMITTEE'] },
              { title: '问题清单', kind: 'PROBLEM_CHECKLIST', minCount: 1, appliesTo: ['COMMITTEE', 'GENERAL_BRANCH', 'BRANCH'] },
            ],
          },
        },
        await login('bench.leader', BENCH_PASSWORD),
      )
    ).launchCampaign;
    await generate(db, campaign.id);
  }
  await db.end();
  server.kill('SIGTERM');
  await new Promise((done) => server.once('exit', done));
  // Measured as deployed: NODE_ENV=production.
  await start({ NODE_ENV: 'production', DEMO_DATA: 'false' });
  await connect();
  const admin = await login('bench.admin', BENCH_PASSWORD);
  const leader = await login('bench.leader', BENCH_PASSWORD);
  const { folding, today } = {
    folding: await import(join(REPO, 'server/dist/server/src/rollups/folding.js')),
    today: (await import(join(REPO, 'server/dist/server/src/common/dates.js'))).today,
  };
  const run = async (sql, params = []) => {
    let n = 0;
    return (
      await db.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows;
  };
  const [{ units, sessions, problems }] = (
    await db.query(
      `SELECT (SELECT count(*) FROM organization)::int AS units, (SELECT count(*) FROM study_session WHERE campaign_id = $1)::int AS sessions,
              (SELECT count(*) FROM problem WHERE campaign_id = $1)::int AS problems`,
      [campaign.id],
    )
  ).rows;
  console.log(
    `Data: ${units.toLocaleString()} units, ${sessions.toLocaleString()} sessions, ${problems.toLocaleString()} problems (campaign ${campaign.id}).`,
  );
  const rebuildSeconds = await (async () => {
    if (values['skip-rebuild']) return NaN;
    const started = performance.now();
    await run('BEGIN');
    await folding.rebuild(run, folding.rollupDay(today(), 14));
    await run('COMMIT');
    await run('ANALYZE rollup_own, rollup_subtree');
    return (performance.now() - started) / 1000;
  })();
  if (!values['skip-rebuild']) console.log(`Full rebuild of every rollup from the facts: ${rebuildSeconds.toFixed(1)} s`);

  // The three units: the city, a county (depth 2) and a general branch just above the leaves.
  const pick = async (where) => (await db.query(`SELECT id::text, depth FROM organization WHERE ${where} ORDER BY id LIMIT 1`)).rows[0];
  const targets = [
    { label: 'root (city)', ...(await pick(`id = ${city}`)) },
    { label: 'depth 2 (county)', ...(await pick(`depth = 2 AND code LIKE 'BENCH-%'`)) },
    { label: 'above the leaves', ...(await pick(`depth = 6 AND kind = 'GENERAL_BRANCH' AND code LIKE 'BENCH-%'`)) },
  ];
  if (values['writes-only'] && values['reads-only']) throw new Error('--writes-only and --reads-only exclude each other');
  const readsToo = !values['writes-only'];
  const rows = [];
  let typename = [];
  if (readsToo) {
    const dashboard = (target) => () => gql(DASHBOARD, { c: campaign.id, o: target.id }, leader);
    const [baseline, ...dashboards] = await interleaved([() => gql('{ __typename }'), ...targets.map(dashboard)], REQUESTS);
    typename = baseline;
    for (const [i, target] of targets.entries()) {
      const children = (await dashboard(target)()).rollup.children.length;
      rows.push({ ...target, children, p50: percentile(dashboards[i], 50), p95: percentile(dashboards[i], 95) });
    }
  }
  const cteStarted = performance.now();
  const cte = readsToo ? await db.query(CTE_BASELINE, [campaign.id, city]) : undefined;
  const cteMs = performance.now() - cteStarted;

  /** Writes with upkeep: throughput, latency and freshness lag. */
  async function measureWrites() {
    // Writes: 8 clients, each a secretary of its own UNITS_PER_CLIENT branches, logging at each in turn, as many
    // secretaries do at once (one secretary logging thousands of sessions a minute at one branch is no campaign);
    // plus the freshness probe at a branch of its own. Branches no earlier run wrote to, so runs do not pile up.
    const leaves = (
      await db.query(
        `SELECT o.id::text FROM organization o WHERE o.depth = 7
           AND NOT EXISTS (SELECT 1 FROM study_session s WHERE s.campaign_id = $1 AND s.organization_id = o.id AND s.created_by IS NOT NULL)
         ORDER BY o.id LIMIT $2`,
        [campaign.id, CLIENTS * UNITS_PER_CLIENT + 1],
      )
    ).rows.map((r) => r.id);
    const runId = Date.now().toString(36);
    const secretaries = [];
    for (let i = 0; i <= CLIENTS; i++) {
      const branches = i < CLIENTS ? leaves.slice(i * UNITS_PER_CLIENT, (i + 1) * UNITS_PER_CLIENT) : [leaves.at(-1)];
      const { createUser } = await gql(
        'mutation($i: CreateUserInput!) { createUser(input: $i) { temporaryPassword user { id } } }',
        { i: { username: `bench.r${runId}${i}`, displayName: `基准书记${i}`, organizationId: branches[0] } },
        admin,
      );
      await db.query(`INSERT INTO role_grant (user_id, organization_id, role) SELECT $1, unnest($2::int[]), 'SECRETARY'`, [
        createUser.user.id,
        branches,
      ]);
      const token = await firstSignIn(gql, `bench.r${runId}${i}`, createUser.temporaryPassword, BENCH_PASSWORD);
      secretaries.push({ token, branches, branch: branches[0] });
    }
    const LOG = 'mutation($i: LogStudySessionInput!) { logStudySession(input: $i) { id } }';
    const session = (branch, n) => ({
      campaignId: campaign.id,
      organizationId: branch,
      type: 'READING_CLASS',
      topic: `基准学习 ${n}`,
      heldOn: beijingDay(-1),
      hours: 2,
      expectedAttendance: 20,
      actualAttendance: 18,
    });
    const probe = secretaries.pop();
    const SESSIONS_AT = `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) { figures { sessions } } }`;
    /** `seconds` of writes from every client, with the probe measuring the freshness lag meanwhile. */
    const writePhase = async (seconds, tag) => {
      const lags = [];
      const latencies = [];
      const ends = performance.now() + seconds * 1000;
      const started = performance.now();
      await Promise.all([
        ...secretaries.map(async ({ token, branches }, client) => {
          for (let i = 0; performance.now() < ends; i++) {
            const sent = performance.now();
            await gql(LOG, { i: session(branches[i % branches.length], `${tag}-${client}-${i}`) }, token);
            latencies.push(performance.now() - sent);
          }
        }),
        (async () => {
          for (let i = 0; performance.now() < ends - 1000; i++) {
            const before = (await gql(SESSIONS_AT, { c: campaign.id, o: probe.branch }, leader)).rollup.figures.sessions;
            await gql(LOG, { i: session(probe.branch, `${tag}-probe-${i}`) }, probe.token);
            const written = performance.now();
            while ((await gql(SESSIONS_AT, { c: campaign.id, o: probe.branch }, leader)).rollup.figures.sessions === before)
              await sleep(10);
            lags.push(performance.now() - written);
            await sleep(200);
          }
        })(),
      ]);
      return {
        seconds: (performance.now() - started) / 1000,
        latencies: latencies.sort((x, y) => x - y),
        lags: lags.sort((x, y) => x - y),
      };
    };
    // The first seconds after the restart, at branches nobody touched, fault in their pages (cold); then the measured run.
    const cold = await writePhase(WRITE_WARM_UP_SECONDS, 'cold');
    await sleep(1000);
    const warm = await writePhase(WRITE_SECONDS, 'run');
    const writes = warm.latencies.length;
    const writeSeconds = warm.seconds;
    const perSecond = writes / writeSeconds;
    const { latencies: writeLatencies, lags } = warm;
    return { secretaries, writes, writeSeconds, perSecond, writeLatencies, lags, cold };
  }
  const writeRun = values['reads-only'] ? undefined : await measureWrites();

  const floor = percentile(typename, 95);
  if (readsToo) console.log(`\nReads, one request at a time (${REQUESTS} each after 50 warm-up, the four series in turn 100 at a time):`);
  if (readsToo) console.log(`  { __typename }: p50 ${ms(percentile(typename, 50))}, p95 ${ms(floor)}`);
  for (const r of rows) {
    const ratio = r.p95 / floor;
    console.log(
      `  dashboard at ${r.label} (id ${r.id}, depth ${r.depth}, ${r.children} children): p50 ${ms(r.p50)}, p95 ${ms(r.p95)}; ` +
        `${ratio.toFixed(2)}x the __typename p95 (budget ≤ 2x) ${ratio <= 2 ? 'OK' : 'OVER'}`,
    );
    failed ||= ratio > 2;
  }
  const cteRatio = cteMs / rows[0]?.p95;
  if (readsToo)
    console.log(
      `  recursive-CTE rollup at the root (${cte.rowCount} rows, from the facts): ${(cteMs / 1000).toFixed(1)} s; ` +
        `dashboard p95 is ${Math.round(cteRatio).toLocaleString()}x faster (budget ≥ 100x) ${cteRatio >= 100 ? 'OK' : 'UNDER'}`,
    );
  failed ||= readsToo && cteRatio < 100;
  if (writeRun) {
    const { secretaries, writes, writeSeconds, perSecond, writeLatencies, lags, cold } = writeRun;
    console.log(`\nWrites with rollup upkeep (${secretaries.length} clients, ${writeSeconds.toFixed(0)} s):`);
    console.log(
      `  ${writes.toLocaleString()} sessions logged: ${perSecond.toFixed(0)}/s (budget ≥ 500) ${perSecond >= 500 ? 'OK' : 'UNDER'}; ` +
        `latency p50 ${ms(percentile(writeLatencies, 50))}, p95 ${ms(percentile(writeLatencies, 95))}`,
    );
    console.log(
      `  freshness lag (write acknowledged → visible in the rollup), ${lags.length} probes: p50 ${ms(percentile(lags, 50))}, ` +
        `p95 ${ms(percentile(lags, 95))}, max ${ms(lags.at(-1))} (budget ≤ 1000 ms) ${lags.at(-1) <= 1000 ? 'OK' : 'OVER'}`,
    );
    console.log(
      `  the first ${WRITE_WARM_UP_SECONDS} s after the restart (cold pages, not held to the budget): ${(cold.latencies.length / cold.seconds).toFixed(0)}/s, ` +
        `freshness lag over ${cold.lags.length} probes p50 ${ms(percentile(cold.lags, 50))}, max ${ms(cold.lags.at(-1) ?? NaN)}`,
    );
    failed ||= perSecond < 500 || lags.at(-1) > 1000;
  }
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await db?.end();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
}
process.exit(failed ? 1 : 0);
