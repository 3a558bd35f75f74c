import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, ElementHandle, Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, TEST_ADMIN_TOKEN, testConfig } from '../../backend/test-support/app';
import { apiClient } from '../../backend/test-support/client';
import { openHost, screenshots, startBrowser } from './adapters-harness';

/**
 * Issue 7, templates as JSON from the sidebar: a personal template imported through the file
 * input is found by its /shortcut; a broken file is refused with its problems in plain words and
 * changes nothing.
 */
const GIFT_BODY =
  'Hi {{customer.firstName}}, we can gift-wrap your order for free. Just tell us the message for the card.';

let browser: Browser;
let page: Page;
let sidebar: Frame;
let dir: string;
let backend: FastifyInstance | undefined;

function writeJson(name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sb-templates-'));
  browser = await startBrowser();
  ({ page, sidebar } = await openHost(browser, 'https://web.whatsapp.com/'));
  await sidebar.waitForSelector('[data-testid="templates-section"]', { timeout: 20_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await backend?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Presses a button from the keyboard. A mouse click lands where the button was a moment before;
 * the customer card or suggestions arriving above it can move it first, and the click then hits
 * the card instead.
 */
async function press(selector: string): Promise<void> {
  await sidebar.focus(selector);
  await page.keyboard.press('Enter');
}

async function openSection(): Promise<void> {
  const open = await sidebar.$eval(
    '[data-testid="templates-section"]',
    (el) => (el as HTMLDetailsElement).open,
  );
  expect(open).toBe(false);
  await press('[data-testid="templates-section"] summary');
  await sidebar.waitForFunction(
    () => document.querySelector<HTMLDetailsElement>('[data-testid="templates-section"]')?.open === true,
  );
}

async function upload(file: string): Promise<void> {
  const input = (await sidebar.$('[data-testid="templates-import-file"]')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
}

const textOf = (selector: string) =>
  sidebar.$eval(selector, (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('templates: import and export as JSON from the sidebar', () => {
  it('imports a personal template from a file; it is found by its shortcut', async () => {
    await openSection();
    const file = writeJson('gift.json', {
      format: 'switchboard.templates',
      version: 1,
      exportedAt: '2026-02-01T09:00:00Z',
      templates: [
        {
          id: 'mine.gift-wrap',
          shortcut: '/giftwrap',
          title: 'Gift wrapping',
          intent: 'gift_wrap',
          variants: [{ lang: 'en', body: GIFT_BODY }],
          updatedAt: '2026-02-01T09:00:00Z',
        },
      ],
    });
    await upload(file);
    await sidebar.waitForSelector('[data-testid="templates-status"]', { timeout: 10_000 });
    expect(await textOf('[data-testid="templates-status"]')).toBe(
      'Templates imported: 1. Search for them or type their /shortcut.',
    );

    await sidebar.type('[data-testid="reply-search"]', '/giftwrap');
    const found = await sidebar.waitForSelector(
      '[data-testid="reply-suggestion"][data-template-id="mine.gift-wrap"]',
      { timeout: 10_000 },
    );
    expect(await found!.evaluate((el) => el.querySelector('.reply-snippet')?.textContent ?? '')).toMatch(
      /we can gift-wrap your order for free/,
    );
    await page.screenshot({ path: path.join(screenshots, 'templates-imported.png') });
  }, 60_000);

  it('refuses an invalid file and says what is wrong, in words', async () => {
    const file = writeJson('broken.json', [
      {
        id: 'bad',
        shortcut: 'refund',
        title: 'Broken',
        intent: 'refund',
        variants: [],
        updatedAt: 'yesterday',
      },
    ]);
    await upload(file);
    await sidebar.waitForSelector('[data-testid="templates-problems"]', { timeout: 10_000 });
    const text = await textOf('[data-testid="templates-problems"]');
    expect(text).toMatch(/^This file cannot be imported, so nothing was changed\./);
    expect(text).toContain('template 1 ("bad"), shortcut: a shortcut is "/" followed by letters');
    expect(text).toContain('template 1 ("bad"), variants: a template needs at least one language variant');
    expect(text).toContain(
      'template 1 ("bad"), updatedAt: expected an ISO date-time such as 2026-01-31T09:00:00Z',
    );

    await upload(writeJson('not-json.json', '{"templates": ['));
    await sidebar.waitForFunction(
      () =>
        /the file is not valid JSON/.test(
          document.querySelector('[data-testid="templates-problems"]')?.textContent ?? '',
        ),
      { timeout: 10_000 },
    );
    await page.screenshot({ path: path.join(screenshots, 'templates-invalid.png') });

    // Nothing of the broken files was kept; the earlier import still is.
    const library = await sidebar.evaluate(async () => {
      const buttons = [...document.querySelectorAll('[data-testid="reply-suggestion"]')];
      return buttons.map((b) => b.getAttribute('data-template-id'));
    });
    expect(library).toContain('mine.gift-wrap');
  }, 60_000);

  it('exports the personal templates as a JSON download', async () => {
    const downloads = path.join(dir, 'downloads');
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await press('[data-testid="templates-export-personal"]');
    await sidebar.waitForSelector('[data-testid="templates-status"]', { timeout: 10_000 });
    expect(await textOf('[data-testid="templates-status"]')).toMatch(
      /^Downloaded switchboard-templates-personal-\d{4}-\d{2}-\d{2}\.json \(templates: 1\)\.$/,
    );
  }, 30_000);

  it('team mode: team templates come from the backend, follow its changes, and personal ones stay', async () => {
    const running = await startApp(testConfig(`sqlite:${path.join(dir, 'switchboard.db')}`));
    backend = running.app;
    const admin = apiClient(running.baseUrl, TEST_ADMIN_TOKEN);
    const teamTemplate = (body: string) => ({
      id: 'team.welcome',
      shortcut: '/teamwelcome',
      title: 'Team welcome',
      intent: 'greeting',
      variants: [{ lang: 'en', body }],
      updatedAt: '2026-02-01T09:00:00Z',
    });
    expect(
      (await admin.put('/api/v1/templates', [teamTemplate('Welcome to Acme, {{customer.firstName}}!')]))
        .status,
    ).toBe(200);

    const code = await admin.post<{ code: string }>('/api/v1/enrollment-codes', { role: 'agent' });
    await sidebar.waitForSelector('[data-testid="team-connect"]', { timeout: 15_000 });
    await sidebar.click('[data-testid="team-connect"]');
    await sidebar.waitForSelector('[data-testid="team-enroll-form"]');
    await sidebar.type('[data-testid="team-url"]', running.baseUrl);
    await sidebar.type('[data-testid="team-code"]', code.body.code);
    await sidebar.type('[data-testid="team-name"]', 'Tina Team');
    await sidebar.type('[data-testid="team-email"]', 'tina@example.test');
    await sidebar.click('[data-testid="team-enroll"]');
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="online"]', { timeout: 20_000 });

    /** Searches again until the snippet of `id` matches (the library changes in the background). */
    const snippetOf = async (query: string, id: string, expected: RegExp) => {
      const handle = await sidebar.waitForFunction(
        (q, templateId, pattern) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="reply-search"]');
          if (!input) return null;
          const found = document.querySelector(
            `[data-testid="reply-suggestion"][data-template-id="${templateId}"] .reply-snippet`,
          );
          const text = found?.textContent ?? '';
          if (new RegExp(pattern).test(text)) return text;
          // Ask again: toggling the query makes the sidebar fetch suggestions anew.
          input.value = input.value === q ? `${q} ` : q;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          return null;
        },
        { timeout: 20_000, polling: 300 },
        query,
        id,
        expected.source,
      );
      return handle.jsonValue();
    };

    expect(await snippetOf('/teamwelcome', 'team.welcome', /^Welcome to Acme/)).toMatch(/^Welcome to Acme/);
    // A lead changes the team's set: the realtime push brings the new wording.
    expect((await admin.put('/api/v1/templates', [teamTemplate('Hello from the Acme team!')])).status).toBe(
      200,
    );
    expect(await snippetOf('/teamwelcome', 'team.welcome', /^Hello from the Acme team!/)).toBe(
      'Hello from the Acme team!',
    );
    // The personal template imported before is still there.
    expect(await snippetOf('/giftwrap', 'mine.gift-wrap', /gift-wrap your order/)).toMatch(/gift-wrap/);

    // "Export my templates" holds the personal one only; "all" has the team template too.
    await press('[data-testid="templates-export-all"]');
    await sidebar.waitForFunction(
      () =>
        /templates-all-/.test(document.querySelector('[data-testid="templates-status"]')?.textContent ?? ''),
      { timeout: 10_000 },
    );
    await page.screenshot({ path: path.join(screenshots, 'templates-team.png') });
  }, 90_000);
});
