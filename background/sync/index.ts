/**
 * One SyncClient per service worker, created at start-up (it reconnects by itself when the
 * worker was restarted). Local-only mode (nothing configured) costs one storage read.
 */
import type { CapturedEvent } from '../../backend/protocol/v1';
import type { TabEvent } from '../../extension/api/protocol';
import { startTeamTemplates } from '../replies/team-templates-wiring';
import type { Store } from '../store/store';
import { SyncClient } from './sync-client';
import type { EnrollInput } from './team-types';

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
  startTeamTemplates(client);
  // Diagnostics for the e2e tests and the outbox bench (CDP on the worker target only; pages and
  // other extensions cannot reach a service worker's globals). Never returns the token.
  const sync = client;
  (globalThis as { __switchboardSync?: unknown }).__switchboardSync = {
    status: () => sync.status(),
    enroll: (input: EnrollInput) => sync.enroll(input),
    queueEvents: (events: CapturedEvent[]) => sync.queueEvents(events),
    timing: () => sync.syncTiming(),
  };
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
