import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../fixtures/hosts/shared/driver';
import { launchBrowser } from '../support/browser';
import { FIXTURE_URLS, type FixtureOptions, serveFixtures } from '../support/fixture-server';

const SCREENSHOTS = 'test-results/screenshots';

let browser: Browser;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function open(url: string, options: FixtureOptions): Promise<Page> {
  const page = await browser.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e as Error));
  await serveFixtures(page, options);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__fixture !== undefined);
  expect(errors).toEqual([]);
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/fixture-${name}.png` });
}

const count = (page: Page, selector: string): Promise<number> =>
  page.evaluate((s) => document.querySelectorAll(s).length, selector);

const attr = (page: Page, selector: string, name: string): Promise<string | null> =>
  page.evaluate((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, selector, name);

/** The three documented ways of writing into a Lexical composer, checked against Lexical's own state. */
async function checkLexicalComposer(page: Page, selector: string): Promise<void> {
  expect(await attr(page, selector, 'data-lexical-editor')).toBe('true');
  expect(await attr(page, selector, 'contenteditable')).toBe('true');

  await page.focus(selector);
  await page.evaluate((s) => {
    const el = document.querySelector<HTMLElement>(s)!;
    const event = new InputEvent('beforeinput', {
      bubbles: true,
      cancelable: true,
      inputType: 'insertReplacementText',
      dataTransfer: new DataTransfer(),
    });
    event.dataTransfer?.setData('text/plain', 'Hello from the sidebar');
    el.dispatchEvent(event);
  }, selector);
  await page.waitForFunction(() => window.__fixture.composerText() === 'Hello from the sidebar');
  expect(await page.$eval(selector, (el) => el.textContent)).toBe('Hello from the sidebar');

  await page.evaluate(() => document.execCommand('insertText', false, ' + execCommand'));
  await page.waitForFunction(
    () => window.__fixture.composerText() === 'Hello from the sidebar + execCommand',
  );

  // The anti-pattern: Lexical must keep its state (and put its DOM back).
  await page.$eval(selector, (el) => {
    el.textContent = 'overwritten via textContent';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await page.evaluate(() => window.__fixture.composerText())).toBe(
    'Hello from the sidebar + execCommand',
  );

  await page.evaluate(() => window.__fixture.setComposerText('Existing draft'));
  expect(await page.evaluate(() => window.__fixture.composerText())).toBe('Existing draft');
  expect(await page.$eval(selector, (el) => el.textContent)).toBe('Existing draft');
  await page.evaluate(() => window.__fixture.setComposerText(''));
}

describe('WhatsApp Web fixture', () => {
  const COMPOSER = '#main footer [contenteditable="true"][role="textbox"][data-lexical-editor="true"]';

  it('2026 en: documented hooks, layout and ids', async () => {
    const page = await open(FIXTURE_URLS.whatsapp, { whatsapp: { generation: '2026', locale: 'en' } });
    for (const s of ['#app', '#side', '#pane-side', '#main', '#main header', '#main footer']) {
      expect(await count(page, s), s).toBe(1);
    }
    const layout = await page.evaluate(() => {
      const container = document.querySelector<HTMLElement>('#app > div > div')!;
      return {
        app: getComputedStyle(document.querySelector('#app')!).position,
        display: getComputedStyle(container).display,
        holdsBoth:
          container.contains(document.querySelector('#side')) &&
          container.contains(document.querySelector('#main')),
      };
    });
    expect(layout).toEqual({ app: 'fixed', display: 'flex', holdsBoth: true });
    expect(await count(page, '#pane-side [role="grid"][aria-label="Chat list"] > [role="row"]')).toBe(5);
    expect(await count(page, '#pane-side [aria-label="3 unread messages"] > span')).toBe(1);
    expect(
      await count(
        page,
        '#side .lexical-rich-text-input [contenteditable="true"][data-lexical-editor="true"]',
      ),
    ).toBe(1);
    expect(await page.$eval('#main header span[dir="auto"]', (el) => el.getAttribute('title'))).toBe(
      'Jane Doe',
    );
    expect(await count(page, '[data-scrolltracepolicy="wa.web.conversation.messages"]')).toBe(1);

    const ids = await page.$$eval('#main [data-id]', (els) => els.map((e) => e.getAttribute('data-id')!));
    expect(ids).toHaveLength(6);
    for (const id of ids) expect(id).toMatch(/^(true|false)_15551234567@c\.us_[0-9A-F]{20,32}$/);
    expect(await count(page, '#main [data-testid^="conv-msg"]')).toBe(6);
    expect(await count(page, '#main .message-in, #main .message-out')).toBe(0);
    expect(await count(page, '#main [data-virtualized="false"]')).toBe(6);
    const prePlain = await page.$$eval('#main [data-pre-plain-text]', (els) =>
      els.map((e) => e.getAttribute('data-pre-plain-text')),
    );
    expect(prePlain[0]).toBe('[10:24 PM, 12/9/2025] Jane Doe: ');
    expect(prePlain.at(-1)).toBe('[10:53 PM, 12/9/2025] Acme Support: ');
    expect(await attr(page, '#main img.emoji', 'data-plain-text')).toBe('📦');
    expect(await attr(page, '#main img.emoji', 'alt')).toBe('📦');
    expect(
      await page.$eval('#main [aria-label="Quoted message"] .quoted-mention', (e) => e.textContent),
    ).toBe('Hi, is my order shipped?');
    expect(await count(page, '#main [aria-label="Open picture"] img')).toBe(1);
    await screenshot(page, 'whatsapp-2026-en');
    await page.close();
  });

  it('driver: deliver, other-chat badge, switch, group @lid participants, loadOlder, virtualize, burst', async () => {
    const page = await open(FIXTURE_URLS.whatsapp, { whatsapp: { generation: '2026' } });
    const id = await page.evaluate(() => window.__fixture.deliverIncoming({ text: 'Any update? 🙂' }));
    expect(await count(page, `#main [data-id="false_15551234567@c.us_${id}"]`)).toBe(1);
    expect(await page.evaluate(() => window.__fixture.messageIds().at(-1))).toBe(id);

    const group = '120363041234567890@g.us';
    await page.evaluate(
      (g) => window.__fixture.deliverIncoming({ text: 'Truck left', chatId: g, from: 'Carla Mendes' }),
      group,
    );
    expect(await count(page, '#pane-side [aria-label="4 unread messages"]')).toBe(1);
    expect(
      await page.$eval('#pane-side [role="row"]', (row) =>
        row.querySelector('span[title]')?.getAttribute('title'),
      ),
    ).toBe('Order #4512 Logistics');
    expect(await page.$eval('#pane-side [role="row"] span[dir="ltr"]', (el) => el.textContent)).toBe(
      'Truck left',
    );

    await page.evaluate(() => {
      (window as unknown as { __oldMain: Element | null }).__oldMain = document.querySelector('#main');
    });
    await page.evaluate((g) => window.__fixture.switchChat(g), group);
    expect(
      await page.evaluate(() => (window as unknown as { __oldMain: Element }).__oldMain.isConnected),
    ).toBe(false);
    expect(await page.evaluate(() => window.__fixture.openChatId())).toBe(group);
    expect(await page.$eval('#main header span[dir="auto"]', (el) => el.textContent)).toBe(
      'Order #4512 Logistics',
    );
    expect(await count(page, '#main [aria-label="4 unread messages"]')).toBe(1);
    const groupIds = await page.$$eval('#main [data-id^="false_"]', (els) =>
      els.map((e) => e.getAttribute('data-id')!),
    );
    for (const gid of groupIds) expect(gid).toMatch(/^false_120363041234567890@g\.us_[0-9A-F]+_\d+@lid$/);
    expect(await count(page, '#main ._ahxj')).toBeGreaterThan(0);
    expect(await count(page, '#pane-side [aria-label*="unread message"]')).toBe(2);

    const older = await page.evaluate(() => window.__fixture.loadOlder(3));
    expect(older).toHaveLength(3);
    const firstIds = await page.$$eval('#main [data-id]', (els) =>
      els.slice(0, 3).map((e) => e.getAttribute('data-id')!),
    );
    expect(firstIds.map((x) => x.split('_')[2])).toEqual(older);

    expect(await page.evaluate(() => window.__fixture.virtualize(2))).toBe(2);
    expect(await count(page, '#main [data-virtualized="true"]')).toBe(2);
    expect(await page.$eval('#main [data-virtualized="true"]', (el) => el.childElementCount)).toBe(0);

    const before = await count(page, '#main [data-id]');
    const burst = await page.evaluate(() => window.__fixture.burst(4, 10));
    expect(burst).toHaveLength(4);
    expect(await count(page, '#main [data-id]')).toBe(before + 4);

    await page.evaluate((g) => window.__fixture.switchChat(g), '179950657237125@lid');
    expect(await attr(page, '#main [data-id]', 'data-id')).toMatch(/^false_179950657237125@lid_[0-9A-F]+$/);
    await page.evaluate(() => window.__fixture.switchChat('15557654321@c.us'));
    expect(await count(page, '#main [data-id]')).toBe(0);
    expect(await count(page, '#main footer [data-lexical-editor="true"]')).toBe(1);
    await page.evaluate(() => window.__fixture.switchChat('5511987654321@c.us'));
    expect(await attr(page, '#main [data-pre-plain-text]', 'data-pre-plain-text')).toBe(
      '[10:09 PM, 12/9/2025] +55 11 98765-4321: ',
    );
    const out = await page.evaluate(() => window.__fixture.sendOutgoing('Sim, entregamos!'));
    expect(await count(page, `#main [data-id="true_5511987654321@c.us_${out}"]`)).toBe(1);
    await page.close();
  });

  it('composer is a real Lexical editor (beforeinput, execCommand, textContent ignored)', async () => {
    const page = await open(FIXTURE_URLS.whatsapp, {});
    await checkLexicalComposer(page, COMPOSER);
    // Enter sends like the app: bubble appended, composer cleared.
    await page.evaluate(() => window.__fixture.setComposerText('Sent with Enter'));
    await page.focus(COMPOSER);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fixture.composerText() === '');
    expect(
      await page.$$eval('#main [data-id^="true_"] .selectable-text', (els) => els.at(-1)?.textContent),
    ).toBe('Sent with Enter');
    await page.close();
  });

  it('2024 pt-BR dark: listitem rows, message-in/out, localized labels and dates', async () => {
    const page = await open(FIXTURE_URLS.whatsapp, {
      whatsapp: { generation: '2024', locale: 'pt-BR', theme: 'dark', chat: '120363041234567890@g.us' },
    });
    expect(await page.evaluate(() => document.body.classList.contains('dark'))).toBe(true);
    expect(await count(page, '#pane-side [aria-label="Lista de conversas"] > [role="listitem"]')).toBe(4);
    expect(await count(page, '#pane-side [role="row"]')).toBe(0);
    expect(await count(page, '#main .message-in')).toBe(5);
    expect(await count(page, '#main .message-out')).toBe(1);
    expect(await count(page, '#main [data-testid]')).toBe(0);
    expect(await attr(page, '#main [data-pre-plain-text]', 'data-pre-plain-text')).toBe(
      '[21:24, 09/12/2025] Bob Stone: ',
    );
    expect(await attr(page, '#main [data-id$="@c.us"][data-id^="false_"]', 'data-id')).toMatch(
      /^false_120363041234567890@g\.us_[0-9A-F]+_15559876543@c\.us$/,
    );
    expect(await attr(page, COMPOSER, 'aria-label')).toBe('Digitar na conversa com Order #4512 Logistics');
    expect(await count(page, '#main [aria-label="3 mensagens não lidas"]')).toBe(1);
    await screenshot(page, 'whatsapp-2024-ptBR-dark');
    await page.close();
  });

  it('de and intro screen: dotted dates, no #main until a chat is opened', async () => {
    const page = await open(FIXTURE_URLS.whatsapp, { whatsapp: { locale: 'de', chat: null } });
    expect(await count(page, '#main')).toBe(0);
    await page.click('#pane-side [role="row"]');
    expect(await count(page, '#main')).toBe(1);
    expect(await attr(page, '#main [data-pre-plain-text]', 'data-pre-plain-text')).toBe(
      '[22:24, 09.12.2025] Jane Doe: ',
    );
    expect(await count(page, '#pane-side [aria-label="Chatliste"]')).toBe(1);
    await page.close();
  });
});

describe('Messenger fixture', () => {
  const COMPOSER = '[role="main"] [role="textbox"][contenteditable="true"][data-lexical-editor="true"]';
  const MESSAGE_ROWS = '[role="main"] [role="row"]:has([data-scope="messages_table"])';
  const JANE = '9895223143834311';
  const GROUP = '6543210987654321';

  it('facebook.com/messages e2ee thread: documented hooks and layout', async () => {
    const page = await open(FIXTURE_URLS.facebook(JANE, true), { messenger: { locale: 'en' } });
    expect(await count(page, '[role="banner"]')).toBe(1);
    expect(await count(page, '[role="navigation"]:has([role="grid"]) input[type="search"]')).toBe(1);
    expect(await count(page, '[role="navigation"] [role="grid"][aria-label="Chats"] [role="row"]')).toBe(4);
    expect(await attr(page, '[role="navigation"] a[aria-current="page"]', 'href')).toBe(
      `/messages/e2ee/t/${JANE}/`,
    );
    const hidden = await page.$$eval('[role="navigation"] .html-span > span', (els) =>
      els.map((el) => {
        const style = getComputedStyle(el);
        return `${el.textContent}|${style.position}|${style.width}|${style.height}`;
      }),
    );
    expect(hidden).toEqual(['Unread message:|absolute|1px|1px', 'Unread message:|absolute|1px|1px']);
    expect(await count(page, MESSAGE_ROWS)).toBe(6);
    expect(await count(page, '[role="main"] [role="row"].__fb-light-mode')).toBe(6);
    expect(await attr(page, '[role="main"] a[aria-label]', 'aria-label')).toBe('Jane Doe');
    expect(await attr(page, '[role="main"] [role="log"]', 'aria-label')).toBe(
      'Messages in conversation with Jane Doe',
    );
    expect(await count(page, '[role="main"] [role="grid"] [data-scope="messages_table"]')).toBe(6);
    const headings = await page.$$eval(`${MESSAGE_ROWS} h5`, (els) => els.map((e) => e.textContent));
    expect(headings).toContain('You sent');
    expect(headings.at(-1)).toBe('You replied to Jane Doe');
    expect(await page.$eval('[role="main"] [role="button"] > div', (e) => e.textContent)).toBe(
      'Original message:',
    );
    expect(await attr(page, '[role="main"] a[href^="/messenger_media/"] img', 'alt')).toBe('Open photo');
    expect(await attr(page, COMPOSER, 'aria-placeholder')).toBe('Aa');
    expect(await attr(page, COMPOSER, 'aria-label')).toBe('Message');
    const layout = await page.evaluate(() => {
      const nav = document.querySelector('[role="navigation"]')!.getBoundingClientRect();
      const main = document.querySelector('[role="main"]')!.getBoundingClientRect();
      return {
        navLeft: nav.left,
        mainRight: Math.round(main.right) === window.innerWidth,
        side: main.left >= nav.right,
      };
    });
    expect(layout).toEqual({ navLeft: 0, mainRight: true, side: true });
    await screenshot(page, 'messenger-facebook-en');
    await page.close();
  });

  it('driver: deliver, unread marker on another thread, pushState switch + popstate, loadOlder, virtualize', async () => {
    const page = await open(FIXTURE_URLS.facebook(JANE, true), {});
    const id = await page.evaluate(() => window.__fixture.deliverIncoming({ text: 'Thanks!' }));
    expect(id).toMatch(/^mid\.\$cAAAA[A-Za-z0-9]{23}$/);
    expect(await page.$$eval(`${MESSAGE_ROWS} [dir="auto"]`, (els) => els.at(-1)?.textContent)).toBe(
      'Thanks!',
    );

    await page.evaluate(() =>
      window.__fixture.deliverIncoming({ text: 'Other thread', chatId: '9123456789012345' }),
    );
    expect(
      await page.$eval('[role="navigation"] [role="row"]', (row) => ({
        name: row.querySelector('img')?.getAttribute('alt'),
        unread: row.querySelector('.html-span > span')?.textContent,
      })),
    ).toEqual({ name: 'Tom Becker', unread: 'Unread message:' });

    const mainBefore = await page.$eval('[role="main"]', (el) => el.firstElementChild?.outerHTML.length);
    await page.evaluate((g) => window.__fixture.switchChat(g), GROUP);
    expect(new URL(page.url()).pathname).toBe(`/messages/t/${GROUP}/`);
    expect(await attr(page, '[role="navigation"] a[aria-current="page"]', 'href')).toBe(
      `/messages/t/${GROUP}/`,
    );
    expect(await page.$eval('[role="main"]', (el) => el.firstElementChild?.outerHTML.length)).not.toBe(
      mainBefore,
    );
    expect(await attr(page, '[role="main"] [role="log"]', 'aria-label')).toBe(
      'Messages in conversation with Order #4512 Logistics',
    );
    expect(await count(page, '[role="main"] img[alt="Carla Mendes"]')).toBeGreaterThan(0);

    await page.goBack();
    await page.waitForFunction((j) => window.__fixture.openChatId() === j, {}, JANE);
    expect(new URL(page.url()).pathname).toBe(`/messages/e2ee/t/${JANE}/`);

    const rows = await count(page, MESSAGE_ROWS);
    const older = await page.evaluate(() => window.__fixture.loadOlder(2));
    expect(older).toHaveLength(2);
    expect(await count(page, MESSAGE_ROWS)).toBe(rows + 2);
    expect(await page.$eval(MESSAGE_ROWS, (el) => el.textContent)).toContain('Do you ship to Portugal?');
    expect(await page.evaluate(() => window.__fixture.virtualize(3))).toBe(3);
    expect(await count(page, MESSAGE_ROWS)).toBe(rows - 1);
    await page.close();
  });

  it('composer is a real Lexical editor', async () => {
    const page = await open(FIXTURE_URLS.facebook(JANE, true), {});
    await checkLexicalComposer(page, COMPOSER);
    await page.close();
  });

  it('legacy messenger.com pt-BR dark: /t/<id> URLs, localized hidden marker, unknown and bare URLs', async () => {
    const page = await open(FIXTURE_URLS.messengerLegacy(GROUP), {
      messenger: { locale: 'pt-BR', theme: 'dark' },
    });
    expect(await count(page, '[role="banner"]')).toBe(0);
    expect(await page.evaluate(() => document.documentElement.classList.contains('__fb-dark-mode'))).toBe(
      true,
    );
    expect(await count(page, '[role="main"] [role="row"].__fb-dark-mode')).toBe(6);
    expect(await count(page, '[role="grid"][aria-label="Conversas"]')).toBe(1);
    expect(await page.$$eval('.html-span > span', (els) => els.map((e) => e.textContent))).toEqual([
      'Mensagem não lida:',
    ]);
    await page.evaluate((j) => window.__fixture.switchChat(j), JANE);
    expect(new URL(page.url()).pathname).toBe(`/e2ee/t/${JANE}/`);
    expect(await attr(page, COMPOSER, 'aria-label')).toBe('Mensagem');
    await screenshot(page, 'messenger-legacy-ptBR-dark');

    await page.goto('https://www.facebook.com/messages/t/424242/');
    await page.waitForFunction(() => window.__fixture?.openChatId() === '424242');
    expect(await count(page, MESSAGE_ROWS)).toBe(1);
    await page.goto('https://www.facebook.com/messages/');
    await page.waitForFunction(() => window.__fixture?.openChatId() !== null);
    expect(new URL(page.url()).pathname).toBe(`/messages/e2ee/t/${JANE}/`);
    await page.close();
  });
});

describe('Instagram direct fixture', () => {
  const COMPOSER = '[role="main"] [role="textbox"][contenteditable="true"][data-lexical-editor="true"]';
  const JANE = '340282366841710300949128137443944319';
  const GROUP = '340282366841710301244259876543210987';

  /** The 2026 way to find rows: scroller inside [aria-label^=Conversation], then its child with most children. */
  const rows2026 = (page: Page) =>
    page.evaluate(() => {
      const conversation = document.querySelector('[aria-label^="Conversation"]')!;
      const scroller = [...conversation.querySelectorAll<HTMLElement>('div')].find((el) => {
        const style = getComputedStyle(el);
        return /auto|scroll/.test(style.overflowY) && style.flexDirection === 'column-reverse';
      })!;
      const list = [...scroller.children].sort((a, b) => b.childElementCount - a.childElementCount)[0]!;
      return [...list.children].map((row) => {
        return {
          own: [...row.querySelectorAll('[role="none"]')].some(
            (el) => getComputedStyle(el).justifyContent === 'flex-end',
          ),
          text: row.querySelector('[id^="mid.$"]')?.textContent ?? '',
          id: row.querySelector('[id^="mid.$"]')?.id ?? '',
        };
      });
    });

  it('2026 en: no grid/row, column-reverse scroller, direction by computed style', async () => {
    const page = await open(FIXTURE_URLS.instagram(JANE), { instagram: { generation: '2026' } });
    expect(await count(page, '[role="main"] [role="grid"], [role="main"] [role="row"]')).toBe(0);
    expect(await count(page, '[role="main"] [data-scope="messages_table"]')).toBe(0);
    expect(await attr(page, '[aria-label^="Conversation"]', 'aria-label')).toBe('Conversation with Jane Doe');
    expect(await attr(page, '[role="main"] a[href="/jane.doe/"][role="link"]', 'aria-label')).toBe(
      'Open the profile page of jane.doe',
    );
    const rows = await rows2026(page);
    expect(rows.map((r) => r.own)).toEqual([false, true, false, false, false, true]);
    expect(rows.at(-1)?.text).toBe('Yes! Tracking: 1Z999 📦');
    expect(await count(page, '[data-pagelet="IGDNewMessageAnnouncementForScreenReaders"]')).toBe(1);
    expect(await attr(page, COMPOSER, 'aria-placeholder')).toBe('Message...');
    expect(await page.$eval('a[href^="/direct/inbox"] span', (el) => el.textContent)).toBe('2');
    const weights = await page.$$eval(
      '[role="navigation"] .x1threads > [role="button"] span[dir="auto"]',
      (els) => els.map((el) => Number(getComputedStyle(el).fontWeight)),
    );
    expect(weights.filter((w) => w >= 600).length).toBeGreaterThanOrEqual(2);
    const layout = await page.evaluate(() => {
      const nav = document.querySelector('[role="navigation"]')!.getBoundingClientRect();
      const main = document.querySelector('[role="main"]')!.getBoundingClientRect();
      return { navLeft: nav.left, mainRight: Math.round(main.right) === window.innerWidth };
    });
    expect(layout).toEqual({ navLeft: 0, mainRight: true });
    await screenshot(page, 'instagram-2026-en');

    const id = await page.evaluate(() => window.__fixture.deliverIncoming({ text: 'Great, thanks!' }));
    expect((await rows2026(page)).at(-1)).toEqual({ own: false, text: 'Great, thanks!', id });
    await page.evaluate(() => window.__fixture.sendOutgoing('You are welcome'));
    expect((await rows2026(page)).at(-1)?.own).toBe(true);

    const { ids: older, seen } = await loadOlderWatching(
      page,
      3,
      '[aria-label^="Conversation"] [role="progressbar"]',
    );
    expect(seen).toBe(true);
    expect(await count(page, '[role="progressbar"]')).toBe(0);
    expect((await rows2026(page)).slice(0, 3).map((r) => r.id)).toEqual(older);
    const before = (await rows2026(page)).length;
    expect(await page.evaluate(() => window.__fixture.virtualize(4))).toBe(4);
    expect((await rows2026(page)).length).toBe(before - 4);

    await page.evaluate((g) => window.__fixture.switchChat(g), GROUP);
    expect(new URL(page.url()).pathname).toBe(`/direct/t/${GROUP}/`);
    expect(await attr(page, '[aria-label^="Conversation"]', 'aria-label')).toBe(
      'Conversation with Order #4512 Logistics',
    );
    expect(await page.$eval('a[href^="/direct/inbox"] span', (el) => el.textContent)).toBe('1');
    await page.click('[role="navigation"] .x1threads > [role="button"]:last-child');
    expect(new URL(page.url()).pathname).toMatch(/^\/direct\/t\/\d+\/$/);
    await page.close();
  });

  it('2025 es dark: grid/row + messages_table, mid ids, localized labels, inbox and deep links', async () => {
    const page = await open(FIXTURE_URLS.instagram(GROUP), {
      instagram: { generation: '2025', locale: 'es', theme: 'dark' },
    });
    expect(await page.evaluate(() => document.documentElement.classList.contains('__fb-dark-mode'))).toBe(
      true,
    );
    expect(await count(page, '[data-pagelet="IGDOpenMessageList"] [role="grid"]')).toBe(1);
    expect(await attr(page, '[role="grid"]', 'aria-label')).toBe(
      'Mensajes de la conversación con Order #4512 Logistics',
    );
    expect(await count(page, '[role="row"]:has([data-scope="messages_table"])')).toBe(6);
    expect(await count(page, '[role="grid"] [data-virtualized="false"]')).toBe(1);
    expect(await attr(page, '[aria-label^="Conversaci"]', 'aria-label')).toBe(
      'Conversación con Order #4512 Logistics',
    );
    const ids = await page.$$eval('[data-scope="messages_table"] [id^="mid.$"]', (els) =>
      els.map((e) => e.id),
    );
    expect(ids).toHaveLength(6);
    expect(await attr(page, `[id="double_tappable_id.${ids[0]}"]`, 'aria-label')).toBe(
      'Toca dos veces para indicar que te gusta',
    );
    expect(await page.$$eval('[data-scope="messages_table"] h6', (els) => els.at(-1)?.textContent)).toBe(
      'Bob Stone respondió a Bob Stone',
    );
    expect(await page.$eval('[role="main"] [role="button"].x1quote', (e) => e.textContent)).toContain(
      'Mensaje original:',
    );
    expect(await attr(page, COMPOSER, 'aria-label')).toBe('Mensaje');
    await screenshot(page, 'instagram-2025-es-dark');

    const spinner = await loadOlderWatching(page, 2, '[role="grid"] [data-visualcompletion="loading-state"]');
    expect(spinner.seen).toBe(true);
    expect(await count(page, '[role="row"]:has([data-scope="messages_table"])')).toBe(8);
    await checkLexicalComposer(page, COMPOSER);

    await page.goto(FIXTURE_URLS.instagramInbox);
    await page.waitForFunction(() => window.__fixture !== undefined);
    expect(await page.evaluate(() => window.__fixture.openChatId())).toBeNull();
    await page.goto('https://www.instagram.com/direct/t/17841400000000001/');
    await page.waitForFunction(() => window.__fixture?.openChatId() === '17841400000000001');
    await page.close();
  });

  it('composer is a real Lexical editor (2026)', async () => {
    const page = await open(FIXTURE_URLS.instagram(JANE), { instagram: { locale: 'pt-BR' } });
    expect(await attr(page, '[aria-label^="Conversa"]', 'aria-label')).toBe('Conversa com Jane Doe');
    await checkLexicalComposer(page, COMPOSER);
    await page.close();
  });
});

/**
 * Loads older messages while watching, inside the page, for the loading indicator: it shows for a
 * few milliseconds only, so polling from the test could miss it.
 */
async function loadOlderWatching(
  page: Page,
  n: number,
  selector: string,
): Promise<{ ids: string[]; seen: boolean }> {
  return page.evaluate(
    async (count, sel) => {
      let seen = document.querySelector(sel) !== null;
      const observer = new MutationObserver(() => {
        seen ||= document.querySelector(sel) !== null;
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true });
      const ids = await window.__fixture.loadOlder(count);
      observer.disconnect();
      return { ids, seen };
    },
    n,
    selector,
  );
}
