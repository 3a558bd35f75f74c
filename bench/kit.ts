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
