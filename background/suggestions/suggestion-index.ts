/**
 * Reply suggestions: the best templates for the latest customer messages, in the customer's
 * language, filled from context. Built once per template library (rebuild on change), queried
 * on every incoming message, so queries do no per-template work beyond scoring candidates.
 *
 * Ranking combines two signals:
 * - keyword/intent rules (intent-rules.ts): precise for common questions in every language;
 * - full-text BM25 ranking (MiniSearch) over each language's template text, titles, tags and
 *   the intent's keywords, for wording the rules do not know.
 * Newer messages count more than older ones. The priority wording is chosen for customers the
 * priority rule selects.
 */
import MiniSearch from 'minisearch';
import { conversationLanguage } from '../translation/detect-language';
import { isSupportedLanguage } from '../translation/languages';
import { INTENT_KEYWORDS, type IntentMatch, matchIntents } from './intent-rules';
import { SEARCH_STOPWORDS } from './search-stopwords';
import {
  type CustomerMessage,
  DEFAULT_PRIORITY_RULE,
  isPriorityCustomer,
  type PriorityRule,
  type SuggestionContext,
} from './suggestion-context';
import { pickVariant, type Template, type TemplateVariant } from './template-model';
import type { TemplateStats } from './template-stats';
import { type FilledTemplate, fillTemplate, parseTemplate } from './template-variables';
import { normalizeText, tokenize } from './text-normalize';

export interface Suggestion {
  template: Template;
  variant: TemplateVariant;
  /** The variant's language; differs from the customer's when the template lacks that language. */
  lang: string;
  /** False when the reply is in the fallback language and may need translating. */
  inCustomerLanguage: boolean;
  filled: FilledTemplate;
  score: number;
  /** Why it was suggested, for the sidebar's tooltip and for debugging ranking. */
  reasons: string[];
}

export interface SuggestResult {
  /** The customer's language as used for the suggestions ("und" when unknown). */
  lang: string;
  priority: boolean;
  intents: IntentMatch[];
  suggestions: Suggestion[];
}

export interface SuggestRequest {
  /** The latest customer messages, oldest first. */
  messages: readonly CustomerMessage[];
  context?: SuggestionContext;
  limit?: number;
}

export interface SuggestionIndexOptions {
  /** Language of the replies when the customer's has no templates (default "en"). */
  fallbackLang?: string;
  priorityRule?: PriorityRule;
  /** Usage stats: well-accepted templates win ties. */
  stats?: ReadonlyMap<string, TemplateStats>;
}

export interface SuggestionIndex {
  readonly size: number;
  suggest(request: SuggestRequest): SuggestResult;
  /** Templates whose shortcut starts with `prefix` ("/ref" → /refund, /refundstatus). */
  byShortcut(
    prefix: string,
    options?: { lang?: string; context?: SuggestionContext; limit?: number },
  ): Suggestion[];
  /** The agent's own search box: a `/shortcut` prefix or free text. */
  search(
    query: string,
    options?: { lang?: string; context?: SuggestionContext; limit?: number },
  ): Suggestion[];
}

interface MessageAnalysis {
  matches: IntentMatch[];
  /** Template id → relative full-text score (0..1). */
  textHits: Array<[string, number]>;
}

const ANALYSIS_CACHE_SIZE = 500;
/**
 * Per-word search results kept, counted in template hits (a common word has hundreds, a rare one
 * a few): about 10 MB at most, and chat vocabulary repeats enough that this covers a day's words.
 */
const TERM_CACHE_HITS = 200_000;

interface IndexedDoc {
  id: string;
  title: string;
  tags: string;
  keywords: string;
  body: string;
}

const MESSAGE_WEIGHTS = [1, 0.6, 0.35];
const INTENT_WEIGHT = 1;
const TEXT_WEIGHT = 0.6;
// Templates without the customer's language cannot earn a full-text score (they are not in that
// language's index), so the penalty only breaks ties in favour of replies needing no translation.
const FOREIGN_LANGUAGE_PENALTY = 0.1;
const AFTER_HOURS_BOOST = 2;
const ACCEPTANCE_WEIGHT = 0.1;
// Below this a candidate shares a word or two with the message and nothing more: fewer
// suggestions beat irrelevant ones.
const MIN_SCORE = 0.2;

function bodyWithoutVariables(body: string): string {
  return parseTemplate(body)
    .map((part) => (part.kind === 'text' ? part.text : ' '))
    .join('');
}

function keywordsFor(intent: string, lang: string): string {
  const table = INTENT_KEYWORDS[lang as keyof typeof INTENT_KEYWORDS];
  const own = table?.[intent as keyof typeof table] ?? [];
  return own.join(' ');
}

const searchTokenize = (text: string): string[] => tokenize(text);
// Tokens are already normalised; drop chat filler and one-letter Latin noise.
const processTerm = (term: string): string | null =>
  SEARCH_STOPWORDS.has(term) || /^[a-z0-9]$/.test(term) ? null : term;

function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) terms.push(term);
  }
  return terms;
}

/** Query terms are already tokenised and processed: search each one as it is. */
const ONE_TERM = { tokenize: (term: string) => [term] };

function createLanguageIndex(): MiniSearch<IndexedDoc> {
  return new MiniSearch<IndexedDoc>({
    fields: ['title', 'tags', 'keywords', 'body'],
    storeFields: [],
    tokenize: searchTokenize,
    processTerm,
    searchOptions: {
      boost: { keywords: 2, title: 1.5, tags: 1.5, body: 1 },
      // Prefix matching covers inflections ("reembols" → reembolso/reembolsar). No fuzzy
      // matching: it tripled query time over 1,000 templates, and typos in the common
      // questions are caught by the keyword rules' stems.
      prefix: (term) => term.length >= 4,
      combineWith: 'OR',
      tokenize: searchTokenize,
      processTerm,
    },
  });
}

function acceptance(stats: TemplateStats | undefined): number {
  // Laplace-smoothed so a new template is neither favoured nor buried.
  return stats ? (stats.chosen + 1) / (stats.suggested + 2) : 0.5;
}

export function buildSuggestionIndex(
  templates: readonly Template[],
  options: SuggestionIndexOptions = {},
): SuggestionIndex {
  const fallbackLang = options.fallbackLang ?? 'en';
  const priorityRule = options.priorityRule ?? DEFAULT_PRIORITY_RULE;
  const stats = options.stats;

  const byId = new Map(templates.map((t) => [t.id, t]));
  const byIntent = new Map<string, Template[]>();
  for (const template of templates) {
    const list = byIntent.get(template.intent) ?? [];
    list.push(template);
    byIntent.set(template.intent, list);
  }

  const indexes = new Map<string, MiniSearch<IndexedDoc>>();
  for (const template of templates) {
    for (const variant of template.variants) {
      if (variant.priority) continue;
      let index = indexes.get(variant.lang);
      if (!index) {
        index = createLanguageIndex();
        indexes.set(variant.lang, index);
      }
      index.add({
        id: template.id,
        title: template.title,
        tags: template.tags.join(' '),
        keywords: keywordsFor(template.intent, variant.lang),
        body: bodyWithoutVariables(variant.body),
      });
    }
  }

  // Shortcut lookups compare normalised shortcuts; sorted once so results are stable.
  const shortcuts = templates
    .map((t) => ({ key: normalizeText(t.shortcut), template: t }))
    .sort(
      (a, b) =>
        a.key.localeCompare(b.key) ||
        (a.template.source === b.template.source ? 0 : a.template.source === 'team' ? -1 : 1),
    );

  function toSuggestion(
    template: Template,
    lang: string,
    priority: boolean,
    context: SuggestionContext,
    score: number,
    reasons: string[],
  ): Suggestion | undefined {
    let variant = pickVariant(template, lang, priority);
    let inCustomerLanguage = true;
    if (!variant) {
      variant = pickVariant(template, fallbackLang, priority) ?? template.variants[0];
      inCustomerLanguage = false;
    }
    if (!variant) return undefined;
    const finalReasons = priority && variant.priority ? [...reasons, 'priority customer'] : reasons;
    return {
      template,
      variant,
      lang: variant.lang,
      inCustomerLanguage,
      filled: fillTemplate(variant.body, context),
      score,
      reasons: finalReasons,
    };
  }

  // suggest() runs again on every new message with the recent ones, so the work per message
  // (intent rules, full-text search) is kept: each call then only analyses the new message.
  const analysed = new Map<string, MessageAnalysis>();
  // A common word ("order", "pedido") matches hundreds of templates: its BM25 scores are
  // computed once, not again for every message that contains it.
  const termResults = new Map<string, Array<[string, number]>>();
  let cachedHits = 0;

  function termHits(lang: string, term: string): Array<[string, number]> {
    const key = `${lang}|${term}`;
    let hits = termResults.get(key);
    if (hits) return hits;
    hits = indexes
      .get(lang)!
      .search(term, ONE_TERM)
      .map((hit) => [hit.id as string, hit.score]);
    termResults.set(key, hits);
    cachedHits += hits.length;
    for (const [oldest, dropped] of termResults) {
      if (cachedHits <= TERM_CACHE_HITS || oldest === key) break;
      termResults.delete(oldest);
      cachedHits -= dropped.length;
    }
    return hits;
  }

  function analyse(text: string, lang: string, replyLang: string): MessageAnalysis {
    const key = `${lang}|${replyLang}|${text}`;
    const cached = analysed.get(key);
    if (cached) {
      analysed.delete(key);
      analysed.set(key, cached);
      return cached;
    }
    const matches = matchIntents(text, lang === 'und' ? undefined : lang);
    const textHits: Array<[string, number]> = [];
    if (indexes.has(replyLang)) {
      // MiniSearch's OR query, assembled from cached per-word results: the score of a template
      // is the sum of its words' BM25 scores times the number of distinct words it matched.
      const terms = searchTerms(text);
      const combined = new Map<string, { score: number; words: Set<string> }>();
      for (const term of terms) {
        for (const [id, score] of termHits(replyLang, term)) {
          const entry = combined.get(id);
          if (entry) {
            entry.score += score;
            entry.words.add(term);
          } else combined.set(id, { score, words: new Set([term]) });
        }
      }
      const distinct = new Set(terms).size;
      let top = 0;
      for (const entry of combined.values()) {
        entry.score *= entry.words.size;
        top = Math.max(top, entry.score);
      }
      for (const [id, { score, words }] of combined) {
        // Relative BM25 score, scaled by how much of the message the template covers: one
        // shared word out of eight is a weak reason to suggest a reply.
        const coverage = Math.min(1, words.size / Math.max(1, distinct));
        textHits.push([id, (score / top) * coverage]);
      }
    }
    const analysis = { matches, textHits };
    analysed.set(key, analysis);
    if (analysed.size > ANALYSIS_CACHE_SIZE) analysed.delete(analysed.keys().next().value as string);
    return analysis;
  }

  function suggest(request: SuggestRequest): SuggestResult {
    const context = request.context ?? {};
    const limit = request.limit ?? 3;
    const preferred = context.customer?.preferredLang;
    const customerLang = conversationLanguage(
      request.messages,
      preferred && isSupportedLanguage(preferred) ? preferred : 'und',
    );
    const replyLang = customerLang !== 'und' && indexes.has(customerLang) ? customerLang : fallbackLang;
    const priority = isPriorityCustomer(context.customer, priorityRule);

    const recent = request.messages.slice(-MESSAGE_WEIGHTS.length).reverse();
    const intentScores = new Map<string, number>();
    const allIntents = new Map<string, IntentMatch>();
    const textScores = new Map<string, number>();

    recent.forEach((message, i) => {
      const weight = MESSAGE_WEIGHTS[i]!;
      const lang = message.lang && message.lang !== 'und' ? message.lang : customerLang;
      const { matches, textHits } = analyse(message.text, lang, replyLang);
      // Each message contributes at most its recency weight, so a long phrase in an older message
      // ("where is my order") cannot outvote a newer, shorter request ("cancel it").
      const strongest = matches[0]?.score ?? 1;
      for (const match of matches) {
        const share = (match.score / strongest) * weight;
        intentScores.set(match.intent, (intentScores.get(match.intent) ?? 0) + share);
        const seen = allIntents.get(match.intent);
        if (seen) {
          seen.score += match.score * weight;
          seen.keywords.push(...match.keywords.filter((k) => !seen.keywords.includes(k)));
        } else {
          allIntents.set(match.intent, {
            ...match,
            score: match.score * weight,
            keywords: [...match.keywords],
          });
        }
      }
      for (const [id, share] of textHits) textScores.set(id, (textScores.get(id) ?? 0) + share * weight);
    });

    const maxIntent = Math.max(0, ...intentScores.values());
    const maxText = Math.max(0, ...textScores.values());
    const scores = new Map<string, { score: number; reasons: string[] }>();
    const add = (id: string, amount: number, reason: string) => {
      const entry = scores.get(id) ?? { score: 0, reasons: [] };
      entry.score += amount;
      entry.reasons.push(reason);
      scores.set(id, entry);
    };
    if (maxIntent > 0) {
      for (const [intent, value] of intentScores) {
        for (const template of byIntent.get(intent) ?? []) {
          add(template.id, (INTENT_WEIGHT * value) / maxIntent, `intent: ${intent}`);
        }
      }
    }
    if (maxText > 0) {
      for (const [id, value] of textScores) add(id, (TEXT_WEIGHT * value) / maxText, 'matching words');
    }
    if (context.afterHours) {
      for (const template of byIntent.get('after_hours') ?? [])
        add(template.id, AFTER_HOURS_BOOST, 'after hours');
    }

    // Rank on scores alone; only the few shown are filled in (filling is the costly part).
    const ranked: Array<{ id: string; total: number; reasons: string[] }> = [];
    for (const [id, { score, reasons }] of scores) {
      const template = byId.get(id)!;
      const hasLanguage = template.variants.some((v) => v.lang === replyLang);
      let total = score + ACCEPTANCE_WEIGHT * acceptance(stats?.get(id));
      if (!hasLanguage) total -= FOREIGN_LANGUAGE_PENALTY;
      if (total >= MIN_SCORE) ranked.push({ id, total, reasons });
    }
    ranked.sort((a, b) => b.total - a.total || a.id.localeCompare(b.id));
    const suggestions: Suggestion[] = [];
    for (const { id, total, reasons } of ranked) {
      if (suggestions.length >= limit) break;
      const suggestion = toSuggestion(byId.get(id)!, replyLang, priority, context, total, reasons);
      if (suggestion) suggestions.push(suggestion);
    }

    return {
      lang: customerLang === 'und' ? replyLang : customerLang,
      priority,
      intents: [...allIntents.values()].sort((a, b) => b.score - a.score),
      suggestions,
    };
  }

  function byShortcut(
    prefix: string,
    opts: { lang?: string; context?: SuggestionContext; limit?: number } = {},
  ): Suggestion[] {
    const wanted = normalizeText(prefix.trim());
    const key = wanted.startsWith('/') ? wanted : `/${wanted}`;
    const lang = opts.lang ?? fallbackLang;
    const context = opts.context ?? {};
    const priority = isPriorityCustomer(context.customer, priorityRule);
    const out: Suggestion[] = [];
    // Exact match first, then the rest alphabetically (the sorted order).
    const exact = shortcuts.filter((s) => s.key === key);
    const rest = shortcuts.filter((s) => s.key !== key && s.key.startsWith(key));
    for (const { template } of [...exact, ...rest]) {
      const suggestion = toSuggestion(template, lang, priority, context, 1, ['shortcut']);
      if (suggestion) out.push(suggestion);
      if (out.length >= (opts.limit ?? 10)) break;
    }
    return out;
  }

  function search(
    query: string,
    opts: { lang?: string; context?: SuggestionContext; limit?: number } = {},
  ): Suggestion[] {
    if (query.trim().startsWith('/')) return byShortcut(query, opts);
    const lang = opts.lang && indexes.has(opts.lang) ? opts.lang : fallbackLang;
    const context = opts.context ?? {};
    const priority = isPriorityCustomer(context.customer, priorityRule);
    const index = indexes.get(lang);
    if (!index || query.trim() === '') return [];
    const out: Suggestion[] = [];
    for (const hit of index.search(query)) {
      const suggestion = toSuggestion(byId.get(hit.id as string)!, lang, priority, context, hit.score, [
        'search',
      ]);
      if (suggestion) out.push(suggestion);
      if (out.length >= (opts.limit ?? 10)) break;
    }
    return out;
  }

  return { size: templates.length, suggest, byShortcut, search };
}
