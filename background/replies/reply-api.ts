/**
 * The reply methods of the typed API for one connected port. The conversation is always the
 * caller's own tab's open chat, so a sidebar can only ask about what its agent is looking at.
 */
import type { CapturedMessage, ReplyMethods } from '../../extension/api/protocol';
import {
  readTranslationSettings,
  type TranslationSettingsRecord,
  writeTranslationSettings,
} from '../../extension/settings/translation';
import type { CustomerSnapshot } from '../customer-types';
import type { TemplateRepository } from '../suggestions/template-repository';
import { createIdbCache } from '../translation/translation-cache';
import { type ConversationInput, createReplyService, type ReplyService } from './reply-service';
import { createIdbTemplateRepository } from './template-store';

let shared: ReplyService | null = null;
let sharedRepository: TemplateRepository | null = null;

/** The worker's one template repository (its writes are serialised per instance). */
export function getReplyRepository(): TemplateRepository {
  sharedRepository ??= createIdbTemplateRepository();
  return sharedRepository;
}

/** One service per worker: the suggestion index and the engine's cache are worth keeping. */
export function getReplyService(): ReplyService {
  shared ??= createReplyService({
    repository: getReplyRepository(),
    readSettings: readTranslationSettings,
    translationCache: createIdbCache(),
    browserHasTranslator: () => typeof (globalThis as { Translator?: unknown }).Translator !== 'undefined',
  });
  return shared;
}

export interface ReplyApiContext {
  /** The tab's open conversation's captured messages, oldest first. */
  messages: () => Promise<CapturedMessage[]>;
  customer: () => Promise<CustomerSnapshot | null>;
  /** Title of the open chat: the customer's name when the store has none. */
  conversationTitle: () => string | null;
  service?: () => ReplyService;
}

async function conversation(ctx: ReplyApiContext): Promise<ConversationInput> {
  const [messages, snapshot] = await Promise.all([
    ctx.messages(),
    // The customer card is a nicety here: suggestions still work when the store is unavailable.
    ctx.customer().catch(() => null),
  ]);
  const view = snapshot?.view;
  const priority = view?.customer.priority === 'high' || view?.customer.priority === 'vip';
  return {
    messages,
    customerName: view?.customer.name ?? ctx.conversationTitle(),
    priority,
    ...(view ? { inquiriesLast30Days: view.stats.inquiriesLast30Days } : {}),
  };
}

export function createReplyApi(ctx: ReplyApiContext): ReplyMethods {
  const service = ctx.service ?? getReplyService;
  return {
    async getReplySuggestions(request) {
      return service().suggest(await conversation(ctx), request);
    },
    async translateMessages(hostIds, to) {
      return service().translateMessages(await conversation(ctx), hostIds, to);
    },
    translateText: (text, from, to) => service().translateText(text, from, to),
    recordTemplateUse: (templateId, use) => service().recordTemplateUse(templateId, use.edited),
    listTemplates: () => service().listTemplates(),
    importTemplates: (json) => service().importTemplates(json),
    exportTemplates: (scope) => service().exportTemplates(scope),
    getTranslationSettings: () => service().translationSettings(),
    async setTranslationSettings(settings: TranslationSettingsRecord) {
      await writeTranslationSettings(settings);
      return service().translationSettings();
    },
  };
}
