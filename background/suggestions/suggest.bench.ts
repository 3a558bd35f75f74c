/**
 * Suggestion latency over a library of 1,000 templates: the design target is p95 < 2 ms per
 * incoming message. The library is the starter set plus variants of it (other products, tags,
 * shortcuts), so every language and intent is as crowded as in a large shop's library; queries
 * are the 240 hand-written chat messages of the detection test set.
 */
import { defineBench, median, p95 } from '../../bench/kit';
import { detectLanguage } from '../translation/detect-language';
import { DETECTION_TESTSET } from '../translation/detection-testset';
import { STARTER_TEMPLATES } from './starter-templates';
import { buildSuggestionIndex } from './suggestion-index';
import type { Template } from './template-model';

const PRODUCTS = [
  'jacket',
  'sneakers',
  'blender',
  'phone case',
  'backpack',
  'lamp',
  'dress',
  'watch',
  'headphones',
];

export function syntheticLibrary(size: number): Template[] {
  const library: Template[] = [];
  for (let i = 0; library.length < size; i++) {
    const base = STARTER_TEMPLATES[i % STARTER_TEMPLATES.length]!;
    if (i < STARTER_TEMPLATES.length) {
      library.push(base);
      continue;
    }
    const product = PRODUCTS[i % PRODUCTS.length]!;
    library.push({
      ...base,
      id: `${base.id}.${i}`,
      shortcut: `${base.shortcut}${i}`,
      title: `${base.title} (${product} #${i})`,
      tags: [...base.tags, product, `campaign-${i % 37}`],
      variants: base.variants.map((v) => ({ ...v, body: `${v.body} [${product} ${i}]` })),
    });
  }
  return library;
}

export default defineBench({
  name: 'suggestions',
  async run({ size, log }) {
    const library = syntheticLibrary(1000);
    // Messages arrive with their language detected once on arrival (the detection bench times
    // that); suggest() is called again on every new message with the recent ones.
    const messages = Object.values(DETECTION_TESTSET)
      .flat()
      .map((text) => ({ text, lang: detectLanguage(text).lang }));
    const context = { customer: { name: 'Ana Souza', refundsLast90Days: 1, inquiriesLast30Days: 2 } };

    // Warm-up on an index of its own: the JIT learns the code, while the timed index has seen
    // no message and no word yet.
    const warm = buildSuggestionIndex(library);
    for (const message of messages) warm.suggest({ messages: [message], context });

    const buildStart = performance.now();
    const index = buildSuggestionIndex(library);
    const buildMs = performance.now() - buildStart;

    // A live chat: each call brings one new message, with the previous one (analysed by the
    // previous call) as history. Each pass marks its texts so no message repeats across passes;
    // the first pass meets every word for the first time, later ones see the vocabulary again,
    // as a shop's chats do all day.
    const passes = size === 'tiny' ? 1 : 10;
    const samples: number[] = [];
    const firstSight: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      const stream = messages.map((m) => ({ ...m, text: `${m.text} ·${pass}` }));
      for (let i = 0; i < stream.length; i++) {
        const history = i === 0 ? [stream[i]!] : [stream[i - 1]!, stream[i]!];
        const start = performance.now();
        index.suggest({ messages: history, context });
        const ms = performance.now() - start;
        samples.push(ms);
        if (pass === 0) firstSight.push(ms);
      }
    }
    const shortcutSamples: number[] = [];
    for (const prefix of ['/re', '/refund', '/st', '/d', '/hi1', '/x']) {
      for (let i = 0; i < (size === 'tiny' ? 20 : 200); i++) {
        const start = performance.now();
        index.byShortcut(prefix, { lang: 'es', context });
        shortcutSamples.push(performance.now() - start);
      }
    }
    log(
      `${library.length} templates, ${samples.length} suggestion queries, index built in ${buildMs.toFixed(0)} ms`,
    );
    return [
      { bench: 'suggestions: index build, 1,000 templates', value: buildMs, unit: 'ms' },
      { bench: 'suggestions: suggest p50, 1,000 templates', value: median(samples), unit: 'ms' },
      {
        bench: 'suggestions: suggest p95, 1,000 templates',
        value: p95(samples),
        unit: 'ms',
        target: '< 2 ms',
      },
      { bench: 'suggestions: suggest p95, first pass (every word new)', value: p95(firstSight), unit: 'ms' },
      { bench: 'suggestions: /shortcut lookup p95', value: p95(shortcutSamples), unit: 'ms' },
    ];
  },
});
