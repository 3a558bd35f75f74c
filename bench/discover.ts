import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench } from './kit';

const SKIP = new Set(['node_modules', '.output', '.wxt', '.git', 'data', 'test-results', 'dist']);

function findBenchFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findBenchFiles(full, out);
    else if (entry.name.endsWith('.bench.ts')) out.push(full);
  }
  return out.sort();
}

/** Every benchmark in the repository, found by file name so none can be forgotten. */
export async function discoverBenches(root: string): Promise<Array<{ file: string; bench: Bench }>> {
  const found: Array<{ file: string; bench: Bench }> = [];
  for (const file of findBenchFiles(root)) {
    const module = (await import(pathToFileURL(file).href)) as { default?: Bench };
    if (!module.default?.run) throw new Error(`${file} has no default export from defineBench()`);
    found.push({ file: path.relative(root, file), bench: module.default });
  }
  return found;
}
