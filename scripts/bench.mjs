#!/usr/bin/env node
// `npm run bench [-- NAME…]`: prepares what the selected benchmarks need, then runs them in a
// TypeScript-aware Node (tsx). See bench/kit.ts for the shape of a benchmark.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  buildExtension,
  ensureApertium,
  ensureChromium,
  ensureDependencies,
  ensurePostgres,
  root,
} from './lib/prepare.mjs';

ensureDependencies();
ensureChromium();
ensureApertium();
await ensurePostgres();
buildExtension({ firefox: false });
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'bench/run.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, SWITCHBOARD_EXTENSION_DIR: path.join(root, '.output/chrome-mv3') },
  },
);
process.exit(result.status ?? 1);
