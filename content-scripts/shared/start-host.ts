import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { connectToBackground } from '../../extension/api/port-endpoint';
import {
  type BackgroundApi,
  type ContentRequest,
  type InsertResult,
  PORT_NAMES,
  type TabEvent,
} from '../../extension/api/protocol';
import { isAdapterDisabled, onAdapterDisabledChange } from '../../extension/settings/adapters';
import {
  isSidebarCollapsed,
  onSidebarCollapsedChange,
  setSidebarCollapsed,
} from '../../extension/settings/sidebar-state';
import { requestInsert } from './composer/bridge';
import { fallbackSelectors } from './hooks';
import type { HostAdapter } from './host-adapter';
import { pageLanguage } from './locale';
import { guard } from './safe';
import { type Session, startSession } from './session';
import { mountSidebarFrame, type SidebarFrame } from './sidebar-frame';

const LOCATION_POLL_MS = 500;
const TOGGLE_KEY = { altKey: true, shiftKey: true, code: 'KeyS' };

const DISABLED: InsertResult = {
  ok: false,
  reason: 'disabled',
  message: 'Switchboard is turned off for this app in the settings, so it cannot write into the message box.',
};

interface Running {
  frame: SidebarFrame;
  session: Session;
  /** The URL changed within a messaging page (a chat switch on Facebook/Instagram). */
  locationChanged(): void;
  stop(): void;
}

/**
 * Everything a content script does on a host page, for any adapter. Honours the per-adapter kill
 * switch (extension/settings/adapters.ts): while disabled there is no frame and no observer, only
 * a message listener that answers insertion requests with reason 'disabled'.
 */
export async function startHost(adapter: HostAdapter, ctx: ContentScriptContext): Promise<void> {
  const host = location.host;
  let running: Running | null = null;
  let disabled = await isAdapterDisabled(adapter.app);

  const start = async (): Promise<Running> => {
    // An iframe added before the load event would delay the host's own load event.
    if (document.readyState !== 'complete') {
      await new Promise<void>((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
    }
    const frame = mountSidebarFrame(adapter.app, adapter.layoutRoots);
    frame.setCollapsed(await isSidebarCollapsed(host));
    frame.setVisible(adapter.isActive(location));

    const connection = connectToBackground<BackgroundApi, TabEvent>(() =>
      browser.runtime.connect({ name: PORT_NAMES.content }),
    );
    const session = startSession(adapter, connection);
    // A restarted worker has forgotten this tab: report again and re-send what is on screen.
    const stopReconnect = connection.onReconnect(() => session.refresh({ rescan: true, forceReport: true }));

    const toggle = async () => setSidebarCollapsed(host, !(await isSidebarCollapsed(host)));
    const stopCollapsedWatch = onSidebarCollapsedChange(host, (collapsed) => frame.setCollapsed(collapsed));
    const stopEvents = connection.onEvent((event) => {
      if (event.type === 'toggle-sidebar') void toggle();
    });
    const onKeyDown = guard('toggle key', (e: KeyboardEvent) => {
      if (
        e.altKey === TOGGLE_KEY.altKey &&
        e.shiftKey === TOGGLE_KEY.shiftKey &&
        e.code === TOGGLE_KEY.code
      ) {
        e.preventDefault();
        void toggle();
      }
    });
    window.addEventListener('keydown', onKeyDown, true);
    return {
      frame,
      session,
      locationChanged() {
        frame.setVisible(adapter.isActive(location));
        session.refresh({ rescan: true });
      },
      stop() {
        session.stop();
        stopReconnect();
        window.removeEventListener('keydown', onKeyDown, true);
        stopCollapsedWatch();
        stopEvents();
        connection.close();
        frame.destroy();
      },
    };
  };

  const insert = async (text: string): Promise<InsertResult> => {
    if (disabled) return DISABLED;
    const lang = pageLanguage(document);
    return requestInsert(document, {
      text,
      selectors: fallbackSelectors(adapter.composer, { lang, strings: adapter.strings }),
      scope: adapter.composerScope,
    });
  };
  const onMessage = (message: unknown, _sender: unknown, sendResponse: (response: InsertResult) => void) => {
    const request = message as ContentRequest | null;
    if (request?.type !== 'insert-text' || typeof request.text !== 'string') return false;
    // Chromium: a returned Promise sends nothing; answer through sendResponse and return true.
    void insert(request.text).then(sendResponse, () =>
      sendResponse({ ok: false, reason: 'not-applied', message: 'Inserting failed. Please try again.' }),
    );
    return true;
  };
  browser.runtime.onMessage.addListener(onMessage);

  // Facebook and Instagram are single-page apps: the agent may arrive at the messages from the
  // feed without a page load, and leave again. Run (frame, observers, port) only on messaging
  // pages and only while the adapter is enabled; elsewhere just compare the URL cheaply.
  let transition: Promise<void> = Promise.resolve();
  const sync = () => {
    transition = transition.then(async () => {
      const wanted = !disabled && ctx.isValid && adapter.isActive(location);
      if (wanted && !running) {
        const started = await start();
        if (!disabled && ctx.isValid && adapter.isActive(location)) running = started;
        else started.stop();
      } else if (!wanted && running) {
        running.stop();
        running = null;
      }
    });
    return transition;
  };
  const stopDisabledWatch = onAdapterDisabledChange(adapter.app, (nowDisabled) => {
    disabled = nowDisabled;
    void sync();
  });
  // SPA navigation (Facebook, Instagram, WhatsApp's own pushState): no history patching in the
  // page. WXT's wxt:locationchange (Navigation API) when it reaches this world, plus a cheap href
  // comparison every LOCATION_POLL_MS, because pushState from the page's world is not always
  // reported to the isolated world's Navigation API (seen on Chromium 156). One watcher starts or
  // stops the sidebar and tells a running one about chat switches.
  let lastHref = location.href;
  const onLocation = guard('location change', () => {
    if (location.href === lastHref) return;
    lastHref = location.href;
    const wasRunning = running;
    void sync().then(() => {
      if (running && running === wasRunning) running.locationChanged();
    });
  });
  ctx.addEventListener(window, 'wxt:locationchange', () => queueMicrotask(onLocation));
  const locationPoll = setInterval(onLocation, LOCATION_POLL_MS);

  ctx.onInvalidated(() => {
    clearInterval(locationPoll);
    browser.runtime.onMessage.removeListener(onMessage);
    stopDisabledWatch();
    running?.stop();
    running = null;
  });

  await sync();
}
