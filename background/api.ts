import { browser } from 'wxt/browser';
import type {
  BackgroundApi,
  CallerKind,
  CapturedBatch,
  ContentRequest,
  HostState,
  InsertResult,
} from '../extension/api/protocol';
import { createApiSendApi } from './api-send/api-send';
import type { CaptureCache } from './capture-cache';
import type { CaptureHandlers } from './capture-port';
import { recordCapture } from './capture-service';
import { createCustomerApi } from './customer-api';
import type { CustomerTabs } from './customer-tabs';
import { createReplyApi, noteCapturedForTemplates } from './replies/reply-api';
import type { Store } from './store/store';
import type { SyncClient } from './sync/sync-client';
import { createTeamApi } from './sync/team-api';
import type { TabRegistry } from './tabs';

export interface CallerContext {
  caller: CallerKind;
  tabId: number | null;
  startedAt: number;
  tabs: TabRegistry;
  captures: CaptureCache;
  customerTabs: CustomerTabs;
  /** Opens the store on first use (see store-access.ts). */
  store: () => Promise<Store>;
  /** Team sync (local-only when nothing is configured). */
  sync: SyncClient;
}

/** One API object per connected port, so every call knows which part and tab it came from. */
/** How long a sidebar call waits for a restarted worker to hear the tab's chat again. */
const HOST_STATE_WAIT_MS = 3_000;

export function createBackgroundApi(ctx: CallerContext): BackgroundApi {
  const requireTab = (): number => {
    if (ctx.tabId === null) throw new Error('This call is only available inside a host tab.');
    return ctx.tabId;
  };
  const requireCaller = (kind: CallerKind, what: string) => {
    if (ctx.caller !== kind) throw new Error(`Only the ${kind} may ${what}.`);
  };
  // openCustomerFor takes a host state, replyFacts serves the reply methods: internal only.
  const { openCustomerFor, replyFacts, ...customers } = createCustomerApi({
    tabId: ctx.tabId,
    store: ctx.store,
    hostState: async () => (ctx.tabId === null ? null : ctx.tabs.whenState(ctx.tabId, HOST_STATE_WAIT_MS)),
    customerTabs: ctx.customerTabs,
  });
  const openConversation = () => (ctx.tabId === null ? null : ctx.tabs.getState(ctx.tabId));
  const replies = createReplyApi({
    messages: async () => {
      const state = openConversation();
      if (!state?.conversation) return [];
      return ctx.captures.list({ account: state.account, conversation: state.conversation });
    },
    customer: replyFacts,
    conversationTitle: () => openConversation()?.conversation?.title ?? null,
    openThread: () => {
      const state = openConversation();
      return state?.conversation ? { account: state.account, conversation: state.conversation } : null;
    },
  });
  const team = createTeamApi(ctx.sync, openConversation, () => requireCaller('sidebar', 'use team mode'));
  const apiSend = createApiSendApi({
    credentials: () => ctx.sync.apiCredentials(),
    conversation: (state) => ctx.sync.conversationFor(state),
    hostState: openConversation,
    onlySidebar: () => requireCaller('sidebar', 'send through the Business API'),
  });
  return {
    ...customers,
    ...replies,
    ...team,
    ...apiSend,
    async ping() {
      return { pong: true, workerStartedAt: ctx.startedAt, caller: ctx.caller, tabId: ctx.tabId };
    },
    async reportHostState(state: HostState) {
      requireCaller('content', 'report host state');
      const tabId = requireTab();
      ctx.tabs.setState(tabId, state);
      ctx.tabs.push(tabId, 'sidebar', { type: 'host-state', state });
    },
    async getHostState() {
      return ctx.tabs.getState(requireTab());
    },
    async openSidebar(timelineLimit: number) {
      // As the customer calls do: a restarted worker hears the tab's chat shortly.
      const state = await ctx.tabs.whenState(requireTab(), HOST_STATE_WAIT_MS);
      return { state, customer: await openCustomerFor(state, timelineLimit) };
    },
    async composerActivity() {
      requireCaller('content', 'report composer activity');
      // The same "replying now" an insertion from the sidebar signals (a no-op outside team mode).
      await ctx.sync.replyingIn(openConversation(), true);
    },
    async getConversationMessages() {
      const state = ctx.tabs.getState(requireTab());
      if (!state?.conversation) return [];
      return ctx.captures.list({ account: state.account, conversation: state.conversation });
    },
    async insertIntoComposer(text: string): Promise<InsertResult> {
      requireCaller('sidebar', 'insert into the composer');
      const request: ContentRequest = { type: 'insert-text', text };
      try {
        const result = (await browser.tabs.sendMessage(requireTab(), request, { frameId: 0 })) as
          | InsertResult
          | undefined;
        if (result?.ok) void ctx.sync.replyingIn(openConversation(), true).catch(() => {});
        return (
          result ?? {
            ok: false,
            reason: 'no-host-tab',
            message: 'The page did not answer. Reload the tab and try again.',
          }
        );
      } catch {
        return {
          ok: false,
          reason: 'no-host-tab',
          message: 'Switchboard is not running in this tab yet. Reload the tab and try again.',
        };
      }
    },
  };
}

/**
 * What a content script's captured batches do (served by capture-port.ts). New messages go into
 * the in-memory cache on arrival (suggestions read it, and the durable writes may queue behind the
 * sidebars' own store reads); the sidebar hears of them once they are stored: the customer's
 * timeline push (capture-service.ts) also tells it to refresh its suggestions, and a chat without
 * a customer (a group) gets a `messages` push instead. One push per batch, not two: each costs the
 * worker, the browser and the sidebar a task per message in a burst. A worker stopped before the
 * writes committed never acknowledged the batch, so the content script sends it again.
 */
export function createCaptureHandlers(ctx: CallerContext, tabId: number): CaptureHandlers {
  return {
    received(batch: CapturedBatch) {
      ctx.captures.add(batch);
    },
    async persist(batch: CapturedBatch) {
      // Team mode: the backend's copy goes into the outbox first (a no-op in local-only mode).
      await ctx.sync.queueCapture(batch).catch((error: unknown) => {
        console.warn('Switchboard: could not queue captured messages for the team server', error);
      });
      const { customerId } = await recordCapture(batch, tabId, {
        store: ctx.store,
        customerTabs: ctx.customerTabs,
        openThreadId: () => ctx.tabs.getState(tabId)?.conversation?.threadId ?? null,
      });
      if (customerId === null && batch.messages.length > 0) {
        const threadId = batch.conversation.threadId;
        ctx.tabs.push(tabId, 'sidebar', { type: 'messages', threadId, added: batch.messages });
      }
      // The agent's outgoing message may be an inserted template being sent (not awaited).
      noteCapturedForTemplates(batch);
    },
  };
}
