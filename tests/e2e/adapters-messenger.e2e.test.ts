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
  sidebarFrame,
  startBrowser,
} from './adapters-harness';

const JANE = '9895223143834311'; // e2ee
const GROUP = '6543210987654321';
const EMPTY = '9123456789012345'; // e2ee

let browser: Browser;
const coverage: Coverage = {};
let probe = '';

beforeAll(async () => {
  probe = await hookProbeScript('content-scripts/messenger/selectors.ts', {
    hooks: 'FB',
    strings: 'MESSENGER_STRINGS',
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

const byCount = { byCount: true };

async function stateFor(host: Host, title: string) {
  return eventually(
    () => hostState(host.sidebar),
    (s) => s?.conversation?.title === title,
  );
}

describe.each([
  { name: 'facebook.com/messages, English', url: FIXTURE_URLS.facebook(JANE, true), locale: 'en' },
  {
    name: 'legacy messenger.com, Portuguese',
    url: FIXTURE_URLS.messengerLegacy(JANE, true),
    locale: 'pt-BR',
  },
  { name: 'facebook.com/messages, Spanish', url: FIXTURE_URLS.facebook(JANE, true), locale: 'es' },
] as const)('Messenger adapter, $name', ({ name, url, locale }) => {
  freshBrowser();
  let host: Host;
  beforeAll(async () => {
    host = await openHost(browser, url, { messenger: { locale } });
  });
  afterAll(async () => {
    await host?.page.close();
  });

  it('reads the e2ee 1:1 thread: thread id + e2ee flag, profile, name, healthy hooks', async () => {
    const state = await stateFor(host, 'Jane Doe');
    expect(state?.conversation).toEqual({
      threadId: JANE,
      title: 'Jane Doe',
      isGroup: false,
      e2ee: true,
      identities: [
        { kind: 'messenger_thread', value: JANE },
        { kind: 'messenger_profile', value: 'jane.doe.5821' },
      ],
    });
    expect(state?.health).toEqual({ ok: true });
    await collectCoverage(host.page, probe, coverage);
  });

  it('captures the rendered messages: direction by layout, sender, emoji text, quote, media', async () => {
    const { captured } = await messagesMatchingFixture(host, byCount);
    const byText = (t: string) => captured.find((m) => m.text === t);
    expect(byText('Hello! I ordered a blue kettle last week.')).toMatchObject({
      direction: 'in',
      sender: 'Jane Doe',
      quoted: null,
      media: null,
    });
    expect(byText('Yes! Tracking: 1Z999 📦')).toMatchObject({
      direction: 'out',
      sender: null,
      quoted: { sender: 'Jane Doe', text: 'Hi, is my order shipped?' },
    });
    expect(captured.find((m) => m.media === 'image')).toMatchObject({ direction: 'in', text: '' });
  });

  it('inserts at the end of the draft (plain-text Lexical), multi-line + emoji, never sends', async () => {
    await host.page.evaluate(() => window.__fixture.setComposerText('Hi Jane,'));
    const before = await host.page.evaluate(() => window.__fixture.messageIds().length);
    await host.sidebar.focus('[data-testid="collapse"]');
    const result = await insertText(host.sidebar, ' it ships today 🚚\nThanks!');
    expect(result).toEqual({ ok: true, method: 'beforeinput' });
    expect(await host.page.evaluate(() => window.__fixture.composerText())).toBe(
      'Hi Jane, it ships today 🚚\nThanks!',
    );
    expect(await host.page.evaluate(() => window.__fixture.messageIds().length)).toBe(before);
    // The search fields are untouched.
    expect(
      await host.page.$$eval('input[type="search"]', (els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(expect.arrayContaining(['']));
    await host.page.screenshot({ path: path.join(screenshots, `adapters-messenger-${locale}.png`) });
    await host.page.evaluate(() => window.__fixture.setComposerText(''));
  });

  it('switches to the group thread (SPA navigation) and reads senders per message', async () => {
    await host.page.evaluate((id) => window.__fixture.switchChat(id), GROUP);
    const state = await stateFor(host, 'Order #4512 Logistics');
    expect(state?.conversation).toMatchObject({ threadId: GROUP, isGroup: true, e2ee: false });
    const { captured } = await messagesMatchingFixture(host, byCount);
    expect(captured.find((m) => m.text === 'Pallet for #4512 is ready')?.sender).toBe('Bob Stone');
    expect(captured.find((m) => m.text === 'Driver is on the way 🚚')?.quoted).toEqual({
      sender: 'Bob Stone',
      text: 'Pallet for #4512 is ready',
    });
    expect(captured.find((m) => m.media === 'voice')?.sender).toBe('Carla Mendes');
    expect(captured.find((m) => m.text === 'Great, thanks both')?.direction).toBe('out');
    await collectCoverage(host.page, probe, coverage);
    if (name.includes('English')) {
      // Unread marker in the chat list (hidden 1px span), for a thread that gets a message.
      await host.page.evaluate((id) => window.__fixture.deliverIncoming({ text: 'new!', chatId: id }), JANE);
      const withUnread = await eventually(
        () => hostState(host.sidebar),
        (s) => s?.chats?.find((c) => c.title === 'Jane Doe')?.unread === 1,
      );
      expect(withUnread?.chats?.find((c) => c.title === 'Order #4512 Logistics')).toMatchObject({
        selected: true,
        muted: true,
        unread: 0,
      });
      await collectCoverage(host.page, probe, coverage);
    }
  });

  it('an empty thread, then older messages, recycling and a live burst: nothing lost or doubled', async () => {
    await host.page.evaluate((id) => window.__fixture.switchChat(id), EMPTY);
    const state = await stateFor(host, 'Tom Becker');
    expect(state?.conversation).toMatchObject({ threadId: EMPTY, e2ee: true });
    expect(await capturedMessages(host.sidebar)).toEqual([]);
    await host.page.evaluate((id) => window.__fixture.switchChat(id), JANE);
    await stateFor(host, 'Jane Doe');
    await messagesMatchingFixture(host, byCount);
    await host.page.evaluate(async () => {
      await window.__fixture.loadOlder(6);
      window.__fixture.virtualize(4);
    });
    const burst = host.page.evaluate(() => window.__fixture.burst(40, 5));
    await host.page.evaluate(() =>
      window.__fixture.deliverIncoming({ text: 'invoice attached', media: 'file' }),
    );
    await burst;
    await host.page.evaluate(() => window.__fixture.deliverIncoming({ text: '', media: 'sticker' }));
    const { captured } = await messagesMatchingFixture(host, byCount);
    expect(captured.filter((m) => m.text.startsWith('Burst message'))).toHaveLength(40);
    expect(captured.find((m) => m.media === 'file')?.text).toBe('invoice attached');
    expect(captured.find((m) => m.media === 'sticker')).toBeTruthy();
    await collectCoverage(host.page, probe, coverage);
  });
});

describe('Messenger SPA: leaving /messages for another Facebook page and coming back', () => {
  freshBrowser();
  it('removes the sidebar away from /messages, docks it again on return and captures what arrived meanwhile', async () => {
    const host = await openHost(browser, FIXTURE_URLS.facebook(JANE, true));
    await stateFor(host, 'Jane Doe');
    await messagesMatchingFixture(host, byCount);
    await host.page.evaluate(() => history.pushState(null, '', '/marketplace/'));
    await host.page.waitForFunction(() => !document.documentElement.hasAttribute('data-switchboard-docked'));
    await host.page.evaluate(() =>
      window.__fixture.deliverIncoming({ text: 'sent while the agent was away' }),
    );
    // Away from /messages the sidebar is gone entirely (no frame, no observers, no port)…
    expect(host.page.frames().some((f) => f.url().includes('/sidebar.html'))).toBe(false);
    await host.page.evaluate(() => history.back());
    await host.page.waitForFunction(() => document.documentElement.hasAttribute('data-switchboard-docked'));
    // …and a fresh one docks on return.
    const back = { ...host, sidebar: await sidebarFrame(host.page) };
    const { captured } = await messagesMatchingFixture(back, byCount);
    expect(captured.map((m) => m.text)).toContain('sent while the agent was away');
    await host.page.close();
  });
});

describe('Messenger selector table', () => {
  it('every fallback is exercised by some fixture variant', () => {
    const uncovered = Object.entries(coverage).flatMap(([key, hits]) =>
      hits.flatMap((hit, i) => (hit ? [] : [`${key}[${i}]`])),
    );
    expect(uncovered).toEqual([]);
  });
});
