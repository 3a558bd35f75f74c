import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { connectToBackground } from '../../extension/api/port-endpoint';
import { type BackgroundApi, type HostState, PORT_NAMES, type TabEvent } from '../../extension/api/protocol';
import {
  isSidebarCollapsed,
  onSidebarCollapsedChange,
  setSidebarCollapsed,
} from '../../extension/settings/sidebar-state';
import type { HostAdapter } from './host-adapter';
import { mountSidebarFrame } from './sidebar-frame';

const TOGGLE_KEY = { altKey: true, shiftKey: true, code: 'KeyS' };

/** Everything a content script does on a host page, for any adapter. */
export async function startHost(adapter: HostAdapter, ctx: ContentScriptContext): Promise<void> {
  const host = location.host;
  const frame = mountSidebarFrame(adapter.app, adapter.layoutRoots);
  frame.setCollapsed(await isSidebarCollapsed(host));
  frame.setVisible(adapter.isActive(location));

  const readState = (): HostState => {
    const missing = adapter.requiredHooks
      .filter((h) => !document.querySelector(h.selector))
      .map((h) => h.name);
    let conversation = null;
    try {
      conversation = adapter.readConversation(document, location);
    } catch {
      // An adapter failure must never throw into the host page; health reports it instead.
      missing.push('conversation');
    }
    return {
      app: adapter.app,
      host,
      url: location.href,
      account: adapter.readAccount(document),
      health: missing.length ? { ok: false, missing } : { ok: true },
      theme: adapter.readTheme(document),
      conversation,
    };
  };

  const connection = connectToBackground<BackgroundApi, TabEvent>(() =>
    browser.runtime.connect({ name: PORT_NAMES.content }),
  );
  // A restarted worker has forgotten this tab: tell it again.
  connection.onReconnect(() => void report(true));
  let lastReported = '';
  const report = async (force = false) => {
    const state = readState();
    const serialized = JSON.stringify(state);
    if (!force && serialized === lastReported) return;
    lastReported = serialized;
    try {
      await connection.api.reportHostState(state);
    } catch {
      lastReported = ''; // the worker restarted mid-call; the next change (or reconnect) re-sends
    }
  };

  const toggle = async () => setSidebarCollapsed(host, !(await isSidebarCollapsed(host)));
  const stopCollapsedWatch = onSidebarCollapsedChange(host, (collapsed) => frame.setCollapsed(collapsed));
  const stopEvents = connection.onEvent((event) => {
    if (event.type === 'toggle-sidebar') void toggle();
  });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey === TOGGLE_KEY.altKey && e.shiftKey === TOGGLE_KEY.shiftKey && e.code === TOGGLE_KEY.code) {
      e.preventDefault();
      void toggle();
    }
  };
  window.addEventListener('keydown', onKeyDown, true);

  // SPA navigation (Facebook, Instagram) and in-page changes: re-read cheaply, report on change.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    frame.setVisible(adapter.isActive(location));
    void report();
  });
  const poll = ctx.setInterval(() => void report(), 1000);
  await report(true);

  ctx.onInvalidated(() => {
    clearInterval(poll);
    window.removeEventListener('keydown', onKeyDown, true);
    stopCollapsedWatch();
    stopEvents();
    connection.close();
    frame.destroy();
  });
}
