/**
 * DeepL API v2. Free-plan keys end in ":fx" and must use api-free.deepl.com; paid keys use
 * api.deepl.com. The key goes in the Authorization header (DeepL no longer accepts it as a form
 * field). English and Portuguese targets need a variant (EN-US, PT-BR): the bare codes are
 * deprecated as targets.
 */
import {
  badResponse,
  DEFAULT_TIMEOUT_MS,
  type EngineAvailability,
  fetchEngineJson,
  type HttpEngineCall,
  type TranslationEngine,
  TranslationUnavailableError,
  trimBaseUrl,
} from './engine';

export interface DeepLOptions {
  apiKey: string;
  /** Override the endpoint (tests, or a proxy); default chosen from the key. */
  baseUrl?: string;
  /** Target variants; default EN-US and PT-BR. */
  englishVariant?: 'EN-US' | 'EN-GB';
  portugueseVariant?: 'PT-BR' | 'PT-PT';
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const LABEL = 'DeepL';
export const DEEPL_FREE_URL = 'https://api-free.deepl.com';
export const DEEPL_PRO_URL = 'https://api.deepl.com';

export function deeplBaseUrl(apiKey: string): string {
  return apiKey.trim().endsWith(':fx') ? DEEPL_FREE_URL : DEEPL_PRO_URL;
}

export function createDeepLEngine(options: DeepLOptions): TranslationEngine {
  const base = trimBaseUrl(options.baseUrl ?? deeplBaseUrl(options.apiKey));
  const call = (signal?: AbortSignal): HttpEngineCall => ({
    engineId: 'deepl',
    label: LABEL,
    displayUrl: base,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal,
    fetch: options.fetch ?? ((...args) => fetch(...args)),
  });
  const headers = {
    authorization: `DeepL-Auth-Key ${options.apiKey.trim()}`,
    'content-type': 'application/json',
  };

  function target(lang: string): string {
    const code = lang.toUpperCase();
    if (code === 'EN') return options.englishVariant ?? 'EN-US';
    if (code === 'PT') return options.portugueseVariant ?? 'PT-BR';
    return code;
  }

  return {
    id: 'deepl',
    label: LABEL,
    async translate(texts, from, to, signal) {
      if (texts.length === 0) return [];
      if (!options.apiKey.trim()) {
        throw new TranslationUnavailableError('DeepL needs an API key; add it in Settings.', {
          engineId: 'deepl',
          reason: 'not-configured',
          url: base,
        });
      }
      const body = (await fetchEngineJson(call(signal), `${base}/v2/translate`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ text: texts, source_lang: from.toUpperCase(), target_lang: target(to) }),
      })) as { translations?: Array<{ text?: unknown }> };
      const translations = body.translations;
      if (!Array.isArray(translations) || translations.length !== texts.length) {
        badResponse(call(), `expected ${texts.length} translations`);
      }
      return translations.map((t) =>
        typeof t.text === 'string' ? t.text : badResponse(call(), 'a translation is not text'),
      );
    },
    async available(pair): Promise<EngineAvailability> {
      if (!options.apiKey.trim())
        return { state: 'unavailable', detail: 'DeepL needs an API key; add it in Settings.' };
      try {
        const targets = (await fetchEngineJson(call(), `${base}/v2/languages?type=target`, {
          headers: { authorization: headers.authorization },
        })) as Array<{ language?: string }>;
        if (!Array.isArray(targets)) badResponse(call(), 'the language list is not a list');
        if (!pair) return { state: 'available', detail: `${LABEL} (${base}) accepts the key.` };
        const wanted = target(pair.to);
        const ok = targets.some((t) => t.language?.toUpperCase() === wanted);
        return ok
          ? { state: 'available', detail: `${LABEL} translates into ${wanted}.` }
          : { state: 'unavailable', detail: `${LABEL} does not translate into ${wanted}.` };
      } catch (error) {
        return { state: 'unavailable', detail: (error as Error).message };
      }
    },
  };
}
