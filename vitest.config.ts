import { defineConfig } from 'vitest/config';

// vitest 5 prints failures with Map.groupBy, which Node 20 lacks: without this the reporter
// crashes exactly when a test fails. The config file runs in vitest's main process.
if (typeof Map.groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>();
      let index = 0;
      for (const item of items) {
        const k = key(item, index++);
        const group = groups.get(k);
        if (group) group.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
  });
}

// Two projects: fast unit/backend tests in Node, and end-to-end tests in a real Chromium
// with the built extension (tests/e2e). scripts/test.mjs builds the extension first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            '{background,bench,extension,content-scripts,backend,tests/unit,scripts}/**/*.test.{ts,tsx}',
          ],
          testTimeout: 30_000,
          // Closing servers, workers and PostgreSQL pools can take a while on a loaded 2-core machine.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
