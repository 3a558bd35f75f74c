import type { Browser } from 'wxt/browser';
import type { Envelope } from '../extension/api/port-endpoint';
import type { CallerKind, HostState, TabEvent } from '../extension/api/protocol';

/**
 * Which parts of which tab are connected, and the last state each content script reported.
 * The sidebar iframe and the content script of one tab never talk directly (the host page
 * shares the content script's window and could listen): the background relays between them.
 */
export class TabRegistry {
  private readonly ports = new Map<number, Set<{ caller: CallerKind; port: Browser.runtime.Port }>>();
  private readonly states = new Map<number, HostState>();
  private readonly stateWaiters = new Map<number, Set<(state: HostState | null) => void>>();

  add(tabId: number | null, caller: CallerKind, port: Browser.runtime.Port): void {
    if (tabId === null) return;
    const set = this.ports.get(tabId) ?? new Set();
    set.add({ caller, port });
    this.ports.set(tabId, set);
  }

  remove(tabId: number | null, port: Browser.runtime.Port): void {
    if (tabId === null) return;
    const set = this.ports.get(tabId);
    if (!set) return;
    for (const entry of set) if (entry.port === port) set.delete(entry);
    if (set.size === 0) {
      this.ports.delete(tabId);
      this.states.delete(tabId);
    }
  }

  setState(tabId: number, state: HostState): void {
    this.states.set(tabId, state);
    const waiters = this.stateWaiters.get(tabId);
    this.stateWaiters.delete(tabId);
    for (const resolve of waiters ?? []) resolve(state);
  }

  /**
   * The tab's state, waiting up to `timeoutMs` for its content script to report one. A worker
   * the browser restarted knows no tab's chat until the content script reconnects and reports:
   * answering "no chat" meanwhile would make the sidebar drop the customer it shows.
   */
  whenState(tabId: number, timeoutMs: number): Promise<HostState | null> {
    const known = this.states.get(tabId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const waiters = this.stateWaiters.get(tabId) ?? new Set();
      const done = (state: HostState | null) => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve(state);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      waiters.add(done);
      this.stateWaiters.set(tabId, waiters);
    });
  }

  getState(tabId: number): HostState | null {
    return this.states.get(tabId) ?? null;
  }

  push(tabId: number, to: CallerKind, event: TabEvent): void {
    let envelope: Envelope<TabEvent> | null = null;
    for (const entry of this.ports.get(tabId) ?? []) {
      if (entry.caller !== to) continue;
      // As a JSON string: see Envelope (port-endpoint.ts). Serialized once for all the tab's ports.
      envelope ??= { k: 'event', j: JSON.stringify(event) };
      try {
        entry.port.postMessage(envelope);
      } catch {
        // The port closed between lookup and send; its onDisconnect cleans up.
      }
    }
  }
}
