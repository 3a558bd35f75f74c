import path from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_TIME, MINUTE } from '../fixtures/hosts/shared/data';
import { waitForExtensionWorker } from '../support/browser';
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
  lines,
  messagesMatchingFixture,
  openHost,
  sameIds,
  screenshots,
  sidebarFrame,
  startBrowser,
  wallClock,
} from './adapters-harness';

const JANE = '15551234567@c.us';
const GROUP = '120363041234567890@g.us';
const LID = '179950657237125@lid';
const EMPTY = '15557654321@c.us';

let browser: Browser;
const coverage: Coverage = {};
let probe = '';

beforeAll(async () => {
  probe = await hookProbeScript('content-scripts/whatsapp/selectors.ts', {
    hooks: 'WA',
    strings: 'WHATSAPP_STRINGS',
  });
});

/**
 * A fresh browser (fresh background caches) per block: the fixtures mint the same message ids on
 * every load, and the background rightly treats a reloaded chat as the same conversation.
 */
function freshBrowser() {
  beforeAll(async () => {
    browser = await startBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
}

async function switchTo(host: Host, jid: string) {
  await host.page.evaluate((id) => window.__fixture.switchChat(id), jid);
  return eventually(
    () => hostState(host.sidebar),
    (s) => s?.conversation?.title === undefined || s.conversation.threadId.length > 0,
  );
}

async function stateFor(host: Host, title: string) {
  return eventually(
    () => hostState(host.sidebar),
    (s) => s?.conversation?.title === title,
  );
}

describe('WhatsApp adapter, English UI, 2026 build', () => {
  freshBrowser();
  let host: Host;
  beforeAll(async () => {
    host = await openHost(browser, FIXTURE_URLS.whatsapp, { whatsapp: { locale: 'en', generation: '2026' } });
  });
  afterAll(async () => {
    await host?.page.close();
  });

  it('reads the open 1:1 chat: JID, phone from @c.us, name, healthy hooks', async () => {
    const state = await stateFor(host, 'Jane Doe');
    expect(state?.conversation).toEqual({
      threadId: JANE,
      title: 'Jane Doe',
      isGroup: false,
      identities: [
        { kind: 'wa_jid', value: JANE },
        { kind: 'phone', value: '+15551234567' },
      ],
    });
    expect(state?.health).toEqual({ ok: true });
    expect(state?.account.name).toBe('Acme Support');
    await collectCoverage(host.page, probe, coverage);
  });

  it('captures every rendered message with direction, text + emoji, timestamp, quote and media', async () => {
    const { captured } = await messagesMatchingFixture(host);
    const byText = (t: string) => captured.find((m) => m.text === t);
    expect(byText('Hello! I ordered a blue kettle last week.')).toMatchObject({
      direction: 'in',
      sender: 'Jane Doe',
      timestamp: wallClock(BASE_TIME - 30 * MINUTE),
      quoted: null,
      media: null,
    });
    expect(byText('Yes! Tracking: 1Z999 📦')).toMatchObject({
      direction: 'out',
      sender: 'Acme Support',
      timestamp: wallClock(BASE_TIME - MINUTE),
      quoted: { sender: 'Jane Doe', text: 'Hi, is my order shipped?' },
    });
    // A picture without caption has no data-pre-plain-text: its time comes from the bubble, its date from a neighbour.
    expect(captured.find((m) => m.media === 'image')).toMatchObject({
      direction: 'in',
      text: '',
      sender: 'Jane Doe',
      timestamp: wallClock(BASE_TIME - 26 * MINUTE),
    });
  });

  it('inserts into Lexical at the end of the draft, multi-line with emoji, after the sidebar took focus, never sends', async () => {
    await host.page.evaluate(() => window.__fixture.setComposerText('Draft kept: '));
    const outgoingBefore = await host.page.$$eval('#main [data-id^="true_"]', (els) => els.length);
    const idsBefore = await host.page.evaluate(() => window.__fixture.messageIds().length);
    await host.sidebar.focus('[data-testid="collapse"]');
    const result = await insertText(host.sidebar, 'Your parcel ships today 📦\nTracking: 1Z999');
    expect(result).toEqual({ ok: true, method: 'beforeinput' });
    const text = await host.page.evaluate(() => window.__fixture.composerText());
    expect(lines(text)).toBe('Draft kept: Your parcel ships today 📦\nTracking: 1Z999');
    // Never sent: no new bubble, no new model message, and the search box (also Lexical) untouched.
    expect(await host.page.$$eval('#main [data-id^="true_"]', (els) => els.length)).toBe(outgoingBefore);
    expect(await host.page.evaluate(() => window.__fixture.messageIds().length)).toBe(idsBefore);
    expect(await host.page.$eval('#side [contenteditable]', (el) => el.textContent)).toBe('');
    await host.page.screenshot({ path: path.join(screenshots, 'adapters-whatsapp-inserted.png') });
    await host.page.evaluate(() => window.__fixture.setComposerText(''));
  });

  it('never writes into the search box (also Lexical), even when the agent last typed there', async () => {
    await host.page.click('#side [contenteditable]');
    await host.sidebar.focus('[data-testid="collapse"]');
    const result = await insertText(host.sidebar, 'for the conversation');
    expect(result).toEqual({ ok: true, method: 'beforeinput' });
    expect(await host.page.evaluate(() => window.__fixture.composerText())).toBe('for the conversation');
    expect(await host.page.$eval('#side [contenteditable]', (el) => el.textContent)).toBe('');
    await host.page.evaluate(() => window.__fixture.setComposerText(''));
  });

  it('falls back to execCommand only when the synthetic beforeinput changed nothing (never both)', async () => {
    // A page (or another extension) that swallows synthetic beforeinput events before Lexical sees them.
    await host.page.evaluate(() => {
      const block = (e: Event) => {
        if (!e.isTrusted && (e as InputEvent).inputType === 'insertReplacementText')
          e.stopImmediatePropagation();
      };
      document.addEventListener('beforeinput', block, true);
      (window as unknown as { __unblock: () => void }).__unblock = () =>
        document.removeEventListener('beforeinput', block, true);
    });
    await host.page.evaluate(() => window.__fixture.setComposerText('Draft: '));
    const result = await insertText(host.sidebar, 'via the fallback 👍');
    await host.page.evaluate(() => (window as unknown as { __unblock: () => void }).__unblock());
    expect(result).toEqual({ ok: true, method: 'execCommand' });
    expect(await host.page.evaluate(() => window.__fixture.composerText())).toBe(
      'Draft: via the fallback 👍',
    );
    await host.page.evaluate(() => window.__fixture.setComposerText(''));
  });

  it('a group chat: group JID, no phone, per-message senders, @lid participants never become phones', async () => {
    await switchTo(host, GROUP);
    const state = await stateFor(host, 'Order #4512 Logistics');
    expect(state?.conversation).toMatchObject({
      threadId: GROUP,
      isGroup: true,
      identities: [{ kind: 'wa_jid', value: GROUP }],
    });
    const { captured } = await messagesMatchingFixture(host);
    expect(captured.find((m) => m.text === 'Pallet for #4512 is ready')?.sender).toBe('Bob Stone');
    expect(captured.find((m) => m.media === 'voice')?.sender).toBe('Carla Mendes');
    expect(captured.find((m) => m.media === 'image')?.sender).toBe('Bob Stone');
    expect(captured.find((m) => m.text === 'Driver is on the way 🚚')?.quoted).toEqual({
      sender: 'Bob Stone',
      text: 'Pallet for #4512 is ready',
    });
    expect(JSON.stringify(state)).not.toMatch(/35210880090140|88273645101234/);
    await collectCoverage(host.page, probe, coverage);
  });

  it('a 1:1 chat addressed by @lid has no phone identity', async () => {
    await switchTo(host, LID);
    const state = await stateFor(host, 'Maria Silva');
    expect(state?.conversation?.identities).toEqual([{ kind: 'wa_jid', value: LID }]);
    await messagesMatchingFixture(host);
  });

  it('an empty chat: named, no messages, still healthy; its first message arrives live', async () => {
    await switchTo(host, EMPTY);
    const state = await stateFor(host, 'Tom Becker');
    expect(state?.conversation?.threadId).toBe('title:Tom Becker');
    expect(state?.health).toEqual({ ok: true });
    expect(await capturedMessages(host.sidebar)).toEqual([]);
    await host.page.evaluate(() => window.__fixture.deliverIncoming({ text: 'Hi there, first message ✨' }));
    const after = await eventually(
      () => hostState(host.sidebar),
      (s) => s?.conversation?.threadId === EMPTY,
    );
    expect(after?.conversation?.identities).toContainEqual({ kind: 'phone', value: '+15557654321' });
    const { captured } = await messagesMatchingFixture(host);
    expect(captured.map((m) => m.text)).toEqual(['Hi there, first message ✨']);
  });

  it('unread counts in the chat list follow new messages in other chats', async () => {
    await switchTo(host, JANE);
    await stateFor(host, 'Jane Doe');
    await host.page.evaluate((id) => window.__fixture.deliverIncoming({ text: 'ping', chatId: id }), GROUP);
    const state = await eventually(
      () => hostState(host.sidebar),
      (s) => (s?.chats?.find((c) => c.title === 'Order #4512 Logistics')?.unread ?? 0) >= 1,
    );
    const group = state?.chats?.find((c) => c.title === 'Order #4512 Logistics');
    expect(group).toMatchObject({ muted: true, selected: false });
    expect(state?.chats?.find((c) => c.title === 'Jane Doe')).toMatchObject({ unread: 0, selected: true });
    // The chat-list observer pauses until its throttled read (1 s), then watches again: each later
    // message is read well before the 5 s heartbeat would have caught it.
    let unread = group?.unread ?? 0;
    for (const text of ['ping 2', 'ping 3', 'ping 4']) {
      await host.page.evaluate(
        (id, t) => window.__fixture.deliverIncoming({ text: t, chatId: id }),
        GROUP,
        text,
      );
      const next = await eventually(
        () => hostState(host.sidebar),
        (s) => s?.chats?.find((c) => c.title === 'Order #4512 Logistics')?.unread === unread + 1,
        2_500,
      );
      expect(next?.chats?.find((c) => c.title === 'Order #4512 Logistics')?.unread).toBe(unread + 1);
      unread += 1;
    }
  });

  it('older pages, recycled rows and a live burst: nothing lost, nothing doubled', async () => {
    await messagesMatchingFixture(host);
    await host.page.evaluate(async () => {
      await window.__fixture.loadOlder(10);
      window.__fixture.virtualize(6);
      await window.__fixture.loadOlder(8);
    });
    await collectCoverage(host.page, probe, coverage);
    const burst = host.page.evaluate(() => window.__fixture.burst(60, 5));
    await host.page.evaluate(() => window.__fixture.virtualize(10));
    await burst;
    await host.page.evaluate(() => window.__fixture.deliverIncoming({ text: 'the document', media: 'file' }));
    const { captured, expected } = await messagesMatchingFixture(host);
    expect(sameIds(captured, expected)).toBe(true);
    expect(captured.filter((m) => m.text.startsWith('Burst message'))).toHaveLength(60);
    expect(captured.find((m) => m.media === 'file')?.text).toBe('the document');
    await collectCoverage(host.page, probe, coverage);
    await host.page.screenshot({ path: path.join(screenshots, 'adapters-whatsapp-burst.png') });
  });
});

describe.each([
  { locale: 'pt-BR', generation: '2024', date: '09/12/2025' },
  { locale: 'de', generation: '2026', date: '09.12.2025' },
  { locale: 'es', generation: '2024', date: '09/12/2025' },
] as const)('WhatsApp adapter, $locale UI, $generation build', ({ locale, generation, date }) => {
  freshBrowser();
  let host: Host;
  beforeAll(async () => {
    host = await openHost(browser, FIXTURE_URLS.whatsapp, { whatsapp: { locale, generation } });
  });
  afterAll(async () => {
    await host?.page.close();
  });

  it(`parses day-first dates (${date}) and reads the chat like in English`, async () => {
    const pre = await host.page.$eval('[data-pre-plain-text]', (el) =>
      el.getAttribute('data-pre-plain-text'),
    );
    expect(pre).toContain(date.slice(0, 3));
    const state = await stateFor(host, 'Jane Doe');
    expect(state?.conversation?.identities).toContainEqual({ kind: 'phone', value: '+15551234567' });
    expect(state?.health).toEqual({ ok: true });
    const { captured } = await messagesMatchingFixture(host);
    expect(captured.find((m) => m.text === 'Hello! I ordered a blue kettle last week.')?.timestamp).toBe(
      wallClock(BASE_TIME - 30 * MINUTE),
    );
    expect(captured.find((m) => m.text.startsWith('Yes! Tracking'))?.quoted?.text).toBe(
      'Hi, is my order shipped?',
    );
    await collectCoverage(host.page, probe, coverage);
  });

  it('switches chats (group), loads older messages and inserts text', async () => {
    await switchTo(host, GROUP);
    await stateFor(host, 'Order #4512 Logistics');
    await host.page.evaluate(() => window.__fixture.loadOlder(5));
    await messagesMatchingFixture(host);
    await collectCoverage(host.page, probe, coverage);
    const result = await insertText(host.sidebar, 'Olá 👋');
    expect(result.ok).toBe(true);
    expect(await host.page.evaluate(() => window.__fixture.composerText())).toBe('Olá 👋');
    await host.page.screenshot({
      path: path.join(screenshots, `adapters-whatsapp-${locale}-${generation}.png`),
    });
  });
});

describe('WhatsApp adapter health and kill switch', () => {
  freshBrowser();
  it('with no chat open: no conversation, healthy page; opening one is picked up', async () => {
    const host = await openHost(browser, FIXTURE_URLS.whatsapp, { whatsapp: { chat: null } });
    const state = await eventually(
      () => hostState(host.sidebar),
      (s) => s !== null,
    );
    expect(state?.conversation).toBeNull();
    expect(state?.health).toEqual({ ok: true });
    const result = await insertText(host.sidebar, 'nowhere to go');
    expect(result).toMatchObject({ ok: false, reason: 'no-composer' });
    await host.page.evaluate((id) => window.__fixture.switchChat(id), JANE);
    await stateFor(host, 'Jane Doe');
    await messagesMatchingFixture(host);
    await host.page.close();
  });

  it('names the missing hook when the page changes under it', async () => {
    const host = await openHost(browser, FIXTURE_URLS.whatsapp);
    await stateFor(host, 'Jane Doe');
    await host.page.evaluate(() => document.querySelector('#main footer')?.remove());
    const state = await eventually(
      () => hostState(host.sidebar),
      (s) => s?.health.ok === false,
    );
    expect(state?.health).toEqual({ ok: false, missing: ['composer'] });
    await host.sidebar.waitForSelector('[data-testid="health"]');
    await host.page.close();
  });

  it('turned off in settings: no frame, no capture, insertion answers "disabled"; on again: back', async () => {
    const host = await openHost(browser, FIXTURE_URLS.whatsapp);
    const { worker } = await waitForExtensionWorker(browser);
    await worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
      ).chrome.storage.local.set({
        'adapterDisabled:whatsapp': true,
      }),
    );
    await host.page.waitForFunction(() => !document.querySelector('switchboard-sidebar'));
    expect(
      await host.page.evaluate(() => document.documentElement.hasAttribute('data-switchboard-docked')),
    ).toBe(false);
    // Without the "tabs" permission tab URLs are hidden: ask every tab, keep the one that answers.
    const answer = await worker.evaluate(async () => {
      type Tabs = {
        query(q: object): Promise<{ id: number }[]>;
        sendMessage(id: number, m: object, o: object): Promise<unknown>;
      };
      const tabs = (globalThis as unknown as { chrome: { tabs: Tabs } }).chrome.tabs;
      const answers = await Promise.all(
        (await tabs.query({})).map((t) =>
          tabs.sendMessage(t.id, { type: 'insert-text', text: 'x' }, { frameId: 0 }).catch(() => null),
        ),
      );
      return answers.find((a) => a);
    });
    expect(answer).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await host.page.evaluate(() => window.__fixture.composerText())).toBe('');

    await worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { remove(k: string): Promise<void> } } } }
      ).chrome.storage.local.remove('adapterDisabled:whatsapp'),
    );
    const sidebar = await sidebarFrame(host.page);
    await eventually(
      () => hostState(sidebar),
      (s) => s?.conversation?.title === 'Jane Doe',
    );
    await host.page.close();
  });

  it('selector table: every fallback is exercised by some fixture variant (live-only ones excepted)', () => {
    const uncovered = Object.entries(coverage).flatMap(([key, hits]) =>
      hits.flatMap((hit, i) => (hit ? [] : [`${key}[${i}]`])),
    );
    // img[src^="blob:"]: the live app's media URLs; fixtures render data: images (see selectors.ts).
    expect(uncovered).toEqual(['mediaImage[0]']);
  });
});
