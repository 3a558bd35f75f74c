/**
 * The one typed API between the extension's parts. The background service worker implements
 * `BackgroundApi`; the sidebar, the content scripts and the options page call it through
 * comlink over a `runtime.Port` (see port-endpoint.ts). Only structured-clone-safe plain data
 * crosses this boundary: no functions, no class instances.
 */

export type HostApp = 'whatsapp' | 'messenger' | 'instagram';

export const HOST_APPS: readonly HostApp[] = ['whatsapp', 'messenger', 'instagram'];

/** The logged-in account of the host app, as far as the page reveals it. */
export interface HostAccount {
  app: HostApp;
  /** Stable per login when known (WhatsApp own JID, Facebook user id, Instagram username). */
  id: string | null;
  name: string | null;
}

/** What a content script knows about its page; pushed to the background on every change. */
export interface HostState {
  app: HostApp;
  /** location.host of the page, e.g. "www.facebook.com" (Messenger lives on two hosts). */
  host: string;
  url: string;
  account: HostAccount;
  /** "ok" when every hook was found; otherwise the names of the hooks that could not be read. */
  health: { ok: true } | { ok: false; missing: string[] };
  /** The host app's own theme, so the sidebar can match it. */
  theme: 'light' | 'dark';
  conversation: OpenConversation | null;
}

export interface OpenConversation {
  threadId: string;
  title: string;
  isGroup: boolean;
}

export interface PingReply {
  pong: true;
  /** When the worker started; changes after the browser restarts the worker. */
  workerStartedAt: number;
  /** Which part asked, as the background saw it from the port's sender. */
  caller: CallerKind;
  tabId: number | null;
}

export type CallerKind = 'content' | 'sidebar' | 'page';

export interface BackgroundApi {
  ping(): Promise<PingReply>;
  /** Content script → background: the page's state changed. */
  reportHostState(state: HostState): Promise<void>;
  /** Sidebar → background: the state of the tab this sidebar is docked in. */
  getHostState(): Promise<HostState | null>;
}

/** Events the background pushes to connected parts of one tab (not request/response). */
export type TabEvent = { type: 'host-state'; state: HostState } | { type: 'toggle-sidebar' };

/** Port names tell the background which part connected. */
export const PORT_NAMES: Record<CallerKind, string> = {
  content: 'switchboard:content',
  sidebar: 'switchboard:sidebar',
  page: 'switchboard:page',
};
