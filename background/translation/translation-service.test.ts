import { describe, expect, it } from 'vitest';
import { type EngineId, type TranslationEngine, TranslationUnavailableError } from './engine';
import { createMemoryCache } from './translation-cache';
import { createTranslationService } from './translation-service';

function recordingEngine(id: EngineId, behaviour: 'ok' | 'fail' | 'hang' = 'ok') {
  const calls: Array<{ texts: readonly string[]; from: string; to: string }> = [];
  const engine: TranslationEngine = {
    id,
    label: `Engine ${id}`,
    async translate(texts, from, to) {
      calls.push({ texts, from, to });
      if (behaviour === 'fail') throw new TypeError('fetch failed');
      if (behaviour === 'hang') return new Promise(() => {});
      return texts.map((t) => `${to}:${t}`);
    },
    async available() {
      return { state: 'available', detail: 'ok' };
    },
  };
  return { engine, calls };
}

describe('TranslationService', () => {
  it('only ever uses the engine chosen in settings — no fallback when it fails', async () => {
    const chosen = recordingEngine('libretranslate', 'fail');
    const other = recordingEngine('deepl');
    const service = createTranslationService({
      engines: [chosen.engine, other.engine],
      settings: () => ({ engineId: 'libretranslate' }),
      cache: createMemoryCache(),
    });
    const error = await service.translate(['hola'], 'es', 'en').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslationUnavailableError);
    expect((error as Error).message).toBe('Engine libretranslate could not translate this: fetch failed');
    expect(chosen.calls).toHaveLength(1);
    expect(other.calls).toHaveLength(0);
  });

  it('refuses clearly when translation is off or the chosen engine is not set up', async () => {
    const { engine, calls } = recordingEngine('deepl');
    const off = createTranslationService({
      engines: [engine],
      settings: () => ({ engineId: 'none' }),
      cache: createMemoryCache(),
    });
    await expect(off.translate(['hola'], 'es', 'en')).rejects.toThrow(/Translation is turned off/);
    const missing = createTranslationService({
      engines: [engine],
      settings: () => ({ engineId: 'apertium' }),
      cache: createMemoryCache(),
    });
    await expect(missing.translate(['hola'], 'es', 'en')).rejects.toThrow(/\(apertium\) is not set up/);
    expect(calls).toHaveLength(0);
    expect(await missing.availability()).toMatchObject({ state: 'unavailable', engineId: 'apertium' });
  });

  it('follows a settings change at once', async () => {
    const a = recordingEngine('apertium');
    const b = recordingEngine('deepl');
    let engineId: EngineId = 'apertium';
    const service = createTranslationService({
      engines: [a.engine, b.engine],
      settings: () => ({ engineId }),
      cache: createMemoryCache(),
    });
    await service.translate(['one'], 'en', 'es');
    engineId = 'deepl';
    await service.translate(['one'], 'en', 'es');
    expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
  });

  it('caches per engine and sends only what is missing, once per distinct text', async () => {
    const { engine, calls } = recordingEngine('apertium');
    const service = createTranslationService({
      engines: [engine],
      settings: () => ({ engineId: 'apertium' }),
      cache: createMemoryCache(),
    });
    expect(await service.translate(['a', 'b', 'a'], 'en', 'es')).toEqual(['es:a', 'es:b', 'es:a']);
    expect(await service.translate(['b', 'c'], 'en', 'es')).toEqual(['es:b', 'es:c']);
    expect(calls.map((c) => c.texts)).toEqual([['a', 'b'], ['c']]);
  });

  it('does not call the engine for text already in the target language', async () => {
    const { engine, calls } = recordingEngine('apertium');
    const service = createTranslationService({
      engines: [engine],
      settings: () => ({ engineId: 'apertium' }),
      cache: createMemoryCache(),
    });
    expect(await service.translate(['hello'], 'en', 'en')).toEqual(['hello']);
    expect(calls).toHaveLength(0);
  });

  it('detects the source per text with "auto", leaving "ok 👍" alone', async () => {
    const { engine, calls } = recordingEngine('deepl');
    const service = createTranslationService({
      engines: [engine],
      settings: () => ({ engineId: 'deepl' }),
      cache: createMemoryCache(),
    });
    const out = await service.translate(
      ['quiero un reembolso por favor', 'ok 👍', 'cadê meu pedido? já faz uma semana', 'where is my order?'],
      'auto',
      'en',
    );
    expect(out).toEqual([
      'en:quiero un reembolso por favor',
      'ok 👍',
      'en:cadê meu pedido? já faz uma semana',
      'where is my order?',
    ]);
    expect(calls.map((c) => c.from).sort()).toEqual(['es', 'pt']);
  });

  it('turns an engine that never answers into a timeout error', async () => {
    const { engine } = recordingEngine('apertium', 'hang');
    const service = createTranslationService({
      engines: [engine],
      settings: () => ({ engineId: 'apertium' }),
      cache: createMemoryCache(),
      timeoutMs: 100,
    });
    await expect(service.translate(['hello'], 'en', 'es')).rejects.toMatchObject({
      reason: 'timeout',
      message: expect.stringMatching(/Engine apertium did not finish translating within 0 s/),
    });
  });
});
