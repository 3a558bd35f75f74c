/**
 * The service worker's reply assistant: the template library (starter set plus the agent's
 * personal templates), suggestions for the open chat's latest customer messages, the language
 * of each customer message, and translation through the one engine the organisation chose.
 *
 * Nothing here knows about ports or tabs: api.ts hands in the open conversation's messages and
 * customer, so the logic runs the same in unit tests with in-memory parts.
 */
import type { CapturedMessage } from '../../extension/api/protocol';
import {
  effectiveEngine,
  type TranslationEngineChoice,
  type TranslationSettingsRecord,
} from '../../extension/settings/translation';
import { STARTER_TEMPLATES } from '../suggestions/starter-templates';
import type { SuggestionContext } from '../suggestions/suggestion-context';
import { buildSuggestionIndex, type Suggestion, type SuggestionIndex } from '../suggestions/suggestion-index';
import { exportTemplates, parseTemplatesJson } from '../suggestions/template-io';
import type { Template } from '../suggestions/template-model';
import type { TemplateRepository } from '../suggestions/template-repository';
import {
  emptyStats,
  findTemplatesNeedingReview,
  recordChosen,
  recordSent,
  recordSuggested,
  type TemplateStats,
  templateHealth,
} from '../suggestions/template-stats';
import { variableLabel } from '../suggestions/template-variables';
import { createApertiumEngine } from '../translation/apertium-engine';
import { createBrowserEngine } from '../translation/browser-engine';
import { createDeepLEngine } from '../translation/deepl-engine';
import { conversationLanguage, detectLanguage } from '../translation/detect-language';
import { type TranslationEngine, TranslationUnavailableError } from '../translation/engine';
import { enginesFor } from '../translation/engine-coverage';
import type { DetectedLanguage } from '../translation/languages';
import { createLibreTranslateEngine } from '../translation/libretranslate-engine';
import type { TranslationCache } from '../translation/translation-cache';
import { createTranslationService, type TranslationService } from '../translation/translation-service';
import type {
  CustomerLine,
  MessageTranslation,
  MessageTranslations,
  ReplyPart,
  ReplySuggestion,
  ReplySuggestionRequest,
  ReplySuggestions,
  TemplateExportScope,
  TemplateImportOutcome,
  TemplateReviewItem,
  TranslationOutcome,
  TranslationSettingsView,
  UnsupportedPair,
} from './reply-types';

/** What api.ts knows about the tab's open chat. */
export interface ConversationInput {
  messages: readonly CapturedMessage[];
  customerName: string | null;
  /** Marked high/VIP by the team, or raised by the priority rules. */
  priority: boolean;
  inquiriesLast30Days?: number;
}

export interface ReplyServiceDeps {
  repository: TemplateRepository;
  readSettings: () => Promise<TranslationSettingsRecord>;
  translationCache: TranslationCache;
  /** Whether this browser offers the on-device Translator API. */
  browserHasTranslator: () => boolean;
  /**
   * The engine's origin when the browser has not granted access to it, else null. An unreachable
   * engine may be one the worker is not allowed to fetch (DeepL sends no CORS headers), e.g. set
   * up before access was asked for on save; the sidebar then says how to allow it.
   */
  missingHostAccess?: (settings: TranslationSettingsRecord) => Promise<string | null>;
  /** Builds the engine for a choice; injectable so tests can count calls. */
  createEngine?: (
    choice: TranslationEngineChoice,
    settings: TranslationSettingsRecord,
  ) => TranslationEngine | null;
  now?: () => Date;
  /** How long 'suggested' counts may wait in memory before they are written (default 5 s). */
  statsFlushMs?: number;
}

// The latest customer messages decide the suggestions; older ones are about something else.
const SUGGESTION_MESSAGES = 3;
const SUGGESTION_LIMIT = 3;
const SHOWN_MESSAGES = 5;

export function createEngineFor(
  choice: TranslationEngineChoice,
  settings: TranslationSettingsRecord,
): TranslationEngine | null {
  const url = settings.url?.trim();
  const apiKey = settings.apiKey?.trim();
  switch (choice) {
    case 'browser':
      return createBrowserEngine();
    case 'apertium':
      return url ? createApertiumEngine({ baseUrl: url }) : null;
    case 'libretranslate':
      return url ? createLibreTranslateEngine({ baseUrl: url, ...(apiKey ? { apiKey } : {}) }) : null;
    case 'deepl':
      return apiKey ? createDeepLEngine({ apiKey, ...(url ? { baseUrl: url } : {}) }) : null;
    case 'none':
      return null;
  }
}

/** "Jane Doe" → "Jane"; a phone number or handle is not a first name. */
export function firstNameOf(name: string | null | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  if (!first || !/\p{L}/u.test(first) || /^[@+]/.test(first)) return undefined;
  return first;
}

function toReplySuggestion(suggestion: Suggestion): ReplySuggestion {
  const parts: ReplyPart[] = suggestion.filled.parts.map((part) =>
    part.kind === 'text'
      ? { kind: 'text', text: part.text }
      : {
          kind: 'variable',
          key: part.key,
          label: variableLabel(part.key),
          ...(part.value !== undefined ? { value: part.value } : {}),
        },
  );
  return {
    templateId: suggestion.template.id,
    title: suggestion.template.title,
    shortcut: suggestion.template.shortcut,
    lang: suggestion.lang,
    inCustomerLanguage: suggestion.inCustomerLanguage,
    text: suggestion.filled.text,
    parts,
    missing: suggestion.filled.missing.map((m) => ({ key: m.key, label: m.label })),
  };
}

function unsupportedPair(engine: TranslationEngineChoice, from: string, to: string): UnsupportedPair {
  return { from, to, alternatives: enginesFor(from, to, engine) };
}

function isUnsupportedPair(error: unknown): error is TranslationUnavailableError {
  return error instanceof TranslationUnavailableError && error.reason === 'unsupported-pair';
}

function unavailable(engine: TranslationEngineChoice, error: unknown, pair?: { from: string; to: string }) {
  if (error instanceof TranslationUnavailableError) {
    return {
      ok: false as const,
      engine,
      reason: error.reason,
      message: error.message,
      ...(pair && isUnsupportedPair(error)
        ? { unsupported: unsupportedPair(engine, pair.from, pair.to) }
        : {}),
    };
  }
  return {
    ok: false as const,
    engine,
    reason: 'unreachable',
    message: String((error as Error)?.message ?? error),
  };
}

export interface ReplyService {
  suggest(conversation: ConversationInput, request: ReplySuggestionRequest): Promise<ReplySuggestions>;
  translateMessages(
    conversation: ConversationInput,
    hostIds: readonly string[],
    to: string,
  ): Promise<MessageTranslations>;
  translateText(text: string, from: string, to: string): Promise<TranslationOutcome>;
  /** The agent inserted this template into the composer. */
  recordTemplateChosen(templateId: string): Promise<void>;
  /** The inserted template went out (see template-insertions.ts); `edited` when changed first. */
  recordTemplateSent(templateId: string, edited: boolean): Promise<void>;
  listTemplates(): Promise<Template[]>;
  /** Templates in use or due for review, most used first. */
  templateReview(): Promise<TemplateReviewItem[]>;
  importTemplates(json: string): Promise<TemplateImportOutcome>;
  /** `personal`: only the agent's own templates; `all` (default): the whole library. */
  exportTemplates(scope?: TemplateExportScope): Promise<string>;
  translationSettings(): Promise<TranslationSettingsView>;
  /** The stored library changed behind the service (a team snapshot was applied): rebuild the index. */
  libraryChanged(): void;
  /** Writes the 'suggested' counts still held in memory (tests; the service flushes on its own). */
  flushStats(): Promise<void>;
}

const STATS_FLUSH_MS = 5_000;

export function createReplyService(deps: ReplyServiceDeps): ReplyService {
  const now = deps.now ?? (() => new Date());
  const makeEngine = deps.createEngine ?? createEngineFor;
  let index: Promise<SuggestionIndex> | null = null;
  // Suggestions are counted once per customer message, not once per sidebar refresh.
  const counted = new Set<string>();
  const languages = new Map<string, string>();
  let translation: { key: string; engine: TranslationEngineChoice; service: TranslationService } | null =
    null;

  async function library(): Promise<Template[]> {
    // Personal templates replace a starter template with the same id (the agent edited it).
    const byId = new Map<string, Template>(STARTER_TEMPLATES.map((t) => [t.id, t]));
    for (const template of await deps.repository.list()) byId.set(template.id, template);
    return [...byId.values()];
  }

  function getIndex(): Promise<SuggestionIndex> {
    index ??= (async () => {
      // Ranked with every count made so far, as if none had waited in memory.
      await flushStats().catch(() => undefined);
      const [templates, stats] = await Promise.all([library(), deps.repository.listStats()]);
      return buildSuggestionIndex(templates, { stats: new Map(stats.map((s) => [s.templateId, s])) });
    })().catch((error: unknown) => {
      index = null;
      throw error;
    });
    return index;
  }

  function languageOf(message: CapturedMessage): string {
    let lang = languages.get(message.hostId);
    if (lang === undefined) {
      lang = detectLanguage(message.text).lang;
      if (languages.size > 5_000) languages.clear();
      languages.set(message.hostId, lang);
    }
    return lang;
  }

  // Both read from the end of the conversation and stop early: it is asked about with every
  // captured customer message, and grows with the chat.
  function customerLines(conversation: ConversationInput, limit: number): CustomerLine[] {
    const picked: CapturedMessage[] = [];
    const { messages } = conversation;
    for (let i = messages.length - 1; i >= 0 && picked.length < limit; i--) {
      const m = messages[i]!;
      if (m.direction === 'in' && m.text.trim() !== '') picked.push(m);
    }
    return picked.reverse().map((m) => ({ hostId: m.hostId, text: m.text, lang: languageOf(m) }));
  }

  /**
   * What the agent is about to answer: the customer's messages since the agent's last reply
   * (already answered questions would otherwise outvote the new one), or the last one.
   */
  function unansweredLines(conversation: ConversationInput, lines: CustomerLine[]): CustomerLine[] {
    const wanted = new Set(lines.map((l) => l.hostId));
    const since = new Set<string>();
    const { messages } = conversation;
    for (let i = messages.length - 1; i >= 0 && since.size < wanted.size; i--) {
      const m = messages[i]!;
      if (m.direction === 'out') break;
      if (wanted.has(m.hostId)) since.add(m.hostId);
    }
    const pending = lines.filter((l) => since.has(l.hostId));
    return pending.length > 0 ? pending : lines.slice(-1);
  }

  // 'Suggested' counts come with every customer message the sidebar asks about, so during a
  // burst they are gathered here and written together at most once per flush interval (a stopped
  // worker loses the last few: only the review report reads them). Any stats write takes the
  // gathered counts along.
  const unsaved = new Map<string, Date[]>();
  const flushMs = deps.statsFlushMs ?? STATS_FLUSH_MS;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  function countSuggested(ids: readonly string[], at: Date): void {
    for (const id of ids) unsaved.set(id, [...(unsaved.get(id) ?? []), at]);
    if (ids.length === 0 || flushTimer !== null) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void flushStats().catch(() => undefined);
    }, flushMs);
  }

  // Read-modify-write of the stats: serialised, so a suggestion count and a send arriving
  // together cannot overwrite each other.
  let statsQueue: Promise<unknown> = Promise.resolve();
  function updateStats(ids: readonly string[], change: (s: TemplateStats) => TemplateStats): Promise<void> {
    const step = async () => {
      const suggested = new Map(unsaved);
      unsaved.clear();
      if (ids.length === 0 && suggested.size === 0) return;
      try {
        const existing = new Map((await deps.repository.listStats()).map((s) => [s.templateId, s]));
        const touched = new Set([...suggested.keys(), ...ids]);
        const next = [...touched].map((id) => {
          let stats = existing.get(id) ?? emptyStats(id);
          for (const at of suggested.get(id) ?? []) stats = recordSuggested(stats, at);
          return ids.includes(id) ? change(stats) : stats;
        });
        await deps.repository.saveStats(next);
      } catch (error) {
        // Kept for the next write, ahead of any counted meanwhile (they are later).
        for (const [id, times] of suggested) unsaved.set(id, [...times, ...(unsaved.get(id) ?? [])]);
        throw error;
      }
    };
    const next = statsQueue.then(step, step);
    statsQueue = next.catch(() => undefined);
    return next;
  }

  function flushStats(): Promise<void> {
    return updateStats([], (s) => s);
  }

  async function translator(): Promise<{ engine: TranslationEngineChoice; service: TranslationService }> {
    const settings = await deps.readSettings();
    const engine = effectiveEngine(settings, deps.browserHasTranslator());
    const key = JSON.stringify([engine, settings.url ?? '', settings.apiKey ?? '']);
    if (translation?.key !== key) {
      const built = makeEngine(engine, settings);
      translation = {
        key,
        engine,
        service: createTranslationService({
          engines: built ? [built] : [],
          // Only the engine the organisation chose; 'none' (or an incomplete setup) means no
          // customer text leaves this function.
          settings: () => ({ engineId: engine === 'none' ? 'none' : engine }),
          cache: deps.translationCache,
        }),
      };
    }
    return translation;
  }

  async function withAccessHint<T extends { reason: string }>(
    failure: T,
  ): Promise<T & { accessMissing?: string }> {
    if (failure.reason !== 'unreachable' || !deps.missingHostAccess) return failure;
    const origin = await deps.missingHostAccess(await deps.readSettings()).catch(() => null);
    return origin ? { ...failure, accessMissing: origin } : failure;
  }

  return {
    async suggest(conversation, request) {
      const idx = await getIndex();
      const lines = customerLines(conversation, SHOWN_MESSAGES);
      const firstName = firstNameOf(conversation.customerName);
      const settings = await deps.readSettings();
      const context: SuggestionContext = {
        customer: {
          ...(conversation.customerName ? { name: conversation.customerName } : {}),
          ...(firstName ? { firstName } : {}),
          priority: conversation.priority,
          ...(conversation.inquiriesLast30Days !== undefined
            ? { inquiriesLast30Days: conversation.inquiriesLast30Days }
            : {}),
        },
        ...(settings.agentName?.trim() ? { agent: { name: settings.agentName.trim() } } : {}),
      };
      const recent = unansweredLines(conversation, lines)
        .slice(-SUGGESTION_MESSAGES)
        .map((l) => ({
          text: l.text,
          lang: l.lang as DetectedLanguage,
        }));
      const query = request.query?.trim() ?? '';
      let customerLang: string;
      let found: Suggestion[];
      if (query) {
        const auto = conversationLanguage(recent);
        customerLang = auto;
        const lang = auto !== 'und' ? auto : request.agentLang;
        found = idx.search(query, { lang, context, limit: SUGGESTION_LIMIT });
      } else if (recent.length > 0) {
        const result = idx.suggest({ messages: recent, context, limit: SUGGESTION_LIMIT });
        customerLang = result.lang;
        found = result.suggestions;
        const last = lines[lines.length - 1]!.hostId;
        const fresh = found.map((s) => s.template.id).filter((id) => !counted.has(`${last}|${id}`));
        for (const id of fresh) counted.add(`${last}|${id}`);
        if (counted.size > 10_000) counted.clear();
        countSuggested(fresh, now());
      } else {
        customerLang = 'und';
        found = [];
      }
      return {
        customerLang,
        agentLang: request.agentLang,
        messages: lines,
        suggestions: found.map(toReplySuggestion),
      };
    },

    async translateMessages(conversation, hostIds, to) {
      const { engine, service } = await translator();
      const failed = (error: unknown) => withAccessHint(unavailable(engine, error));
      const wanted = new Set(hostIds);
      const lines = conversation.messages
        .filter((m) => wanted.has(m.hostId))
        .map((m) => ({ hostId: m.hostId, text: m.text, lang: languageOf(m) }));
      const items: MessageTranslation[] = lines.map((l) => ({ hostId: l.hostId, lang: l.lang }));
      const byLang = new Map<string, number[]>();
      lines.forEach((line, i) => {
        if (line.lang === 'und' || line.lang === to) return;
        byLang.set(line.lang, [...(byLang.get(line.lang) ?? []), i]);
      });
      try {
        for (const [lang, indexes] of byLang) {
          let out: string[];
          try {
            out = await service.translate(
              indexes.map((i) => lines[i]!.text),
              lang,
              to,
            );
          } catch (error) {
            // A language the engine lacks (Thai on Apertium) must not hide the translations
            // of the chat's other languages: mark those messages and go on.
            if (!isUnsupportedPair(error)) throw error;
            const unsupported = unsupportedPair(engine, lang, to);
            for (const index of indexes) items[index]!.unsupported = unsupported;
            continue;
          }
          indexes.forEach((index, j) => {
            items[index]!.translation = out[j]!;
          });
        }
        return { ok: true, engine, items };
      } catch (error) {
        return failed(error);
      }
    },

    async translateText(text, from, to) {
      const { engine, service } = await translator();
      try {
        return { ok: true, engine, texts: await service.translate([text], from, to) };
      } catch (error) {
        return withAccessHint(unavailable(engine, error, { from, to }));
      }
    },

    async recordTemplateChosen(templateId) {
      const at = now();
      await updateStats([templateId], (s) => recordChosen(s, at));
      // Acceptance feeds the ranking.
      index = null;
    },

    async recordTemplateSent(templateId, edited) {
      const at = now();
      await updateStats([templateId], (s) => recordSent(s, edited, at));
    },

    listTemplates: library,

    async templateReview() {
      await flushStats().catch(() => undefined);
      const [templates, stats] = await Promise.all([library(), deps.repository.listStats()]);
      const byId = new Map(stats.map((s) => [s.templateId, s]));
      const flags = new Map(
        findTemplatesNeedingReview(templates, byId, now()).map((f) => [f.templateId, f.reasons]),
      );
      return templates
        .map((template): TemplateReviewItem => {
          const health = templateHealth(template, byId.get(template.id));
          return {
            templateId: template.id,
            title: template.title,
            shortcut: template.shortcut,
            suggested: health.suggested,
            chosen: health.chosen,
            sent: health.sent,
            edited: health.editedBeforeSend,
            lastReviewedAt: health.lastReviewedAt,
            reasons: flags.get(template.id) ?? [],
          };
        })
        .filter((item) => item.suggested > 0 || item.chosen > 0 || item.reasons.length > 0)
        .sort((a, b) => b.chosen - a.chosen || b.suggested - a.suggested || a.title.localeCompare(b.title));
    },

    async importTemplates(json) {
      const result = parseTemplatesJson(json);
      // Each message already names the template and the field, in words.
      if (!result.ok) return { ok: false, problems: result.problems.map((p) => p.message) };
      // Imported files are the agent's own library; team templates arrive from the backend.
      await deps.repository.save(result.templates.map((t) => ({ ...t, source: 'personal' as const })));
      index = null;
      return { ok: true, imported: result.templates.length };
    },

    async exportTemplates(scope = 'all') {
      const templates =
        scope === 'personal'
          ? (await deps.repository.list()).filter((t) => t.source === 'personal')
          : await library();
      return exportTemplates(templates, now());
    },

    libraryChanged() {
      index = null;
    },

    flushStats,

    async translationSettings() {
      const settings = await deps.readSettings();
      return { settings, engine: effectiveEngine(settings, deps.browserHasTranslator()) };
    },
  };
}
