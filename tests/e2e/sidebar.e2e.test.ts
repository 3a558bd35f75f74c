import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForExtensionWorker } from '../support/browser';
import { serveFixtures } from '../support/fixture-server';

const extensionDir = process.env.SWITCHBOARD_EXTENSION_DIR ?? path.resolve('.output/chrome-mv3');
const screenshots = path.resolve('test-results/screenshots');

const HOSTS = [
  {
    name: 'whatsapp',
    url: 'https://web.whatsapp.com/',
    app: 'whatsapp',
    content: '#main',
    title: 'Jane Doe',
  },
  { name: 'facebook', url: 'https://www.facebook.com/messages/', app: 'messenger', content: '[role="main"]' },
  { name: 'messenger.com', url: 'https://www.messenger.com/', app: 'messenger', content: '[role="main"]' },
  {
    name: 'instagram',
    url: 'https://www.instagram.com/direct/inbox/',
    app: 'instagram',
    content: '[role="main"]',
  },
] as const;

let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchBrowser({ extensionDir });
  await waitForExtensionWorker(browser);
});

afterAll(async () => {
  await browser?.close();
});

async function openHost(url: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 860 });
  await serveFixtures(page);
  await page.goto(url, { waitUntil: 'load' });
  const sidebar = await page.waitForFrame(
    (f) => f.url().startsWith('chrome-extension://') && f.url().includes('/sidebar.html'),
    {
      timeout: 15_000,
    },
  );
  await sidebar.waitForSelector('[data-testid="link-status"][data-state="ok"]', { timeout: 15_000 });
  return { page, sidebar };
}

/** The sidebar iframe's box as the host page lays it out (read from the page's own geometry). */
async function sidebarBox(page: Page) {
  const frameElement = await (
    await page.waitForFrame((f) => f.url().includes('/sidebar.html'))
  ).frameElement();
  const box = await frameElement!.boundingBox();
  return box!;
}

/** The width animates briefly; wait until it settles at the expected value. */
async function sidebarSettlesAt(page: Page, width: number) {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await sidebarBox(page)).width === width) return width;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await sidebarBox(page)).width;
}

describe.each(HOSTS)('sidebar on $name', (host) => {
  let page: Page;
  let sidebar: Frame;

  beforeAll(async () => {
    ({ page, sidebar } = await openHost(host.url));
  });
  afterAll(async () => {
    await page?.close();
  });

  it('docks an extension-page iframe that knows the app and the open chat (background round trip)', async () => {
    expect(await sidebar.$eval('[data-testid="host-app"]', (el) => el.textContent)).toMatch(
      new RegExp(host.app, 'i'),
    );
    // The conversation title travels content script → background → sidebar: a full round trip.
    const expected = await page.evaluate(() => {
      const chats = window.__fixture.listChats();
      return chats.find((c) => c.open)?.name ?? null;
    });
    if (expected) {
      await sidebar.waitForFunction(
        (name) => document.querySelector('[data-testid="conversation-title"]')?.textContent === name,
        { timeout: 10_000 },
        expected,
      );
    }
    const status = await sidebar.$eval('[data-testid="link-status"]', (el) => el.textContent ?? '');
    expect(status).toMatch(/\d+ ms/);
  });

  it("keeps the sidebar's content out of the host page's reach", async () => {
    const probe = await page.evaluate(() => {
      const text = document.documentElement.textContent ?? '';
      const iframes = document.querySelectorAll('iframe').length;
      const hostEl = document.querySelector('switchboard-sidebar');
      return { leaked: text.includes('Switchboard'), iframes, shadowOpen: hostEl?.shadowRoot != null };
    });
    expect(probe).toEqual({ leaked: false, iframes: 0, shadowOpen: false });

    // Worst case: the page somehow holds the iframe element itself. The same-origin policy still
    // keeps the document out of reach.
    const frameElement = await (
      await page.waitForFrame((f) => f.url().includes('/sidebar.html'))
    ).frameElement();
    const access = await page.evaluate((iframe) => {
      const el = iframe as HTMLIFrameElement;
      let windowDocument = 'readable';
      try {
        void el.contentWindow?.document.body;
      } catch (error) {
        windowDocument = (error as Error).name;
      }
      return { contentDocument: el.contentDocument === null, windowDocument };
    }, frameElement);
    expect(access).toEqual({ contentDocument: true, windowDocument: 'SecurityError' });
  });

  it('makes room in the host layout instead of covering it', async () => {
    const frame = await sidebarBox(page);
    const contentRight = await page.$eval(host.content, (el) => el.getBoundingClientRect().right);
    expect(frame.width).toBe(360);
    expect(contentRight).toBeLessThanOrEqual(frame.x + 1);
  });

  it('collapses to a handle and back, by button and by keyboard, and remembers it', async () => {
    await sidebar.click('[data-testid="collapse"]');
    await page.waitForFunction(() => document.documentElement.dataset.switchboardDocked === 'collapsed');
    expect(await sidebarSettlesAt(page, 32)).toBe(32);
    const roomWhenCollapsed = await page.$eval(host.content, (el) => el.getBoundingClientRect().right);
    expect(roomWhenCollapsed).toBeGreaterThan(1400 - 360);
    await page.screenshot({ path: path.join(screenshots, `sidebar-${host.name}-collapsed.png`) });

    // Remembered per host across a reload.
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.switchboardDocked === 'collapsed');
    sidebar = await page.waitForFrame((f) => f.url().includes('/sidebar.html'));
    await sidebar.waitForSelector('[data-testid="expand"]');

    // Keyboard: Alt+Shift+S with focus in the host page.
    await page.focus('body');
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press('KeyS');
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    await page.waitForFunction(() => document.documentElement.dataset.switchboardDocked === 'expanded');
    expect(await sidebarSettlesAt(page, 360)).toBe(360);
    await sidebar.waitForSelector('[data-testid="link-status"][data-state="ok"]');
    await page.screenshot({ path: path.join(screenshots, `sidebar-${host.name}.png`) });
  });
});
