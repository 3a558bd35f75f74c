import * as Comlink from 'comlink';
import { type Browser, browser } from 'wxt/browser';
import { portEndpoint } from '../extension/api/port-endpoint';
import { PORT_NAMES, type TabEvent } from '../extension/api/protocol';
import { createBackgroundApi, createCaptureHandlers } from './api';
import { CaptureCache } from './capture-cache';
import { serveCaptures } from './capture-port';
import { CustomerTabs } from './customer-tabs';
import { installDiagnostics } from './diagnostics';
import { getStore } from './store-access';
import { sidebarConnected, startSync } from './sync';
import { TabRegistry } from './tabs';

/** Wires the service worker: one comlink-exposed API per connected port. */
export function startBackground(): void {
  const startedAt = Date.now();
  // Diagnostic for tests and support: tells a restarted worker from the previous one.
  (globalThis as { __switchboardStartedAt?: number }).__switchboardStartedAt = startedAt;
  const tabs = new TabRegistry();
  const captures = new CaptureCache();
  const customerTabs = new CustomerTabs(tabs);
  installDiagnostics(getStore);
  const sync = startSync(getStore, (tabId, event) => tabs.push(tabId, 'sidebar', event));

  browser.runtime.onConnect.addListener((port: Browser.runtime.Port) => {
    const caller = (Object.entries(PORT_NAMES).find(([, name]) => name === port.name)?.[0] ?? null) as
      | keyof typeof PORT_NAMES
      | null;
    if (!caller) {
      port.disconnect();
      return;
    }
    const tabId = port.sender?.tab?.id ?? null;
    tabs.add(tabId, caller, port);
    port.onDisconnect.addListener(() => tabs.remove(tabId, port));
    if (caller === 'sidebar') port.onDisconnect.addListener(sidebarConnected(tabId));
    const context = { caller, tabId, startedAt, tabs, captures, customerTabs, store: getStore, sync };
    Comlink.expose(createBackgroundApi(context), portEndpoint(port));
    if (caller === 'content' && tabId !== null) serveCaptures(port, createCaptureHandlers(context, tabId));
  });

  browser.commands?.onCommand.addListener(async (command: string) => {
    if (command !== 'toggle-sidebar') return;
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    if (active?.id !== undefined)
      tabs.push(active.id, 'content', { type: 'toggle-sidebar' } satisfies TabEvent);
  });
}
