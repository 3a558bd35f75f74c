#!/usr/bin/env node
// `npm test`: install what is missing, build the extension, then run every test (unit, backend on
// SQLite and PostgreSQL, end-to-end in Chromium). Ends with a plain "N passed, M failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildExtension,
  ensureApertium,
  ensureChromium,
  ensureDependencies,
  ensureDir,
  ensurePostgres,
  log,
  root,
} from './lib/prepare.mjs';

const extraArgs = process.argv.slice(2);
let passed = 0;
let failed = 0;
try {
  ensureDependencies();
  ensureChromium();
  ensureApertium();
  await ensurePostgres();
  buildExtension();
  ensureDir('test-results');
  const report = path.join(root, 'test-results/vitest.json');
  log('running the tests…');
  spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
    {
      stdio: 'inherit',
      cwd: root,
      env: { ...process.env, SWITCHBOARD_EXTENSION_DIR: path.join(root, '.output/chrome-mv3') },
    },
  );
  if (!existsSync(report)) throw new Error('vitest wrote no report: the test run crashed before finishing');
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numPendingTests + results.numTodoTests;
  // A test file that failed to load has no test results of its own: count it as a failure.
  // A file can fail with no failed test of its own (it did not load, or a hook failed or timed
  // out): count each such file as a failure.
  for (const file of results.testResults) {
    const failedTests = file.assertionResults.filter((a) => a.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed += 1;
  }
  if (results.numPendingTests + results.numTodoTests > 0) log('skipped or todo tests count as failures here');
} catch (error) {
  console.error(`[switchboard] ${error.message}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
