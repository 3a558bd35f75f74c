/**
 * Language detection (accuracy over the hand-written test set, and time per message) and a real
 * Apertium round trip on loopback. The Apertium figures are compared with the same server's
 * /listPairs round trip measured in the same run: the HTTP floor every translation pays.
 */
import { defineBench, median, p95 } from '../../bench/kit';
import { startApertium } from '../../tests/support/apertium';
import { createApertiumEngine } from './apertium-engine';
import { detectLanguage } from './detect-language';
import { DETECTION_TESTSET } from './detection-testset';
import { SUPPORTED_LANGUAGES } from './languages';

const MESSAGES_EN = DETECTION_TESTSET.en;

export default defineBench({
  name: 'translation',
  needs: ['apertium'],
  async run({ size, log }) {
    const figures = [];

    // Detection accuracy and latency.
    let correct = 0;
    let total = 0;
    const detectSamples: number[] = [];
    const passes = size === 'tiny' ? 1 : 20;
    for (const message of Object.values(DETECTION_TESTSET).flat().slice(0, 20)) detectLanguage(message); // warm-up
    for (let pass = 0; pass < passes; pass++) {
      for (const lang of SUPPORTED_LANGUAGES) {
        for (const message of DETECTION_TESTSET[lang]) {
          const start = performance.now();
          const guess = detectLanguage(message);
          detectSamples.push((performance.now() - start) * 1000);
          if (pass === 0) {
            total++;
            if (guess.lang === lang) correct++;
          }
        }
      }
    }
    figures.push(
      {
        bench: 'language detection: accuracy, 240 short chat messages',
        value: (100 * correct) / total,
        unit: '%',
        target: '≥ 95 %',
      },
      { bench: 'language detection: per message p50', value: median(detectSamples), unit: 'µs' },
      { bench: 'language detection: per message p95', value: p95(detectSamples), unit: 'µs' },
    );

    // Apertium round trips on loopback.
    const server = await startApertium();
    try {
      const engine = createApertiumEngine({ baseUrl: server.baseUrl });
      await engine.translate(['warm up the eng-spa pipeline'], 'en', 'es');
      await engine.translate(['warm up the chain'], 'en', 'pt');
      const rounds = size === 'tiny' ? 10 : 200;
      const floor: number[] = [];
      const direct: number[] = [];
      const chain: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const text = MESSAGES_EN[i % MESSAGES_EN.length]!;
        let start = performance.now();
        await fetch(`${server.baseUrl}/listPairs`).then((r) => r.text());
        floor.push(performance.now() - start);
        start = performance.now();
        await engine.translate([`${text} (${i})`], 'en', 'es');
        direct.push(performance.now() - start);
        start = performance.now();
        await engine.translate([`${text} (${i})`], 'en', 'pt');
        chain.push(performance.now() - start);
      }
      const batchSamples: number[] = [];
      for (let i = 0; i < (size === 'tiny' ? 2 : 20); i++) {
        const start = performance.now();
        await engine.translate(
          MESSAGES_EN.map((m) => `${m} ${i}`),
          'en',
          'es',
        );
        batchSamples.push(performance.now() - start);
      }
      const floorP50 = median(floor);
      const limit = `APy /listPairs round trip p50 ${floorP50.toFixed(2)} ms (same run)`;
      log(`Apertium on ${server.baseUrl}: ${rounds} round trips per direction`);
      figures.push(
        {
          bench: 'apertium en→es round trip p50',
          value: median(direct),
          unit: 'ms',
          ratio: median(direct) / floorP50,
          limit,
        },
        { bench: 'apertium en→es round trip p95', value: p95(direct), unit: 'ms' },
        {
          bench: 'apertium en→pt (via es) round trip p50',
          value: median(chain),
          unit: 'ms',
          ratio: median(chain) / floorP50,
          limit,
        },
        { bench: 'apertium en→pt (via es) round trip p95', value: p95(chain), unit: 'ms' },
        { bench: 'apertium en→es, 40 messages in one request p50', value: median(batchSamples), unit: 'ms' },
      );
    } finally {
      await server.stop();
    }
    return figures;
  },
});
