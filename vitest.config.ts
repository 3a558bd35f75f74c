import { defineConfig } from 'vitest/config';

// Two projects: fast unit/backend tests in Node, and end-to-end tests in a real Chromium
// with the built extension (tests/e2e). scripts/test.mjs builds the extension first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{background,extension,content-scripts,backend,tests/unit,scripts}/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
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
