import { describe, expect, it } from 'vitest';
import type { HostState } from '../extension/api/protocol';
import { TabRegistry } from './tabs';

const state = { app: 'whatsapp', conversation: null } as unknown as HostState;

describe('TabRegistry.whenState', () => {
  it('answers at once when the tab has reported', async () => {
    const tabs = new TabRegistry();
    tabs.setState(7, state);
    await expect(tabs.whenState(7, 1_000)).resolves.toBe(state);
  });

  it('waits for the report of a content script that reconnects after a worker restart', async () => {
    const tabs = new TabRegistry();
    const waiting = tabs.whenState(7, 5_000);
    setTimeout(() => tabs.setState(7, state), 20);
    await expect(waiting).resolves.toBe(state);
  });

  it('gives up with null when no report comes', async () => {
    const tabs = new TabRegistry();
    await expect(tabs.whenState(7, 30)).resolves.toBeNull();
    // A late report still lands for later callers.
    tabs.setState(7, state);
    await expect(tabs.whenState(7, 30)).resolves.toBe(state);
  });
});
