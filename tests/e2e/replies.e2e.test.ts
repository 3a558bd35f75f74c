import path from 'node:path';
import type { Browser, Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateReviewItem, TranslationSettingsView } from '../../background/replies/reply-types';
import { type ApertiumServer, startApertium } from '../support/apertium';
import { callAsSidebar, eventually, openHost, screenshots, startBrowser } from './adapters-harness';

/**
 * Issue 7 end to end: a Spanish customer message on WhatsApp Web (fixture with the real Lexical
 * composer), translated by a real Apertium APy on loopback, answered with the Spanish refund
 * template filled with the customer's name, inserted into the composer and not sent.
 */
const MESSAGE = 'Hola, quiero un reembolso de mi pedido';
const EXPECTED_REPLY =
  'Lamento mucho lo ocurrido, Jane. Te ayudo con el reembolso del pedido #4521. Una vez aprobado, el dinero vuelve a tu medio de pago original en un plazo de 5 días hábiles.';

let browser: Browser;
let apertium: ApertiumServer;
let page: Page;
let sidebar: Frame;

beforeAll(async () => {
  [apertium, browser] = await Promise.all([startApertium(), startBrowser()]);
  ({ page, sidebar } = await openHost(browser, 'https://web.whatsapp.com/'));
  // The organisation's choice, set through the same typed API the settings form uses.
  const view = await callAsSidebar<TranslationSettingsView>(sidebar, 'setTranslationSettings', {
    engine: 'apertium',
    url: apertium.baseUrl,
  });
  expect(view.engine).toBe('apertium');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await apertium?.stop();
});

const textOf = (frame: Frame, selector: string) =>
  frame.$eval(selector, (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('suggested replies and translation', () => {
  it('translates the Spanish message into English and suggests the Spanish refund reply for Jane', async () => {
    const before = await page.evaluate(() => window.__fixture.messageIds().length);
    await page.evaluate((text) => window.__fixture.deliverIncoming({ text }), MESSAGE);

    const translation = await sidebar.waitForFunction(
      (original) => {
        const items = [...document.querySelectorAll('[data-testid="customer-message"]')];
        const item = items.find((el) => el.querySelector('.customer-text')?.textContent === original);
        return item?.querySelector('[data-testid="message-translation"]')?.textContent ?? null;
      },
      { timeout: 20_000 },
      MESSAGE,
    );
    // Apertium's own wording ("repayment of my request"); the point is that it is English.
    expect(await translation.jsonValue()).toMatch(/Hello, I want a .* of my/);

    await sidebar.waitForSelector('[data-testid="reply-suggestion"][data-template-id="starter.refund"]', {
      timeout: 10_000,
    });
    // The agent already answered "is my order shipped?": the new, unanswered message decides.
    const suggestions = await sidebar.$$eval('[data-testid="reply-suggestion"]', (els) =>
      els.map((el) => ({
        id: el.getAttribute('data-template-id'),
        lang: el.getAttribute('data-lang'),
        text: el.querySelector('.reply-snippet')?.textContent ?? '',
      })),
    );
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(suggestions[0]?.id).toBe('starter.refund');
    const refund = suggestions.find((s) => s.id === 'starter.refund');
    expect(refund?.lang).toBe('es');
    expect(refund?.text).toMatch(/^Lamento mucho lo ocurrido, Jane\. /);
    expect(await textOf(sidebar, '[data-testid="customer-lang"]')).toMatch(/Spanish/);

    // The replies sit below the card and the timeline: the section row jumps there, from the
    // keyboard, and focus follows so Tab continues inside the replies.
    await sidebar.focus('[data-testid="section-nav"] [data-section="section-replies"]');
    await page.keyboard.press('Enter');
    await sidebar.waitForFunction(() => {
      const body = document.querySelector('.sidebar-body')!.getBoundingClientRect();
      const nav = document.querySelector('[data-testid="section-nav"]')!.getBoundingClientRect();
      const replies = document.querySelector('[data-testid="replies"]')!.getBoundingClientRect();
      const current = document.querySelector('[data-testid="section-nav"] [aria-current="true"]');
      return (
        nav.bottom <= body.top &&
        replies.top >= body.top - 1 &&
        // At the top of the scroll area, or all of it on screen when too short to scroll that far.
        (replies.top < body.top + 20 || replies.bottom <= body.bottom + 1) &&
        current?.getAttribute('data-section') === 'section-replies' &&
        document.activeElement?.id === 'replies-heading'
      );
    });
    await page.screenshot({ path: path.join(screenshots, 'replies-suggestions.png') });

    // One click previews; the missing values are asked for, Insert waits for them.
    await sidebar.click('[data-testid="reply-suggestion"][data-template-id="starter.refund"]');
    await sidebar.waitForSelector('[data-testid="reply-preview"]');
    expect(
      await sidebar.$eval('[data-testid="reply-insert"]', (el) => (el as HTMLButtonElement).disabled),
    ).toBe(true);
    await sidebar.type('[data-testid="fill-order.number"]', '4521');
    await sidebar.type('[data-testid="fill-refund.days"]', '5');
    expect(await textOf(sidebar, '[data-testid="reply-preview"]')).toBe(EXPECTED_REPLY);

    await sidebar.click('[data-testid="reply-insert"]');
    await sidebar.waitForSelector('[data-testid="insert-status"][data-ok="true"]', { timeout: 10_000 });
    expect(await page.evaluate(() => window.__fixture.composerText())).toBe(EXPECTED_REPLY);
    // The agent presses Send, not Switchboard: only the customer's message was added.
    expect(await page.evaluate(() => window.__fixture.messageIds().length)).toBe(before + 1);

    await page.screenshot({ path: path.join(screenshots, 'replies-inserted.png') });
  }, 60_000);

  it('records the template as sent when the agent sends it unchanged, and as edited when changed first', async () => {
    const refundUsage = () =>
      callAsSidebar<TemplateReviewItem[]>(sidebar, 'getTemplateReview').then((items) =>
        items.find((i) => i.templateId === 'starter.refund'),
      );
    expect(await refundUsage()).toMatchObject({ chosen: 1, sent: 0, edited: 0 });

    // The agent presses Send on exactly what was inserted (the fixture sends its composer's text).
    const sentId = await page.evaluate(() => {
      const text = window.__fixture.composerText();
      window.__fixture.setComposerText('');
      return window.__fixture.sendOutgoing(text);
    });
    expect(sentId).toBeTruthy();
    const unchanged = await eventually(refundUsage, (u) => u?.sent === 1);
    expect(unchanged).toMatchObject({ chosen: 1, sent: 1, edited: 0 });

    // Inserted again, then changed with the keyboard in the real Lexical composer, sent with Enter.
    await sidebar.click('[data-testid="reply-insert"]');
    await eventually(refundUsage, (u) => u?.chosen === 2);
    expect(await page.evaluate(() => window.__fixture.composerText())).toBe(EXPECTED_REPLY);
    // The agent clicks at the end of the reply (the caret goes after its last character).
    await page.focus('footer [role="textbox"]');
    await page.evaluate(() => {
      let node: Node = document.querySelector('footer [role="textbox"]')!;
      while (node.lastChild) node = node.lastChild;
      const range = document.createRange();
      range.setStart(node, node.nodeValue?.length ?? 0);
      range.collapse(true);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    // Lexical takes the DOM selection over on selectionchange, before the next frame.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    for (let i = 0; i < 'hábiles.'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('naturales. ¡Gracias por tu paciencia!');
    expect(await page.evaluate(() => window.__fixture.composerText())).toMatch(
      /en un plazo de 5 días naturales\. ¡Gracias por tu paciencia!$/,
    );
    await page.keyboard.press('Enter');
    const edited = await eventually(refundUsage, (u) => u?.sent === 2);
    expect(edited).toMatchObject({ chosen: 2, sent: 2, edited: 1 });

    // The sidebar's template review shows the same figures.
    await sidebar.click('[data-testid="templates-section"] summary');
    const row = await sidebar.waitForSelector(
      '[data-testid="template-review-item"][data-template-id="starter.refund"]',
      { timeout: 10_000 },
    );
    expect(
      await row!.evaluate((el) => [el.getAttribute('data-sent'), el.getAttribute('data-edited')]),
    ).toEqual(['2', '1']);
    expect(await row!.evaluate((el) => el.textContent)).toMatch(
      /inserted 2 · sent 2 · edited before sending 1/,
    );
    await row!.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(screenshots, 'replies-template-review.png') });
    await sidebar.click('[data-testid="templates-section"] summary');
  }, 60_000);

  it('finds a template by its /shortcut in the search box', async () => {
    await sidebar.click('[data-testid="reply-back"]');
    await sidebar.type('[data-testid="reply-search"]', '/refund');
    await sidebar.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="reply-suggestion"]')].some(
          (el) => el.getAttribute('data-template-id') === 'starter.refund-status',
        ),
      { timeout: 10_000 },
    );
    const ids = await sidebar.$$eval('[data-testid="reply-suggestion"]', (els) =>
      els.map((el) => el.getAttribute('data-template-id')),
    );
    // Shortcut prefix matches only: /refund and /refundstatus, nothing else.
    expect([...ids].sort()).toEqual(['starter.refund', 'starter.refund-status']);
  });

  /** The sidebar's translation or error line under one customer message, once there is one. */
  const translationLineOf = async (text: string) => {
    const handle = await sidebar.waitForFunction(
      (original) => {
        const items = [...document.querySelectorAll('[data-testid="customer-message"]')];
        const item = items.find((el) => el.querySelector('.customer-text')?.textContent === original);
        const line = item?.querySelector(
          '[data-testid="message-translation"], [data-testid="translation-error"]',
        );
        return line
          ? {
              testid: line.getAttribute('data-testid'),
              unsupported: line.getAttribute('data-unsupported'),
              text: line.textContent,
            }
          : null;
      },
      { timeout: 30_000 },
      text,
    );
    return (await handle.jsonValue()) as { testid: string; unsupported: string | null; text: string };
  };

  it('says which engines can translate Thai and Vietnamese when Apertium (the chosen engine) cannot', async () => {
    await sidebar.$eval('[data-testid="reply-search"]', (el) => {
      (el as HTMLInputElement).value = '';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const thai = 'สวัสดีครับ ผมอยากขอคืนเงินสำหรับคำสั่งซื้อของผมครับ';
    const vietnamese = 'Chào bạn, tôi muốn được hoàn tiền cho đơn hàng của tôi';
    await page.evaluate((text) => window.__fixture.deliverIncoming({ text }), thai);
    await page.evaluate((text) => window.__fixture.deliverIncoming({ text }), vietnamese);
    const engines =
      'Engines that can, where their server or plan offers the pair: On-device (browser), LibreTranslate, DeepL. Choose one in translation settings.';
    expect(await translationLineOf(thai)).toEqual({
      testid: 'translation-error',
      unsupported: 'true',
      text: `Apertium (self-hosted) cannot translate Thai → English. ${engines}`,
    });
    expect(await translationLineOf(vietnamese)).toEqual({
      testid: 'translation-error',
      unsupported: 'true',
      text: `Apertium (self-hosted) cannot translate Vietnamese → English. ${engines}`,
    });
    await page.screenshot({ path: path.join(screenshots, 'replies-unsupported-pair.png') });
  }, 60_000);

  it('says plainly when the chosen engine is unreachable', async () => {
    await apertium.stop();
    const spanish = '¿Cuándo llega el reembolso a mi tarjeta?';
    await page.evaluate((text) => window.__fixture.deliverIncoming({ text }), spanish);
    const line = await translationLineOf(spanish);
    expect(line.testid).toBe('translation-error');
    expect(line.text).toMatch(/Translation engine unreachable/);
    // Its origin was configured without the settings form, so never granted: the sidebar says so.
    expect(line.text).toContain(
      `Switchboard has not been allowed to reach ${new URL(apertium.baseUrl).origin}.`,
    );
    await page.screenshot({ path: path.join(screenshots, 'replies-unreachable.png') });
  }, 60_000);
});
