import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForExtensionWorker } from '../support/browser';
import { FIXTURE_URLS, type FixtureOptions, serveFixtures } from '../support/fixture-server';

const extensionDir = process.env.SWITCHBOARD_EXTENSION_DIR ?? path.resolve('.output/chrome-mv3');
const screenshots = path.resolve('test-results/screenshots');
const axeSource = path.resolve('node_modules/axe-core/axe.min.js');
/** Jane Doe's Instagram thread in the fixture (the same person as the WhatsApp chat 15551234567@c.us). */
const JANE_IG_THREAD = '340282366841710300949128137443944319';
const JANE_PHONE = '+15551234567';

let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchBrowser({ extensionDir });
  await waitForExtensionWorker(browser);
});

afterAll(async () => {
  await browser?.close();
});

interface Host {
  page: Page;
  sidebar: Frame;
}

async function openHost(url: string, options: FixtureOptions = {}): Promise<Host> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 860 });
  await serveFixtures(page, options);
  // A worker the browser restarted earlier may sit paused for puppeteer's debugger (see inWorker).
  await inWorker(async () => true);
  await page.goto(url, { waitUntil: 'load' });
  const sidebar = await page.waitForFrame(
    (f) => f.url().startsWith('chrome-extension://') && f.url().includes('/sidebar.html'),
    { timeout: 15_000 },
  );
  await sidebar.waitForSelector('[data-testid="link-status"][data-state="ok"]', { timeout: 15_000 });
  return { page, sidebar };
}

/** What the sidebar shows, read from its DOM (text only). */
async function shown(sidebar: Frame) {
  return sidebar.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="timeline-row"]')];
    return {
      customerId: document.querySelector<HTMLElement>('[data-testid="customer"]')?.dataset.customerId ?? null,
      name: document.querySelector('[data-testid="customer-name"]')?.textContent ?? null,
      handles: [...document.querySelectorAll<HTMLElement>('[data-testid="handles"] li')].map(
        (li) => `${li.dataset.kind}:${li.querySelector('.handle-value')?.textContent}`,
      ),
      rowChannels: [...new Set(rows.map((row) => row.dataset.channel))].sort(),
      rowTexts: rows.map((row) => row.querySelector('.msg-text')?.textContent ?? ''),
      suggestions: document.querySelectorAll('[data-testid="suggestion"]').length,
      merges: document.querySelectorAll('[data-testid="merge"]').length,
    };
  });
}

type Shown = Awaited<ReturnType<typeof shown>>;

async function waitShown(sidebar: Frame, ok: (s: Shown) => boolean, timeout = 15_000): Promise<Shown> {
  const deadline = Date.now() + timeout;
  let last = await shown(sidebar);
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`sidebar never got there; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await shown(sidebar);
  }
  return last;
}

async function axeViolations(sidebar: Frame) {
  // The extension page's CSP forbids injected <script> tags; DevTools evaluation is not subject to it.
  await sidebar.evaluate(readFileSync(axeSource, 'utf8'));
  return sidebar.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run(document);
    return result.violations.map((v) => {
      const violation = v as { id: string; nodes: Array<{ target: string[]; failureSummary: string }> };
      return {
        id: violation.id,
        nodes: violation.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      };
    });
  });
}

describe('one customer across channels', () => {
  let whatsapp: Host;
  let instagram: Host;

  afterAll(async () => {
    await whatsapp?.page.close();
    await instagram?.page.close();
  });

  it('shows the WhatsApp customer with their phone and history', async () => {
    whatsapp = await openHost(FIXTURE_URLS.whatsapp, { whatsapp: { locale: 'en' } });
    await whatsapp.page.evaluate(() =>
      window.__fixture.deliverIncoming({ text: 'Is the kettle still on its way?' }),
    );
    const seen = await waitShown(
      whatsapp.sidebar,
      (s) => s.name === 'Jane Doe' && s.rowTexts.includes('Is the kettle still on its way?'),
    );
    expect(seen.handles).toContain(`phone:${JANE_PHONE}`);
    expect(seen.rowChannels).toEqual(['whatsapp']);
    // The card read when the chat opened is brought up to date by the messages captured since.
    // (The fixture's messages are dated December 2025: first and last contact, no recent inquiry.)
    const contacts = await until(
      () =>
        whatsapp.sidebar.evaluate(() =>
          [...document.querySelectorAll('[data-testid="stats"] dd')].map((dd) => dd.textContent),
        ),
      (values) => !values.includes('None yet'),
    );
    expect(contacts.slice(0, 2)).toEqual(['Dec 9, 2025', 'Dec 9, 2025']);
  });

  it('the same person writes on Instagram giving the same phone: one click merges them', async () => {
    instagram = await openHost(FIXTURE_URLS.instagram(JANE_IG_THREAD), { instagram: { locale: 'en' } });
    await instagram.page.evaluate(
      (phone) =>
        window.__fixture.deliverIncoming({ text: `Hi! Same person as on WhatsApp, my number is ${phone}` }),
      JANE_PHONE,
    );
    // A phone typed in a message is a weak signal (it could be a friend's): a suggestion, not a merge.
    const before = await waitShown(
      instagram.sidebar,
      (s) => s.suggestions > 0 && s.rowChannels.includes('instagram'),
    );
    expect(before.rowChannels).toEqual(['instagram']);
    const whatsappCustomer = (await shown(whatsapp.sidebar)).customerId;
    expect(before.customerId).not.toBe(whatsappCustomer);
    await instagram.page.screenshot({ path: path.join(screenshots, 'customer-suggestion.png') });

    await instagram.sidebar.click('[data-testid="confirm-suggestion"]');

    const merged = await waitShown(
      instagram.sidebar,
      (s) => s.rowChannels.length === 2 && s.suggestions === 0 && s.merges > 0,
    );
    expect(merged.rowChannels).toEqual(['instagram', 'whatsapp']);
    expect(merged.handles).toContain(`phone:${JANE_PHONE}`);
    expect(merged.handles.some((h) => h.startsWith('ig_thread:'))).toBe(true);
    // The other tab was told: the WhatsApp sidebar now shows the very same customer and timeline.
    await whatsapp.page.bringToFront();
    const fromWhatsapp = await waitShown(
      whatsapp.sidebar,
      (s) => s.customerId === merged.customerId && s.rowChannels.length === 2,
    );
    expect(fromWhatsapp.rowChannels).toEqual(['instagram', 'whatsapp']);
    expect(fromWhatsapp.rowTexts).toContain(`Hi! Same person as on WhatsApp, my number is ${JANE_PHONE}`);
    await whatsapp.page.screenshot({ path: path.join(screenshots, 'customer-merged-whatsapp.png') });
    await whatsapp.sidebar.$eval('.timeline', (el) => el.scrollIntoView());
    await whatsapp.page.screenshot({ path: path.join(screenshots, 'customer-merged-timeline.png') });
    // A tab in the background paints no frames: screenshots need it in front.
    await instagram.page.bringToFront();
    await instagram.page.screenshot({ path: path.join(screenshots, 'customer-merged-instagram.png') });
  });

  it('timeline messages are in time order across channels', async () => {
    const times = await whatsapp.sidebar.$$eval('[data-testid="timeline-row"] time', (els) =>
      els.map((el) => Date.parse(el.getAttribute('datetime') ?? '')),
    );
    expect(times.length).toBeGreaterThan(2);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('undo splits them again, in both tabs', async () => {
    await whatsapp.page.bringToFront();
    expect((await shown(whatsapp.sidebar)).rowChannels).toEqual(['instagram', 'whatsapp']);
    await whatsapp.sidebar.click('[data-testid="undo-merge"]');
    const split = await waitShown(whatsapp.sidebar, (s) => s.rowChannels.length === 1 && s.merges === 0);
    expect(split.rowChannels).toEqual(['whatsapp']);
    await instagram.page.bringToFront();
    const other = await waitShown(instagram.sidebar, (s) => s.rowChannels.length === 1);
    expect(other.rowChannels).toEqual(['instagram']);
    expect(other.customerId).not.toBe(split.customerId);
  });

  it('has no axe violations in light theme', async () => {
    await whatsapp.page.bringToFront();
    await whatsapp.page.screenshot({ path: path.join(screenshots, 'customer-split.png') });
    const violations = await axeViolations(whatsapp.sidebar);
    expect(violations).toEqual([]);
  });
});

/**
 * Runs a function in the extension's service worker over a raw CDP session. After the browser
 * stopped the worker, its restarted instance reuses the target id and stays paused waiting for
 * puppeteer's debugger, which does not resume it; resuming it here is what a real browser (no
 * debugger) does by itself. Only then is the worker's own code running again.
 */
async function inWorker<T>(fn: () => Promise<T>): Promise<T> {
  const cdp = await browser.target().createCDPSession();
  const deadline = Date.now() + 20_000;
  try {
    for (;;) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const target = targetInfos.find(
        (t) =>
          t.type === 'service_worker' &&
          t.url.startsWith('chrome-extension://') &&
          t.url.endsWith('/background.js'),
      );
      if (target) {
        const { sessionId } = await cdp.send('Target.attachToTarget', {
          targetId: target.targetId,
          flatten: true,
        });
        const session = cdp.connection()!.session(sessionId)!;
        await session.send('Runtime.runIfWaitingForDebugger').catch(() => {});
        const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
          // esbuild may wrap named functions in __name(); the worker has no such helper.
          expression: `(() => { const __name = (f) => f; return (${fn.toString()})(); })()`,
          awaitPromise: true,
          returnByValue: true,
        });
        await session.detach().catch(() => {});
        if (!exceptionDetails) return result.value as T;
        if (Date.now() > deadline)
          throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      } else if (Date.now() > deadline) {
        throw new Error('no extension service worker');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Stops the extension's service worker the way the browser does when it is idle. */
async function stopWorker(): Promise<void> {
  const cdp = await browser.target().createCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.endsWith('/background.js'));
  await cdp.send('Target.closeTarget', { targetId: target!.targetId });
  await cdp.detach();
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe("the agent's tools on the card", () => {
  let host: Host;
  const TOM = '15557654321@c.us';

  beforeAll(async () => {
    host = await openHost(FIXTURE_URLS.whatsapp, { whatsapp: { chat: TOM } });
    await waitShown(host.sidebar, (s) => s.name === 'Tom Becker');
  });
  afterAll(async () => {
    await host?.page.close();
  });

  it('adds a note and a tag, removes the tag, sets the priority; customer text stays text', async () => {
    const { sidebar } = host;
    const note = '<img src=x onerror="window.__pwned=1">Call back after 5pm';
    await sidebar.type('[data-testid="note-input"]', note);
    await sidebar.click('.note-form button[type="submit"]');
    await sidebar.waitForFunction(
      (text) => [...document.querySelectorAll('.note-text')].some((el) => el.textContent === text),
      { timeout: 10_000 },
      note,
    );
    expect(await sidebar.evaluate(() => document.querySelectorAll('.notes img').length)).toBe(0);
    expect(await sidebar.evaluate(() => (window as { __pwned?: number }).__pwned ?? 0)).toBe(0);

    await sidebar.type('[data-testid="tag-input"]', 'wholesale');
    await host.page.keyboard.press('Enter');
    await sidebar.waitForFunction(() =>
      document.querySelector('[data-testid="tags"]')?.textContent?.includes('wholesale'),
    );
    await sidebar.click('[data-testid="tags"] .tag-remove');
    await sidebar.waitForFunction(
      () => !document.querySelector('[data-testid="tags"]')?.textContent?.includes('wholesale'),
    );

    await sidebar.select('[data-testid="priority"]', 'vip');
    await until(
      () => sidebar.$eval('[data-testid="priority"]', (el) => (el as HTMLSelectElement).value),
      (v) => v === 'vip',
    );
    // Persisted: a reload of the whole page shows the same card.
    await host.page.reload({ waitUntil: 'load' });
    host.sidebar = await host.page.waitForFrame((f) => f.url().includes('/sidebar.html'));
    await host.sidebar.waitForSelector('[data-testid="priority"]', { timeout: 15_000 });
    expect(
      await host.sidebar.$eval('[data-testid="priority"]', (el) => (el as HTMLSelectElement).value),
    ).toBe('vip');
    expect(await host.sidebar.$$eval('.note-text', (els) => els.map((el) => el.textContent))).toContain(note);
  });

  it('saves the priority thresholds', async () => {
    const { sidebar } = host;
    await sidebar.click('[data-testid="open-rules"]');
    await sidebar.waitForSelector('[data-testid="threshold-inquiries"]');
    await until(
      () => sidebar.$eval('[data-testid="threshold-inquiries"]', (el) => (el as HTMLInputElement).value),
      (v) => v === '3',
    );
    await sidebar.click('[data-testid="threshold-inquiries"]', { count: 3 });
    await sidebar.type('[data-testid="threshold-inquiries"]', '5');
    await sidebar.click('[data-testid="save-rules"]');
    await sidebar.waitForFunction(() =>
      document.querySelector('[data-testid="rules-panel"]')?.textContent?.includes('saved'),
    );
    await host.page.screenshot({ path: path.join(screenshots, 'customer-rules.png') });
    // Closed and opened again, the panel reads the stored rules back.
    await sidebar.click('[data-testid="open-rules"]');
    await sidebar.click('[data-testid="open-rules"]');
    await until(
      () => sidebar.$eval('[data-testid="threshold-inquiries"]', (el) => (el as HTMLInputElement).value),
      (v) => v === '5',
    );
    await sidebar.click('[data-testid="open-rules"]');
  });

  it('exports the customer as JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-export-'));
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await host.sidebar.click('[data-testid="export"]');
    const file = await until(
      async () => readdirSync(dir).find((f) => f.endsWith('.json')) ?? null,
      (f) => f !== null,
    );
    const data = JSON.parse(readFileSync(path.join(dir, file!), 'utf8'));
    expect(file).toMatch(/^switchboard-tom-becker-\d{4}-\d{2}-\d{2}\.json$/);
    expect(data.format).toBe('switchboard.customer.v1');
    expect(data.customer.name).toBe('Tom Becker');
    expect(data.notes.map((n: { text: string }) => n.text)).toContain(
      '<img src=x onerror="window.__pwned=1">Call back after 5pm',
    );
    await cdp.detach();
  });

  it('deletes the customer after a confirmation', async () => {
    const { sidebar } = host;
    const before = await shown(sidebar);
    await sidebar.click('[data-testid="delete"]');
    await sidebar.waitForSelector('[data-testid="delete-confirm"]');
    await host.page.screenshot({ path: path.join(screenshots, 'customer-delete-confirm.png') });
    await sidebar.click('[data-testid="delete-confirmed"]');
    // The chat is still open, so the card starts over as a new, empty customer.
    const after = await waitShown(
      sidebar,
      (s) => s.customerId !== null && s.customerId !== before.customerId,
    );
    expect(after.rowTexts).toEqual([]);
    expect(await sidebar.$$eval('.note-text', (els) => els.length)).toBe(0);
    const exported = await inWorker(async () => {
      const request = indexedDB.open('switchboard');
      const db = await new Promise<IDBDatabase>((resolve) => {
        request.onsuccess = () => resolve(request.result);
      });
      const names = await new Promise<string[]>((resolve) => {
        const all = db.transaction('customers').objectStore('customers').getAll();
        all.onsuccess = () =>
          resolve((all.result as Array<{ name: string | null }>).map((c) => c.name ?? ''));
      });
      db.close();
      return names;
    });
    expect(exported.filter((name) => name === 'Tom Becker')).toHaveLength(1);
  });
});

describe('timeline keyboard navigation and windowing', () => {
  it('renders a window of a long history and moves through it with the arrow keys', async () => {
    await inWorker(() =>
      (
        globalThis as unknown as {
          __switchboard: { seed(r: object): Promise<unknown> };
        }
      ).__switchboard.seed({
        app: 'whatsapp',
        threadId: '5511987654321@c.us',
        title: '+55 11 98765-4321',
        count: 2000,
      }),
    );
    const host = await openHost(FIXTURE_URLS.whatsapp, { whatsapp: { chat: '5511987654321@c.us' } });
    const { sidebar } = host;
    // The first rows may be messages pushed live while the newest page is still being read: wait
    // for that page, so the windowing is checked on a long list.
    await sidebar.waitForSelector('[data-testid="timeline"][aria-busy="false"]', { timeout: 15_000 });
    const loaded = await sidebar.$eval('[data-testid="timeline"]', (el) =>
      Number((el as HTMLElement).dataset.count),
    );
    expect(loaded).toBeGreaterThanOrEqual(30);
    const rendered = await sidebar.$$eval('[data-testid="timeline-row"]', (els) => els.length);
    expect(rendered).toBeLessThan(Math.min(60, loaded));

    // One tab stop: Tab from the last control before the list lands on the list.
    await sidebar.focus('[data-testid="timeline"]');
    const activeRow = () =>
      sidebar.evaluate(() => {
        const list = document.activeElement as HTMLElement;
        const id = list.getAttribute('aria-activedescendant');
        const row = id ? document.getElementById(id) : null;
        return {
          list: list.dataset.testid ?? null,
          index: row ? Number(row.dataset.index) : Number.NaN,
          selected: row?.getAttribute('aria-selected') ?? null,
          outlined: row ? getComputedStyle(row.querySelector('.msg-bubble')!).outlineStyle : null,
        };
      });
    await host.page.keyboard.press('ArrowUp');
    const first = await until(activeRow, (r) => !Number.isNaN(r.index));
    expect(first).toMatchObject({ list: 'timeline', selected: 'true', outlined: 'solid' });
    await host.page.keyboard.press('ArrowUp');
    await host.page.keyboard.press('ArrowUp');
    await until(activeRow, (r) => r.index === first.index - 2);
    await host.page.keyboard.press('ArrowDown');
    await until(activeRow, (r) => r.index === first.index - 1);
    await host.page.keyboard.press('Home');
    // Home reaches the oldest loaded message and pages in older history from the store.
    await until(
      () => sidebar.$eval('[data-testid="timeline"]', (el) => Number((el as HTMLElement).dataset.count)),
      (n) => n > 100,
    );
    const afterPaging = await activeRow();
    expect(afterPaging.list).toBe('timeline');
    expect(afterPaging.outlined).toBe('solid');
    await host.page.screenshot({ path: path.join(screenshots, 'customer-keyboard.png') });
    await host.page.close();
  });
});

describe('durability: the worker is stopped in the middle of a burst', () => {
  it('loses nothing acknowledged and doubles nothing', async () => {
    const LID = '179950657237125@lid';
    const host = await openHost(FIXTURE_URLS.whatsapp, { whatsapp: { chat: LID } });
    await waitShown(host.sidebar, (s) => s.name === 'Maria Silva');
    // The newest page read before the burst holds the whole (short) history, so every burst
    // message reaches the list as a push and the count below can be all of them. A page read in
    // the middle of the burst would leave the first part in older history, to load on scroll.
    await host.sidebar.waitForSelector('[data-testid="timeline"][aria-busy="false"]', { timeout: 15_000 });
    const burst = host.page.evaluate(() => window.__fixture.burst(200, 5));
    await new Promise((r) => setTimeout(r, 300));
    await stopWorker();
    // Wake the restarted worker (see inWorker) so the content script's retries reach it.
    await inWorker(async () => true);
    const ids = await burst;
    const expected = await host.page.evaluate(() => window.__fixture.messageIds());
    expect(expected).toEqual(expect.arrayContaining(ids));

    const read = () =>
      inWorker(async () => {
        const request = indexedDB.open('switchboard');
        const db = await new Promise<IDBDatabase>((resolve) => {
          request.onsuccess = () => resolve(request.result);
        });
        const get = <T>(store: string) =>
          new Promise<T[]>((resolve) => {
            const all = db.transaction(store).objectStore(store).getAll();
            all.onsuccess = () => resolve(all.result as T[]);
          });
        const threads = (
          await get<{ id: string; hostThreadId: string; messageCount: number }>('threads')
        ).filter((t) => t.hostThreadId === '179950657237125@lid');
        const messages = (
          await get<{ id: string; threadId: string; hostMessageId: string }>('messages')
        ).filter((m) => threads.some((t) => t.id === m.threadId));
        db.close();
        return {
          threads: threads.length,
          hostIds: messages.map((m) => m.hostMessageId),
          rowIds: messages.map((m) => m.id),
          threadIds: threads.map((t) => t.id),
        };
      });
    const stored = await until(read, (s) => ids.every((id) => s.hostIds.includes(id)));
    // Nothing doubled: one row per host id, in one thread.
    const dup = stored.hostIds.filter((h, i) => stored.hostIds.indexOf(h) !== i);
    expect(
      dup,
      JSON.stringify({
        dup,
        rows: stored.rowIds.filter((r) => dup.some((d) => r.endsWith(d))),
        threads: stored.threadIds,
      }),
    ).toEqual([]);
    expect(stored.threads).toBe(1);
    // And the sidebar shows the whole burst once.
    const timelineCount = await until(
      () =>
        host.sidebar.evaluate(() =>
          Number(document.querySelector<HTMLElement>('[data-testid="timeline"]')?.dataset.count ?? -1),
        ),
      (n) => n === stored.hostIds.length,
    );
    expect(timelineCount).toBe(stored.hostIds.length);
    await host.page.close();
  });
});

describe('sidebar in dark theme', () => {
  it('follows the host theme and has no axe violations', async () => {
    const host = await openHost(FIXTURE_URLS.whatsapp, { whatsapp: { theme: 'dark' } });
    await host.sidebar.waitForFunction(() => document.documentElement.dataset.theme === 'dark', {
      timeout: 10_000,
    });
    await waitShown(host.sidebar, (s) => s.name !== null && s.rowTexts.length > 0);
    await host.page.screenshot({ path: path.join(screenshots, 'customer-dark.png') });
    expect(await axeViolations(host.sidebar)).toEqual([]);
    await host.page.close();
  });
});
