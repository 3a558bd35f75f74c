import type { BackgroundApi, CallerKind, HostState } from '../extension/api/protocol';
import type { TabRegistry } from './tabs';

interface CallerContext {
  caller: CallerKind;
  tabId: number | null;
  startedAt: number;
  tabs: TabRegistry;
}

/** One API object per connected port, so every call knows which part and tab it came from. */
export function createBackgroundApi(ctx: CallerContext): BackgroundApi {
  const requireTab = (): number => {
    if (ctx.tabId === null) throw new Error('This call is only available inside a host tab.');
    return ctx.tabId;
  };
  return {
    async ping() {
      return { pong: true, workerStartedAt: ctx.startedAt, caller: ctx.caller, tabId: ctx.tabId };
    },
    async reportHostState(state: HostState) {
      if (ctx.caller !== 'content') throw new Error('Only a content script reports host state.');
      const tabId = requireTab();
      ctx.tabs.setState(tabId, state);
      ctx.tabs.push(tabId, 'sidebar', { type: 'host-state', state });
    },
    async getHostState() {
      return ctx.tabs.getState(requireTab());
    },
  };
}
