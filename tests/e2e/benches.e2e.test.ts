import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverBenches } from '../../bench/discover';

// Every benchmark runs once at a tiny size so none can rot; the figures themselves are only
// reported by `npm run bench`, never asserted against a time.
const root = path.resolve(import.meta.dirname, '../..');
const benches = await discoverBenches(root);

describe('benchmarks run at tiny size', () => {
  it('finds benchmarks', () => {
    expect(benches.length).toBeGreaterThan(0);
  });
  for (const { file, bench } of benches) {
    it(`${bench.name} (${file})`, { timeout: 180_000 }, async () => {
      const figures = await bench.run({ size: 'tiny', log: () => {} });
      expect(figures.length).toBeGreaterThan(0);
      for (const figure of figures) {
        expect(figure.bench).toBeTruthy();
        expect(Number.isFinite(figure.value), `${figure.bench} value`).toBe(true);
        if (figure.ratio !== undefined)
          expect(Number.isFinite(figure.ratio), `${figure.bench} ratio`).toBe(true);
      }
    });
  }
});
