import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverBenches } from './discover';
import type { BenchFigure } from './kit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = (await discoverBenches(root)).filter(
  ({ bench }) => wanted.length === 0 || wanted.some((w) => bench.name.includes(w)),
);
if (benches.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}

const figures: BenchFigure[] = [];
let failures = 0;
for (const { file, bench } of benches) {
  console.log(`\n▶ ${bench.name} (${file})`);
  try {
    const results = await bench.run({ size: 'full', log: (m) => console.log(`  ${m}`) });
    for (const figure of results) {
      figures.push(figure);
      console.log(JSON.stringify(figure));
    }
  } catch (error) {
    failures += 1;
    console.error(`  ✖ ${bench.name} failed: ${(error as Error).stack ?? error}`);
  }
}

const fmt = (n: number | undefined) =>
  n === undefined
    ? ''
    : Math.abs(n) >= 100
      ? n.toFixed(0)
      : Math.abs(n) >= 1
        ? n.toFixed(2)
        : n.toPrecision(3);
console.log('\nbench | value | unit | ratio | limit | target');
console.log('--- | --- | --- | --- | --- | ---');
for (const f of figures) {
  console.log(
    `${f.bench} | ${fmt(f.value)} | ${f.unit} | ${fmt(f.ratio)} | ${f.limit ?? ''} | ${f.target ?? ''}`,
  );
}
process.exit(failures === 0 ? 0 : 1);
