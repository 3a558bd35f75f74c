/**
 * The one entry point the service worker uses to translate. It sends customer text only to the
 * engine the organisation chose in settings — never silently to another one when that engine
 * fails, because which third party may see customer messages is the organisation's decision —
 * and turns every failure into a TranslationUnavailableError with a message an agent can act on.
 */
import { detectLanguage } from './detect-language';
import {
  DEFAULT_TIMEOUT_MS,
  type EngineAvailability,
  type EngineId,
  type TranslationEngine,
  TranslationUnavailableError,
} from './engine';
import { type TranslationCache, translationCacheKey } from './translation-cache';

export interface TranslationSettings {
  /** The engine the organisation chose; 'none' turns translation off. */
  engineId: EngineId | 'none';
}

export interface TranslationServiceOptions {
  engines: readonly TranslationEngine[];
  /** Read on every call, so a settings change applies at once. */
  settings: () => TranslationSettings | Promise<TranslationSettings>;
  cache: TranslationCache;
  /** Upper bound for one translate() call, whatever the engine does. */
  timeoutMs?: number;
}

export interface TranslationService {
  /**
   * Translates texts from `from` (or 'auto': detected per text) into `to`. Texts already in the
   * target language come back unchanged without any engine call.
   */
  translate(texts: readonly string[], from: string, to: string, signal?: AbortSignal): Promise<string[]>;
  /** The chosen engine's state, for the settings page and the sidebar's translate button. */
  availability(from?: string, to?: string): Promise<EngineAvailability & { engineId: EngineId | 'none' }>;
}

export function createTranslationService(options: TranslationServiceOptions): TranslationService {
  const engines = new Map(options.engines.map((e) => [e.id, e]));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2;

  async function chosenEngine(): Promise<TranslationEngine> {
    const { engineId } = await options.settings();
    if (engineId === 'none') {
      throw new TranslationUnavailableError(
        'Translation is turned off. An admin can choose an engine in Settings.',
        {
          engineId: 'none',
          reason: 'not-configured',
        },
      );
    }
    const engine = engines.get(engineId);
    if (!engine) {
      throw new TranslationUnavailableError(
        `The translation engine chosen in Settings (${engineId}) is not set up in this browser. Check its address or key in Settings.`,
        { engineId, reason: 'not-configured' },
      );
    }
    return engine;
  }

  async function runEngine(
    engine: TranslationEngine,
    texts: string[],
    from: string,
    to: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const deadline = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      const result = await Promise.race([
        engine.translate(texts, from, to, combined),
        new Promise<never>((_, reject) => {
          combined.addEventListener('abort', () => reject(combined.reason), { once: true });
        }),
      ]);
      if (!Array.isArray(result) || result.length !== texts.length) {
        throw new TranslationUnavailableError(
          `${engine.label} returned ${result?.length ?? 'no'} translations for ${texts.length} messages.`,
          {
            engineId: engine.id,
            reason: 'bad-response',
          },
        );
      }
      return result;
    } catch (error) {
      if (error instanceof TranslationUnavailableError) throw error;
      if (signal?.aborted) {
        throw new TranslationUnavailableError('Translation was cancelled.', {
          engineId: engine.id,
          reason: 'cancelled',
          cause: error,
        });
      }
      if (deadline.aborted) {
        throw new TranslationUnavailableError(
          `${engine.label} did not finish translating within ${Math.round(timeoutMs / 1000)} s. Try again, or ask your admin to check the engine.`,
          { engineId: engine.id, reason: 'timeout', cause: error },
        );
      }
      throw new TranslationUnavailableError(
        `${engine.label} could not translate this: ${(error as Error)?.message ?? error}`,
        {
          engineId: engine.id,
          reason: 'unreachable',
          cause: error,
        },
      );
    }
  }

  async function translateFrom(
    engine: TranslationEngine,
    texts: string[],
    from: string,
    to: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    if (from === to) return texts;
    const keys = texts.map((text) => translationCacheKey(engine.id, from, to, text));
    const cached = await options.cache.getMany(keys);
    const missing = [...new Set(texts.filter((_, i) => cached[i] === undefined))];
    const fresh = new Map<string, string>();
    if (missing.length > 0) {
      const translated = await runEngine(engine, missing, from, to, signal);
      missing.forEach((text, i) => {
        fresh.set(text, translated[i]!);
      });
      await options.cache.setMany(
        missing.map((text) => [translationCacheKey(engine.id, from, to, text), fresh.get(text)!]),
      );
    }
    return texts.map((text, i) => cached[i] ?? fresh.get(text)!);
  }

  return {
    async translate(texts, from, to, signal) {
      if (texts.length === 0) return [];
      const engine = await chosenEngine();
      if (from !== 'auto') return translateFrom(engine, [...texts], from, to, signal);
      // Group by detected language; undetermined short texts ("ok 👍") need no translation.
      const out = [...texts];
      const groups = new Map<string, number[]>();
      texts.forEach((text, i) => {
        const lang = detectLanguage(text).lang;
        if (lang === 'und' || lang === to) return;
        groups.set(lang, [...(groups.get(lang) ?? []), i]);
      });
      for (const [lang, indexes] of groups) {
        const translated = await translateFrom(
          engine,
          indexes.map((i) => texts[i]!),
          lang,
          to,
          signal,
        );
        indexes.forEach((index, j) => {
          out[index] = translated[j]!;
        });
      }
      return out;
    },
    async availability(from, to) {
      try {
        const engine = await chosenEngine();
        const pair = from && to ? { from, to } : undefined;
        return { ...(await engine.available(pair)), engineId: engine.id };
      } catch (error) {
        const engineId = error instanceof TranslationUnavailableError ? error.engineId : 'none';
        return { state: 'unavailable', detail: (error as Error).message, engineId };
      }
    },
  };
}
