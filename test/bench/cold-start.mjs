#!/usr/bin/env node
// Benchmark: server start on an existing embedded database (budget < 5 s, DESIGN.md).
//
//   node_modules/.bin/node test/bench/cold-start.mjs [--runs 3]
//
// Starts the built server once on a fresh DATA_DIR (creating the cluster and loading the demo),
// stops it with SIGTERM, then starts it again --runs times on the same DATA_DIR and prints the time
// from spawn to the first answered `{ __typename }`, beside the budget.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serverArgs } from './server-command.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUDGET_SECONDS = 5;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

const freePort = () =>
  new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });

async function start(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, serverArgs(), {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => child.once('exit', done));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000) throw new Error('server did not answer within 60 s');
    await new Promise((done) => setTimeout(done, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  child.kill('SIGTERM');
  const code = await exited;
  return { seconds, cleanExit: code === 0 };
}

const out = join(REPO, 'test/bench/.out');
await mkdir(out, { recursive: true });
const dataDir = await mkdtemp(join(out, 'cold-start-'));
await chmod(dataDir, 0o755);
try {
  const first = await start(dataDir);
  console.log(`first start (new cluster, migrations, demo data): ${first.seconds.toFixed(2)} s`);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const again = await start(dataDir);
    if (!again.cleanExit) throw new Error('the server did not exit cleanly on SIGTERM');
    times.push(again.seconds);
    console.log(`start on the existing database #${i + 1}: ${again.seconds.toFixed(2)} s`);
  }
  const worst = Math.max(...times);
  console.log(
    `\nworst start on an existing database: ${worst.toFixed(2)} s; budget ${BUDGET_SECONDS} s, ratio ${(worst / BUDGET_SECONDS).toFixed(2)}`,
  );
  process.exitCode = worst <= BUDGET_SECONDS ? 0 : 3;
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
