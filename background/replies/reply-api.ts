/**
 * The reply methods of the typed API for one connected port. The conversation is always the
 * caller's own tab's open chat, so a sidebar can only ask about what its agent is looking at.
 */
import { browser } from 'wxt/browser';
import type { CapturedBatch, CapturedMessage, ReplyMethods } from '../../extension/api/protocol';
import { missingEngineAccess } from '../../extension/settings/engine-permission';
import {
  readTranslationSettings,
  TRANSLATION_SETTINGS_KEY,
  type TranslationSettingsRecord,
  writeTranslationSettings,
} from '../../extension/settings/translation';
import type { ReplyFacts } from '../store/reply-facts';
import type { TemplateRepository } from '../suggestions/template-repository';
import { createIdbCache } from '../translation/translation-cache';
import { sessionInsertionArea } from './insertion-session-area';
import { type ConversationInput, createReplyService, type ReplyService } from './reply-service';
import { createTemplateInsertions, type TemplateInsertions, type ThreadRef } from './template-insertions';
import { createIdbTemplateRepository } from './template-store';

let shared: ReplyService | null = null;
let settingsRead: Promise<TranslationSettingsRecord> | null = null;
let sharedRepository: TemplateRepository | null = null;
let sharedInsertions: TemplateInsertions | null = null;

/** The worker's one template repository (its writes are serialised per instance). */
export function getReplyRepository(): TemplateRepository {
  sharedRepository ??= createIdbTemplateRepository();
  return sharedRepository;
}

/**
 * The translation settings, read from storage.local once and again after they change: every
 * suggestion request reads them, and each storage read is a round trip through the browser.
 */
function readSettingsOnce(): Promise<TranslationSettingsRecord> {
  settingsRead ??= readTranslationSettings().catch((error: unknown) => {
    settingsRead = null;
    throw error;
  });
  return settingsRead;
}

/** One service per worker: the suggestion index and the engine's cache are worth keeping. */
export function getReplyService(): ReplyService {
  if (!shared) {
    // Written by the options page or this worker; either way the next read goes to storage.
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && TRANSLATION_SETTINGS_KEY in changes) settingsRead = null;
    });
  }
  shared ??= createReplyService({
    repository: getReplyRepository(),
    readSettings: readSettingsOnce,
    translationCache: createIdbCache(),
    browserHasTranslator: () => typeof (globalThis as { Translator?: unknown }).Translator !== 'undefined',
    missingHostAccess: missingEngineAccess,
  });
  return shared;
}

/** The worker's one record of inserted templates waiting for the agent to press Send. */
export function getTemplateInsertions(): TemplateInsertions {
  sharedInsertions ??= createTemplateInsertions({
    area: sessionInsertionArea(),
    recordSent: (templateId, edited) => getReplyService().recordTemplateSent(templateId, edited),
  });
  return sharedInsertions;
}

/**
 * The hook for captured messages: an outgoing one may be an inserted template being sent.
 * Bookkeeping only, so it never delays or fails the capture itself.
 */
export function noteCapturedForTemplates(batch: CapturedBatch): void {
  getTemplateInsertions()
    .captured(batch)
    .catch((error: unknown) => console.warn('Switchboard: could not check a sent template', error));
}

export interface ReplyApiContext {
  /** The tab's open conversation's captured messages, oldest first. */
  messages: () => Promise<CapturedMessage[]>;
  customer: () => Promise<ReplyFacts | null>;
  /** Title of the open chat: the customer's name when the store has none. */
  conversationTitle: () => string | null;
  /** The tab's logged-in account and open thread; null when no chat is open. */
  openThread: () => ThreadRef | null;
  service?: () => ReplyService;
  insertions?: () => TemplateInsertions;
}

async function conversation(ctx: ReplyApiContext): Promise<ConversationInput> {
  const [messages, customer] = await Promise.all([
    ctx.messages(),
    // The customer is a nicety here: suggestions still work when the store is unavailable.
    ctx.customer().catch(() => null),
  ]);
  const priority = customer?.priority === 'high' || customer?.priority === 'vip';
  return {
    messages,
    customerName: customer?.name ?? ctx.conversationTitle(),
    priority,
    ...(customer ? { inquiriesLast30Days: customer.inquiriesLast30Days } : {}),
  };
}

export function createReplyApi(ctx: ReplyApiContext): ReplyMethods {
  const service = ctx.service ?? getReplyService;
  const insertions = ctx.insertions ?? getTemplateInsertions;
  return {
    async getReplySuggestions(request) {
      return service().suggest(await conversation(ctx), request);
    },
    async translateMessages(hostIds, to) {
      return service().translateMessages(await conversation(ctx), hostIds, to);
    },
    translateText: (text, from, to) => service().translateText(text, from, to),
    async recordTemplateInserted(templateId, insertedText) {
      await service().recordTemplateChosen(templateId);
      const thread = ctx.openThread();
      // Without an open chat there is no thread whose next message could be this reply.
      if (!thread) return;
      await insertions().inserted(thread, {
        templateId,
        text: insertedText,
        knownMessages: await ctx.messages(),
      });
    },
    listTemplates: () => service().listTemplates(),
    getTemplateReview: () => service().templateReview(),
    importTemplates: (json) => service().importTemplates(json),
    exportTemplates: (scope) => service().exportTemplates(scope),
    getTranslationSettings: () => service().translationSettings(),
    async setTranslationSettings(settings: TranslationSettingsRecord) {
      await writeTranslationSettings(settings);
      // The change event may come after this answer: the answer already reads what was written.
      settingsRead = null;
      return service().translationSettings();
    },
  };
}
