/**
 * The browser's Translator API is feature-detected; here a stand-in with the same shape plays
 * each state Chrome reports (the real one cannot download models on this machine).
 */
import { describe, expect, it } from 'vitest';
import { type BrowserTranslatorApi, createBrowserEngine } from './browser-engine';

function fakeTranslator(state: string, options: { createNever?: boolean } = {}): BrowserTranslatorApi {
  return {
    availability: async () => state,
    create: ({ targetLanguage }) =>
      options.createNever
        ? new Promise(() => {})
        : Promise.resolve({ translate: async (text: string) => `[${targetLanguage}] ${text}` }),
  };
}

describe('browser on-device engine', () => {
  it('says clearly when the browser has no translator', async () => {
    const engine = createBrowserEngine({ globals: {} });
    expect(await engine.available()).toEqual({
      state: 'unavailable',
      detail: 'This browser has no built-in translator (Chrome 138 or newer has one).',
    });
    await expect(engine.translate(['hi'], 'en', 'es')).rejects.toMatchObject({ engineId: 'browser' });
  });

  it('reports downloadable and unavailable pairs as such', async () => {
    const downloadable = createBrowserEngine({ globals: { Translator: fakeTranslator('downloadable') } });
    expect(await downloadable.available({ from: 'en', to: 'th' })).toMatchObject({
      state: 'downloadable',
      detail: 'On-device en → th needs a one-time language download by the browser before first use.',
    });
    const unavailable = createBrowserEngine({ globals: { Translator: fakeTranslator('unavailable') } });
    expect(await unavailable.available({ from: 'en', to: 'xx' })).toMatchObject({ state: 'unavailable' });
  });

  it('translates when available', async () => {
    const engine = createBrowserEngine({ globals: { Translator: fakeTranslator('available') } });
    expect(await engine.translate(['hello', 'thanks'], 'en', 'vi')).toEqual(['[vi] hello', '[vi] thanks']);
  });

  it('gives up on a model that never gets ready, with a clear message', async () => {
    const engine = createBrowserEngine({
      globals: { Translator: fakeTranslator('downloadable', { createNever: true }) },
      createTimeoutMs: 50,
    });
    await expect(engine.translate(['hello'], 'en', 'es')).rejects.toThrow(
      /did not get the en → es language model ready within 0 s \(it still needs downloading\)/,
    );
  });
});
