/**
 * The browser's own on-device translator (Chrome's Translator API), when present: text never
 * leaves the machine. Feature-detected, because it is missing in Firefox and older Chrome, and
 * because a language model may first need downloading — which can take minutes or fail, so the
 * states are reported as they are instead of being hidden behind a spinner.
 */
import {
  DEFAULT_TIMEOUT_MS,
  type EngineAvailability,
  type LanguagePair,
  type TranslationEngine,
  TranslationUnavailableError,
} from './engine';

/** The shape of the global `Translator` we rely on (Chrome 138+). */
export interface BrowserTranslatorApi {
  availability(options: { sourceLanguage: string; targetLanguage: string }): Promise<string>;
  create(options: {
    sourceLanguage: string;
    targetLanguage: string;
    signal?: AbortSignal;
    monitor?: (m: EventTarget) => void;
  }): Promise<{
    translate(text: string, options?: { signal?: AbortSignal }): Promise<string>;
    destroy?(): void;
  }>;
}

export interface BrowserEngineOptions {
  /** Where to find `Translator`; default globalThis (tests pass a stand-in). */
  globals?: { Translator?: BrowserTranslatorApi };
  /** How long to wait for a model to be ready before giving up on this request. */
  createTimeoutMs?: number;
}

const LABEL = 'the browser’s built-in translator';

export function createBrowserEngine(options: BrowserEngineOptions = {}): TranslationEngine {
  const api = (): BrowserTranslatorApi | undefined =>
    (options.globals ?? (globalThis as { Translator?: BrowserTranslatorApi })).Translator;
  const translators = new Map<string, ReturnType<BrowserTranslatorApi['create']>>();

  function createTranslator(
    translator: BrowserTranslatorApi,
    from: string,
    to: string,
    current: string,
  ): ReturnType<BrowserTranslatorApi['create']> {
    const timeoutMs = options.createTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Our own controller, aborted only if creation is too slow: the signal given to create()
    // must not fire later and tear down a translator that became ready.
    const controller = new AbortController();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        controller.abort();
        reject(
          new TranslationUnavailableError(
            `The browser did not get the ${from} → ${to} language model ready within ${Math.round(timeoutMs / 1000)} s` +
              `${current === 'available' ? '' : ' (it still needs downloading)'}. Try again later, or pick another engine in Settings.`,
            { engineId: 'browser', reason: 'not-downloaded' },
          ),
        );
      }, timeoutMs);
      translator.create({ sourceLanguage: from, targetLanguage: to, signal: controller.signal }).then(
        (created) => {
          clearTimeout(timer);
          resolve(created);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(
            new TranslationUnavailableError(
              `The browser could not prepare on-device ${from} → ${to} translation (${(error as Error)?.message ?? error}).`,
              { engineId: 'browser', reason: 'not-downloaded', cause: error },
            ),
          );
        },
      );
    });
  }

  async function state(pair: LanguagePair): Promise<string> {
    const translator = api();
    if (!translator) return 'missing';
    try {
      return await translator.availability({ sourceLanguage: pair.from, targetLanguage: pair.to });
    } catch {
      return 'unavailable';
    }
  }

  function describe(value: string, pair?: LanguagePair): EngineAvailability {
    const what = pair ? `${pair.from} → ${pair.to}` : 'translation';
    switch (value) {
      case 'available':
        return { state: 'available', detail: `On-device ${what} is ready.` };
      case 'downloadable':
        return {
          state: 'downloadable',
          detail: `On-device ${what} needs a one-time language download by the browser before first use.`,
        };
      case 'downloading':
        return { state: 'downloading', detail: `The browser is downloading the language model for ${what}.` };
      case 'missing':
        return {
          state: 'unavailable',
          detail: 'This browser has no built-in translator (Chrome 138 or newer has one).',
        };
      default:
        return { state: 'unavailable', detail: `This browser cannot translate ${what} on-device.` };
    }
  }

  return {
    id: 'browser',
    label: LABEL,
    async available(pair) {
      if (!api()) return describe('missing');
      return describe(pair ? await state(pair) : 'available', pair);
    },
    async translate(texts, from, to, signal) {
      if (texts.length === 0) return [];
      const translator = api();
      const current = translator ? await state({ from, to }) : 'missing';
      if (!translator || current === 'unavailable' || current === 'missing') {
        throw new TranslationUnavailableError(
          `Can't translate ${from} → ${to}: ${describe(current, { from, to }).detail}`,
          {
            engineId: 'browser',
            reason: 'unsupported-pair',
          },
        );
      }
      const key = `${from}|${to}`;
      let pending = translators.get(key);
      if (!pending) {
        pending = createTranslator(translator, from, to, current);
        translators.set(key, pending);
        // A model download that failed or timed out must not poison later attempts.
        pending.catch(() => translators.delete(key));
      }
      const ready = await pending;
      const out: string[] = [];
      for (const text of texts) out.push(await ready.translate(text, signal ? { signal } : undefined));
      return out;
    },
  };
}
