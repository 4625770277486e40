#!/usr/bin/env node
// Benchmark: logging study sessions through GraphQL (budget: ≥ 500 sessions/s on 2 cores, 8 clients).
//
//   node_modules/.bin/node test/bench/log-sessions.mjs [--seconds 60] [--clients 8] [--url http://127.0.0.1:3000]
//
// Starts the built server on a fresh demo database (or uses --url, which must run the demo), launches
// a campaign for the demo city as demo-leader, gives each client its own branch secretary, then has
// the clients log sessions back to back. Beside it, the same clients send `{ __typename }` for a few
// seconds: the floor a GraphQL request costs on this server. Prints sessions/s, latency and ratios.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { firstSignIn, graphqlClient, signIn } from './graphql-client.mjs';
import { parseArgs } from 'node:util';
import { serverArgs } from './server-command.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_PER_SECOND = 500;
const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, clients: { type: 'string', default: '8' }, url: { type: 'string' } },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);

const freePort = () =>
  new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });

let base = values.url;
let gql = base && graphqlClient(base);

const login = (username, password) => signIn(gql, username, password);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const beijingDay = (offset) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** `clients` loops calling `call` until `ms` have passed; returns the latencies. */
async function drive(ms, call) {
  const latencies = [];
  const ends = performance.now() + ms;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < ends; i++) {
        const started = performance.now();
        await call(client, i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

let server;
let dataDir;
try {
  if (!base) {
    await mkdir(join(REPO, 'test/bench/.out'), { recursive: true });
    dataDir = await mkdtemp(join(REPO, 'test/bench/.out/log-sessions-'));
    await chmod(dataDir, 0o755);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gql = graphqlClient(base);
    server = spawn(process.execPath, serverArgs(), {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development', DEMO_DATA: 'true' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let ready = false; !ready;) {
      await new Promise((done) => setTimeout(done, 100));
      ready = await gql('{ __typename }').then(
        () => true,
        () => false,
      );
      if (server.exitCode !== null) throw new Error('the server exited during start');
    }
  }

  // Setup: a campaign for the city, and one secretary per client at a branch of its own.
  const admin = await login('demo-admin', 'Demo@2026');
  const leader = await login('demo-leader', 'Demo@2026');
  const [city] = (await gql('{ organizations { edges { node { id } } } }', {}, admin)).organizations.edges.map((e) => e.node.id);
  const campaign = (
    await gql(
      'mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }',
      {
        i: {
          title: '基准测试学习教育',
          scopeOrganizationId: city,
          startsOn: beijingDay(-60),
          endsOn: beijingDay(30),
          requirements: [{ title: '读书班', kind: 'SESSIONS', sessionType: 'READING_CLASS', minCount: 2, appliesTo: ['BRANCH'] }],
        },
      },
      leader,
    )
  ).launchCampaign.id;
  const branches = (
    await gql('{ organizations(search: "党支部", first: 200) { edges { node { id kind } } } }', {}, admin)
  ).organizations.edges
    .map((e) => e.node)
    .filter((n) => n.kind === 'BRANCH')
    .slice(0, clients);
  const run = Date.now().toString(36);
  const secretaries = [];
  for (const [i, branch] of branches.entries()) {
    const { createUser } = await gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { temporaryPassword user { id } } }',
      { i: { username: `bench.sec${run}${i}`, displayName: `基准书记${i}`, organizationId: branch.id } },
      admin,
    );
    await gql(
      'mutation($u: ID!, $o: ID!) { grantRole(userId: $u, organizationId: $o, role: SECRETARY) { id } }',
      { u: createUser.user.id, o: branch.id },
      admin,
    );
    const token = await firstSignIn(gql, `bench.sec${run}${i}`, createUser.temporaryPassword, 'Bench-pass-2026');
    secretaries.push({ token, branch: branch.id });
  }

  // Baseline in the same run: the cheapest GraphQL request, same clients.
  const baseline = await drive(Math.min(5, seconds) * 1000, () => gql('{ __typename }'));
  const LOG = 'mutation($i: LogStudySessionInput!) { logStudySession(input: $i) { id } }';
  const started = performance.now();
  const latencies = await drive(seconds * 1000, (client, i) =>
    gql(
      LOG,
      {
        i: {
          campaignId: campaign,
          organizationId: secretaries[client].branch,
          type: i % 3 ? 'THEMED_PARTY_DAY' : 'READING_CLASS',
          topic: `第${i + 1}次集中学习`,
          heldOn: beijingDay(-(i % 50)),
          hours: 2.5,
          expectedAttendance: 30,
          actualAttendance: 27,
          audiences: ['YOUNG_CADRES'],
          summary: '学习贯彻党的创新理论，联系实际查摆问题。',
          clientRequestId: `${run}-${client}-${i}`,
        },
      },
      secretaries[client].token,
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  const rate = latencies.length / elapsed;
  const check = (await gql(`query($c: ID!) { studySessions(campaignId: $c, first: 1) { totalCount } }`, { c: campaign }, leader))
    .studySessions.totalCount;

  const rows = [
    ['clients', String(clients), ''],
    ['sessions logged', String(latencies.length), `${check} found afterwards`],
    ['sessions/s', rate.toFixed(0), `target ${TARGET_PER_SECOND}, ratio ${(rate / TARGET_PER_SECOND).toFixed(2)}`],
    ['log p50 / p95', `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 95).toFixed(1)} ms`, ''],
    [
      '{ __typename } p50 / p95',
      `${percentile(baseline, 50).toFixed(1)} / ${percentile(baseline, 95).toFixed(1)} ms`,
      `${(baseline.length / Math.min(5, seconds)).toFixed(0)} req/s`,
    ],
    ['log p95 / baseline p95', (percentile(latencies, 95) / percentile(baseline, 95)).toFixed(1) + 'x', ''],
  ];
  console.log(`\nLog-sessions benchmark (${seconds} s)`);
  for (const [label, value, note] of rows) console.log(`  ${label.padEnd(26)} ${value.padEnd(18)} ${note}`);
  if (check !== latencies.length) throw new Error(`${latencies.length} logged but ${check} stored`);
  process.exitCode = rate >= TARGET_PER_SECOND ? 0 : 3;
} finally {
  if (server) {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
