import { browser } from 'wxt/browser';

/**
 * Whether the sidebar is collapsed, remembered per host (web.whatsapp.com, www.facebook.com, …).
 * storage.local is the single source of truth: the content script (which sizes the frame) and the
 * sidebar page (which draws the handle) both listen to it, so they never disagree.
 */
const key = (host: string) => `sidebarCollapsed:${host}`;

export async function isSidebarCollapsed(host: string): Promise<boolean> {
  const stored = await browser.storage.local.get(key(host));
  return stored[key(host)] === true;
}

export async function setSidebarCollapsed(host: string, collapsed: boolean): Promise<void> {
  await browser.storage.local.set({ [key(host)]: collapsed });
}

export function onSidebarCollapsedChange(host: string, listener: (collapsed: boolean) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[key(host)];
    if (area === 'local' && change) listener(change.newValue === true);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
