/**
 * One SyncClient per service worker, created at start-up (it reconnects by itself when the
 * worker was restarted). Local-only mode (nothing configured) costs one storage read.
 */
import type { TabEvent } from '../../extension/api/protocol';
import type { Store } from '../store/store';
import { SyncClient } from './sync-client';

let client: SyncClient | null = null;
/** Tabs with a sidebar connected (team pushes go to them). */
const sidebarTabs = new Map<number, number>();

export function startSync(
  store: () => Promise<Store>,
  push: (tabId: number, event: TabEvent) => void,
): SyncClient {
  client ??= new SyncClient({
    store,
    broadcast: (event) => {
      for (const tabId of sidebarTabs.keys()) push(tabId, event);
    },
  });
  return client;
}

export function sidebarConnected(tabId: number | null): () => void {
  if (tabId === null) return () => {};
  sidebarTabs.set(tabId, (sidebarTabs.get(tabId) ?? 0) + 1);
  return () => {
    const count = (sidebarTabs.get(tabId) ?? 1) - 1;
    if (count <= 0) sidebarTabs.delete(tabId);
    else sidebarTabs.set(tabId, count);
  };
}
