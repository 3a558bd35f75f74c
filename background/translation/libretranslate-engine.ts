/**
 * LibreTranslate (self-hosted or hosted): POST /translate with a JSON body; `q` may be a list,
 * and the answer's `translatedText` is then a list in the same order.
 */
import {
  badResponse,
  DEFAULT_TIMEOUT_MS,
  type EngineAvailability,
  fetchEngineJson,
  type HttpEngineCall,
  type TranslationEngine,
  trimBaseUrl,
} from './engine';

export interface LibreTranslateOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const LABEL = 'LibreTranslate';

export function createLibreTranslateEngine(options: LibreTranslateOptions): TranslationEngine {
  const base = trimBaseUrl(options.baseUrl);
  const call = (signal?: AbortSignal): HttpEngineCall => ({
    engineId: 'libretranslate',
    label: LABEL,
    displayUrl: base,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal,
    fetch: options.fetch ?? ((...args) => fetch(...args)),
  });

  return {
    id: 'libretranslate',
    label: LABEL,
    async translate(texts, from, to, signal) {
      if (texts.length === 0) return [];
      const body = (await fetchEngineJson(call(signal), `${base}/translate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          q: texts,
          source: from,
          target: to,
          format: 'text',
          ...(options.apiKey ? { api_key: options.apiKey } : {}),
        }),
      })) as { translatedText?: unknown };
      const translated = body.translatedText;
      if (!Array.isArray(translated) || translated.length !== texts.length) {
        badResponse(call(), `expected ${texts.length} translations in translatedText`);
      }
      return translated.map((t) =>
        typeof t === 'string' ? t : badResponse(call(), 'a translation is not text'),
      );
    },
    async available(pair): Promise<EngineAvailability> {
      try {
        const languages = (await fetchEngineJson(call(), `${base}/languages`)) as Array<{
          code?: string;
          targets?: string[];
        }>;
        if (!Array.isArray(languages)) badResponse(call(), '/languages is not a list');
        if (!pair) return { state: 'available', detail: `${LABEL} at ${base} is running.` };
        const source = languages.find((l) => l.code === pair.from);
        return source?.targets?.includes(pair.to)
          ? { state: 'available', detail: `${LABEL} translates ${pair.from} → ${pair.to}.` }
          : { state: 'unavailable', detail: `${LABEL} at ${base} does not offer ${pair.from} → ${pair.to}.` };
      } catch (error) {
        return { state: 'unavailable', detail: (error as Error).message };
      }
    },
  };
}
