/**
 * Against a real Apertium APy started on loopback (tests/support/apertium.ts). If APy cannot
 * start, every test here fails with the reason — none is skipped (a failing beforeAll would
 * make vitest report the tests as skipped, so each test awaits the start itself).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApertiumServer, startApertium } from '../../tests/support/apertium';
import { createApertiumEngine } from './apertium-engine';
import { TranslationUnavailableError } from './engine';
import { createMemoryCache } from './translation-cache';
import { createTranslationService } from './translation-service';

let starting: Promise<ApertiumServer> | undefined;
let server: ApertiumServer;

beforeEach(async () => {
  starting ??= startApertium();
  server = await starting;
}, 30_000);

afterAll(async () => {
  await (await starting?.catch(() => undefined))?.stop();
});

describe('Apertium APy (real server)', () => {
  it('listens on loopback only', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('translates English → Spanish', async () => {
    const engine = createApertiumEngine({ baseUrl: server.baseUrl });
    const [text] = await engine.translate(['Where is my order?'], 'en', 'es');
    expect(text?.toLowerCase()).toContain('orden');
    expect(text).toMatch(/^¿?Dónde/);
  });

  it('translates Spanish → English', async () => {
    const engine = createApertiumEngine({ baseUrl: server.baseUrl });
    // Apertium is literal ("Where it is my request?"); assert the words, not the style.
    const [text] = await engine.translate(['¿Dónde está mi pedido? Gracias.'], 'es', 'en');
    expect(text).toMatch(/^Where\b/);
    expect(text?.toLowerCase()).toContain('thank');
  });

  it('translates English → Portuguese through Spanish (translateChain)', async () => {
    const engine = createApertiumEngine({ baseUrl: server.baseUrl });
    const [text] = await engine.translate(['Where is my refund?'], 'en', 'pt');
    expect(text).toMatch(/reembolso/i);
    expect(text).toMatch(/Onde/);
  });

  it('keeps a batch of messages apart and in order, with HTML-ish text intact', async () => {
    const engine = createApertiumEngine({ baseUrl: server.baseUrl, batchSize: 3 });
    const texts = ['Thanks!', 'The parcel is stuck at customs', 'I love it <3 & more', 'Where is my order?'];
    const batched = await engine.translate(texts, 'en', 'es');
    expect(batched).toHaveLength(4);
    const single = await Promise.all(texts.map(async (t) => (await engine.translate([t], 'en', 'es'))[0]));
    expect(batched).toEqual(single);
    expect(batched[2]).toContain('<3 &');
  });

  it('reports pairs it does not have, clearly', async () => {
    const engine = createApertiumEngine({ baseUrl: server.baseUrl });
    await expect(engine.translate(['xin chào'], 'vi', 'en')).rejects.toThrow(
      /vi → en: that language pair is not installed/,
    );
    expect(await engine.available({ from: 'en', to: 'pt' })).toMatchObject({ state: 'available' });
    expect(await engine.available({ from: 'th', to: 'en' })).toMatchObject({ state: 'unavailable' });
  });

  it('works through the service, with caching', async () => {
    let calls = 0;
    const engine = createApertiumEngine({ baseUrl: server.baseUrl });
    const counting = {
      ...engine,
      translate: (...args: Parameters<typeof engine.translate>) => {
        calls++;
        return engine.translate(...args);
      },
    };
    const service = createTranslationService({
      engines: [counting],
      settings: () => ({ engineId: 'apertium' }),
      cache: createMemoryCache(),
    });
    const first = await service.translate(['Hello, how are you?'], 'en', 'es');
    const second = await service.translate(['Hello, how are you?'], 'en', 'es');
    expect(second).toEqual(first);
    expect(calls).toBe(1);
  });

  it('turns a stopped server into a clear TranslationUnavailableError', async () => {
    const other = await startApertium();
    const engine = createApertiumEngine({ baseUrl: other.baseUrl });
    await engine.translate(['hello'], 'en', 'es');
    await other.stop();
    const error = await engine.translate(['hello again'], 'en', 'es').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslationUnavailableError);
    expect((error as Error).message).toBe(
      `Couldn't reach Apertium at ${other.baseUrl}. Check that the server is running and the address in Settings is right.`,
    );
  }, 30_000);
});
