/**
 * Shared shape of every benchmark. A benchmark file (`*.bench.ts`, anywhere in the tree) has a
 * default export `defineBench({...})`. `npm run bench` runs each at size "full" and prints a table
 * plus one JSON line per figure; the unit suite runs each once at size "tiny" so none can rot.
 */
export interface BenchFigure {
  bench: string;
  value: number;
  unit: string;
  /** value divided by (or compared to) a physical limit measured in the same run */
  ratio?: number;
  limit?: string;
  target?: string;
}

export interface BenchContext {
  size: 'tiny' | 'full';
  log: (message: string) => void;
}

export interface Bench {
  name: string;
  /** Benches that need the built extension and Chromium say so; the runner prepares both. */
  needs?: Array<'browser' | 'postgres' | 'apertium'>;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
}

export function defineBench(bench: Bench): Bench {
  return bench;
}

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]): number => quantile(samples, 0.95);
export const p99 = (samples: readonly number[]): number => quantile(samples, 0.99);

/**
 * A distribution-free confidence interval for the median: the order statistics [x(k), x(n+1-k)]
 * with the largest k whose coverage, 1 − 2·P(Binomial(n, ½) < k), is still at least `confidence`.
 * It says whether a median near a target is told apart from the machine's noise; null when there
 * are too few samples for any interval at that confidence.
 */
export function medianInterval(
  samples: readonly number[],
  confidence = 0.9,
): { low: number; high: number; coverage: number } | null {
  const n = samples.length;
  const sorted = [...samples].sort((a, b) => a - b);
  // P(B ≤ j) for j = 0…n, by the recurrence C(n, j) = C(n, j−1)·(n−j+1)/j.
  const below: number[] = [];
  let term = 0.5 ** n;
  let cumulative = 0;
  for (let j = 0; j <= n; j++) {
    if (j > 0) term = (term * (n - j + 1)) / j;
    cumulative += term;
    below.push(cumulative);
  }
  let best: { low: number; high: number; coverage: number } | null = null;
  for (let k = 1; 2 * k <= n + 1; k++) {
    const coverage = 1 - 2 * (below[k - 1] as number);
    if (coverage < confidence) break;
    best = { low: sorted[k - 1] as number, high: sorted[n - k] as number, coverage };
  }
  return best;
}
