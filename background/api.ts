import { browser } from 'wxt/browser';
import type {
  BackgroundApi,
  CallerKind,
  CapturedBatch,
  ContentRequest,
  HostState,
  InsertResult,
} from '../extension/api/protocol';
import type { CaptureCache } from './capture-cache';
import type { TabRegistry } from './tabs';

interface CallerContext {
  caller: CallerKind;
  tabId: number | null;
  startedAt: number;
  tabs: TabRegistry;
  captures: CaptureCache;
}

/** One API object per connected port, so every call knows which part and tab it came from. */
export function createBackgroundApi(ctx: CallerContext): BackgroundApi {
  const requireTab = (): number => {
    if (ctx.tabId === null) throw new Error('This call is only available inside a host tab.');
    return ctx.tabId;
  };
  const requireCaller = (kind: CallerKind, what: string) => {
    if (ctx.caller !== kind) throw new Error(`Only the ${kind} may ${what}.`);
  };
  return {
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
    async captureMessages(batch: CapturedBatch) {
      requireCaller('content', 'capture messages');
      const tabId = requireTab();
      const added = ctx.captures.add(batch);
      if (added.length > 0) {
        ctx.tabs.push(tabId, 'sidebar', { type: 'messages', threadId: batch.conversation.threadId, added });
      }
      return { added: added.length };
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
