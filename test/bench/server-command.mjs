// How the benchmarks start the built server: with the node flags `npm start` gives it, read from
// package.json, so that they measure the process a deployment runs rather than one on V8's defaults.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_ENTRY = 'server/dist/server/src/main.js';

/** `node` arguments that run `entry` (relative to the repo root) as `npm start` runs the server. */
export function serverArgs(entry = SERVER_ENTRY) {
  const start = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts.start;
  const flags = /&& node ((?:--\S+ )*)server\/dist\/server\/src\/main\.js$/.exec(start)?.[1];
  if (flags === undefined) throw new Error('package.json scripts.start no longer ends in `node [--flags] server/dist/server/src/main.js`');
  return [...flags.split(' ').filter(Boolean), resolve(REPO, entry)];
}
