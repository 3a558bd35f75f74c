import { browser } from 'wxt/browser';
import type { HostApp } from '../api/protocol';

/**
 * Kill switch per host adapter. When WhatsApp, Messenger or Instagram ship a DOM change that makes
 * an adapter misbehave, the agent (or support) turns that one adapter off: the content script then
 * mounts no frame and installs no observers on that app, and composer insertion answers 'disabled'.
 * storage.local key `adapterDisabled:<app>`; absent means enabled.
 */
export const adapterDisabledKey = (app: HostApp): string => `adapterDisabled:${app}`;

export async function isAdapterDisabled(app: HostApp): Promise<boolean> {
  const key = adapterDisabledKey(app);
  const stored = await browser.storage.local.get(key);
  return stored[key] === true;
}

export async function setAdapterDisabled(app: HostApp, disabled: boolean): Promise<void> {
  const key = adapterDisabledKey(app);
  if (disabled) await browser.storage.local.set({ [key]: true });
  else await browser.storage.local.remove(key);
}

export function onAdapterDisabledChange(app: HostApp, listener: (disabled: boolean) => void): () => void {
  const key = adapterDisabledKey(app);
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[key];
    if (area === 'local' && change) listener(change.newValue === true);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
