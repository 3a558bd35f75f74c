import path from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_URLS } from '../support/fixture-server';
import {
  type Coverage,
  capturedMessages,
  collectCoverage,
  eventually,
  type Host,
  hookProbeScript,
  hostState,
  insertText,
  messagesMatchingFixture,
  openHost,
  screenshots,
  startBrowser,
} from './adapters-harness';

const JANE = '340282366841710300949128137443944319';
const GROUP = '340282366841710301244259876543210987';
const EMPTY = '340282366841710300998877665544332211';

let browser: Browser;
const coverage: Coverage = {};
let probe = '';

beforeAll(async () => {
  probe = await hookProbeScript('content-scripts/instagram/selectors.ts', {
    hooks: 'IG',
    strings: 'INSTAGRAM_STRINGS',
  });
});

/** Fresh background caches per block (the fixtures mint the same ids on every load). */
function freshBrowser() {
  beforeAll(async () => {
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
}

async function stateFor(host: Host, title: string) {
  return eventually(
    () => hostState(host.sidebar),
    (s) => s?.conversation?.title === title,
  );
}

describe.each([
  { locale: 'en', generation: '2026' },
  { locale: 'pt-BR', generation: '2025' },
  { locale: 'es', generation: '2026' },
] as const)('Instagram adapter, $locale UI, $generation build', ({ locale, generation }) => {
  freshBrowser();
  let host: Host;
  beforeAll(async () => {
    host = await openHost(browser, FIXTURE_URLS.instagram(JANE), { instagram: { locale, generation } });
  });
  afterAll(async () => {
    await host?.page.close();
  });

  it('reads the thread id, the username from the header profile link, the account, healthy hooks', async () => {
    const state = await stateFor(host, 'Jane Doe');
    expect(state?.conversation).toEqual({
      threadId: JANE,
      title: 'Jane Doe',
      isGroup: false,
      identities: [{ kind: 'ig_username', value: 'jane.doe' }],
    });
    expect(state?.account).toEqual({ app: 'instagram', id: 'acme.support', name: 'acme.support' });
    expect(state?.health).toEqual({ ok: true });
    await collectCoverage(host.page, probe, coverage);
  });

  it('captures messages by mid.$ id: direction by layout, sender, emoji text, quote, media', async () => {
    const { captured } = await messagesMatchingFixture(host);
    const byText = (t: string) => captured.find((m) => m.text === t);
    expect(byText('Hello! I ordered a blue kettle last week.')).toMatchObject({
      direction: 'in',
      sender: 'Jane Doe',
    });
    expect(byText('Yes! Tracking: 1Z999 📦')).toMatchObject({
      direction: 'out',
      sender: null,
      quoted: { sender: 'Jane Doe', text: 'Hi, is my order shipped?' },
    });
    expect(captured.find((m) => m.media === 'image')).toMatchObject({ direction: 'in', text: '' });
    expect(captured.every((m) => m.hostId.startsWith('mid.$'))).toBe(true);
  });

  it('inserts at the end of the draft, multi-line + emoji, never sends', async () => {
    await host.page.evaluate(() => window.__fixture.setComposerText('Hey!'));
    const before = await host.page.evaluate(() => window.__fixture.messageIds().length);
    await host.sidebar.focus('[data-testid="collapse"]');
    const result = await insertText(host.sidebar, ' Shipped today 📦\nTracking 1Z999');
    expect(result).toEqual({ ok: true, method: 'beforeinput' });
    expect(await host.page.evaluate(() => window.__fixture.composerText())).toBe(
      'Hey! Shipped today 📦\nTracking 1Z999',
    );
    expect(await host.page.evaluate(() => window.__fixture.messageIds().length)).toBe(before);
    await host.page.screenshot({
      path: path.join(screenshots, `adapters-instagram-${locale}-${generation}.png`),
    });
    await host.page.evaluate(() => window.__fixture.setComposerText(''));
  });

  it('switches to the group (SPA navigation): senders per message, no username identity', async () => {
    await host.page.evaluate((id) => window.__fixture.switchChat(id), GROUP);
    const state = await stateFor(host, 'Order #4512 Logistics');
    expect(state?.conversation).toMatchObject({ threadId: GROUP, isGroup: true, identities: [] });
    const { captured } = await messagesMatchingFixture(host);
    expect(captured.find((m) => m.text === 'Pallet for #4512 is ready')?.sender).toBe('Bob Stone');
    expect(captured.find((m) => m.text === 'Driver is on the way 🚚')?.quoted).toEqual({
      sender: 'Bob Stone',
      text: 'Pallet for #4512 is ready',
    });
    expect(captured.find((m) => m.media === 'voice')?.sender).toBe('Carla Mendes');
    await collectCoverage(host.page, probe, coverage);
    await host.page.evaluate(
      (id) => window.__fixture.deliverIncoming({ text: 'are you there?', chatId: id }),
      JANE,
    );
    const withUnread = await eventually(
      () => hostState(host.sidebar),
      (s) => s?.chats?.find((c) => c.title === 'Jane Doe')?.unread === 1,
    );
    expect(withUnread?.chats?.find((c) => c.title === 'Order #4512 Logistics')).toMatchObject({
      selected: true,
      unread: 0,
    });
    await collectCoverage(host.page, probe, coverage);
  });

  it('an empty thread; then older pages, recycling and a live burst: nothing lost, nothing doubled', async () => {
    await host.page.evaluate((id) => window.__fixture.switchChat(id), EMPTY);
    await stateFor(host, 'Tom Becker');
    expect(await capturedMessages(host.sidebar)).toEqual([]);
    await host.page.evaluate((id) => window.__fixture.switchChat(id), JANE);
    await stateFor(host, 'Jane Doe');
    await messagesMatchingFixture(host);
    await host.page.evaluate(async () => {
      await window.__fixture.loadOlder(10);
      window.__fixture.virtualize(5);
      await window.__fixture.loadOlder(10);
    });
    const burst = host.page.evaluate(() => window.__fixture.burst(50, 5));
    await host.page.evaluate(() => window.__fixture.virtualize(8));
    await burst;
    const { captured } = await messagesMatchingFixture(host);
    expect(captured.filter((m) => m.text.startsWith('Burst message'))).toHaveLength(50);
    await collectCoverage(host.page, probe, coverage);
  });
});

describe('Instagram inbox without an open thread', () => {
  freshBrowser();
  it('no conversation, healthy; opening a thread from the inbox is picked up', async () => {
    const host = await openHost(browser, FIXTURE_URLS.instagramInbox);
    const state = await eventually(
      () => hostState(host.sidebar),
      (s) => s !== null,
    );
    expect(state?.conversation).toBeNull();
    expect(state?.health).toEqual({ ok: true });
    await host.page.evaluate((id) => window.__fixture.switchChat(id), JANE);
    await stateFor(host, 'Jane Doe');
    await messagesMatchingFixture(host);
    await host.page.close();
  });

  it('selector table: every fallback is exercised by some fixture variant', () => {
    const uncovered = Object.entries(coverage).flatMap(([key, hits]) =>
      hits.flatMap((hit, i) => (hit ? [] : [`${key}[${i}]`])),
    );
    expect(uncovered).toEqual([]);
  });
});
