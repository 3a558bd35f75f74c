/**
 * Apertium APy, self-hosted rule-based translation. On Debian it has English↔Spanish and
 * Spanish↔Portuguese, so English↔Portuguese goes through Spanish with APy's own
 * `/translateChain`. Thai, Vietnamese and Indonesian are not available at all.
 *
 * Several messages go in one request, each wrapped in <p>…</p>: APy's default HTML deformatter
 * keeps paragraphs apart, whereas joining by newlines let sentences run into each other and
 * changed translations. Text is HTML-escaped on the way in and unescaped on the way out.
 */
import {
  badResponse,
  DEFAULT_TIMEOUT_MS,
  type EngineAvailability,
  fetchEngineJson,
  type HttpEngineCall,
  type LanguagePair,
  type TranslationEngine,
  TranslationUnavailableError,
  trimBaseUrl,
} from './engine';
import { toIso1, toIso3 } from './languages';

export interface ApertiumOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Messages per request; large batches are split. */
  batchSize?: number;
  fetch?: typeof fetch;
}

const LABEL = 'Apertium';
const PIVOT = 'spa';
const PAIRS_TTL_MS = 5 * 60_000;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Splits APy's answer back into the messages that were wrapped in <p>…</p>. */
export function splitParagraphs(html: string, expected: number): string[] | undefined {
  const parts = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => unescapeHtml(m[1] ?? '').trim());
  return parts.length === expected ? parts : undefined;
}

export function createApertiumEngine(options: ApertiumOptions): TranslationEngine {
  const base = trimBaseUrl(options.baseUrl);
  const batchSize = options.batchSize ?? 40;
  const call = (signal?: AbortSignal): HttpEngineCall => ({
    engineId: 'apertium',
    label: LABEL,
    displayUrl: base,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal,
    fetch: options.fetch ?? ((...args) => fetch(...args)),
  });

  let pairs: { at: number; set: Set<string> } | undefined;

  async function listPairs(signal?: AbortSignal): Promise<Set<string>> {
    if (pairs && Date.now() - pairs.at < PAIRS_TTL_MS) return pairs.set;
    const body = (await fetchEngineJson(call(signal), `${base}/listPairs`)) as {
      responseData?: Array<{ sourceLanguage?: string; targetLanguage?: string }>;
    };
    if (!Array.isArray(body.responseData)) badResponse(call(), 'no responseData in /listPairs');
    const set = new Set<string>();
    for (const pair of body.responseData) {
      if (pair.sourceLanguage && pair.targetLanguage)
        set.add(`${pair.sourceLanguage}|${pair.targetLanguage}`);
    }
    pairs = { at: Date.now(), set };
    return set;
  }

  /** The language codes to pass: ["eng","spa"] directly, or ["eng","spa","por"] via Spanish. */
  async function route(from: string, to: string, signal?: AbortSignal): Promise<string[] | undefined> {
    const a = toIso3(from);
    const b = toIso3(to);
    if (!a || !b) return undefined;
    const available = await listPairs(signal);
    if (available.has(`${a}|${b}`)) return [a, b];
    if (available.has(`${a}|${PIVOT}`) && available.has(`${PIVOT}|${b}`)) return [a, PIVOT, b];
    return undefined;
  }

  async function translateBatch(
    texts: readonly string[],
    path: string[],
    signal?: AbortSignal,
  ): Promise<string[]> {
    const q = texts.map((t) => `<p>${escapeHtml(t)}</p>`).join('');
    const params = new URLSearchParams({ q, markUnknown: 'no' });
    let url: string;
    if (path.length === 2) {
      params.set('langpair', `${path[0]}|${path[1]}`);
      url = `${base}/translate`;
    } else {
      params.set('langpairs', path.join('|'));
      url = `${base}/translateChain`;
    }
    // POST form body: long batches would overflow a GET URL. APy reads arguments from either.
    const body = (await fetchEngineJson(call(signal), url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: params.toString(),
    })) as { responseData?: { translatedText?: unknown } };
    const translated = body.responseData?.translatedText;
    if (typeof translated !== 'string') badResponse(call(), 'no translatedText');
    const parts = splitParagraphs(translated, texts.length);
    if (!parts) badResponse(call(), `expected ${texts.length} paragraphs back`);
    return parts;
  }

  return {
    id: 'apertium',
    label: LABEL,
    async translate(texts, from, to, signal) {
      if (texts.length === 0) return [];
      const path = await route(from, to, signal);
      if (!path) {
        throw new TranslationUnavailableError(
          `${LABEL} at ${base} cannot translate ${from} → ${to}: that language pair is not installed.`,
          { engineId: 'apertium', reason: 'unsupported-pair', url: base },
        );
      }
      const out: string[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        out.push(...(await translateBatch(texts.slice(i, i + batchSize), path, signal)));
      }
      return out;
    },
    async available(pair?: LanguagePair): Promise<EngineAvailability> {
      try {
        if (!pair) {
          const set = await listPairs();
          const names = [...set].map((p) =>
            p
              .split('|')
              .map((c) => toIso1(c) ?? c)
              .join('→'),
          );
          return { state: 'available', detail: `${LABEL} at ${base} is running (${names.join(', ')}).` };
        }
        const path = await route(pair.from, pair.to);
        return path
          ? {
              state: 'available',
              detail: `${LABEL} translates ${pair.from} → ${pair.to}${path.length > 2 ? ' via Spanish' : ''}.`,
            }
          : {
              state: 'unavailable',
              detail: `${LABEL} at ${base} has no ${pair.from} → ${pair.to} pair installed.`,
            };
      } catch (error) {
        return { state: 'unavailable', detail: (error as Error).message };
      }
    },
  };
}
