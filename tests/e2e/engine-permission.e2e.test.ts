import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranslationOutcome, TranslationSettingsView } from '../../background/replies/reply-types';
import { type ApertiumServer, startApertium } from '../support/apertium';
import { callAsSidebar, extensionDir, openHost, screenshots, startBrowser } from './adapters-harness';

/**
 * Host access for the translation engine's server: none up front, and exactly the configured
 * engine's origin when the agent saves the settings. Puppeteer cannot answer Chrome's permission
 * prompt, so the granted case is prepared the way a person would, in the extension's site access
 * on chrome://extensions; the refused case is covered by the unit tests of engine-permission.ts
 * and translation-problem.ts.
 */
const ENGINE_PATTERNS = ['https://*/*', 'http://*/*'];

/** The few extension APIs these checks call in the sidebar (an extension page). */
interface ChromeApis {
  runtime: {
    getManifest(): {
      permissions?: string[];
      host_permissions?: string[];
      optional_host_permissions?: string[];
    };
    lastError?: { message?: string };
  };
  permissions: { getAll(): Promise<{ origins?: string[] }> };
  developerPrivate: { addHostPermission(id: string, host: string, done: () => void): void };
}

let browser: Browser;
let apertium: ApertiumServer;
let page: Page;
let sidebar: Frame;

beforeAll(async () => {
  [apertium, browser] = await Promise.all([startApertium(), startBrowser()]);
  ({ page, sidebar } = await openHost(browser, 'https://web.whatsapp.com/'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await apertium?.stop();
});

describe('translation engine permissions', () => {
  it('asks for no host access up front: engine origins are optional only (Chrome MV3 and Firefox MV2)', async () => {
    const manifest = await sidebar.evaluate(() => {
      const m = (globalThis as unknown as { chrome: ChromeApis }).chrome.runtime.getManifest();
      return {
        permissions: m.permissions,
        host: m.host_permissions,
        optionalHost: m.optional_host_permissions,
      };
    });
    expect(manifest).toEqual({ permissions: ['storage'], optionalHost: ENGINE_PATTERNS });
    const granted = await sidebar.evaluate(() =>
      (globalThis as unknown as { chrome: ChromeApis }).chrome.permissions.getAll(),
    );
    // Only the three apps' sites, from the content-script matches.
    expect(
      granted.origins?.every((o: string) =>
        /^https:\/\/(web\.whatsapp|www\.facebook|www\.instagram|www\.messenger)\.com\/\*$/.test(o),
      ),
    ).toBe(true);

    const firefox = JSON.parse(
      readFileSync(path.join(extensionDir, '..', 'firefox-mv2', 'manifest.json'), 'utf8'),
    ) as { manifest_version: number; permissions: string[]; optional_permissions?: string[] };
    expect(firefox.manifest_version).toBe(2);
    expect(firefox.optional_permissions).toEqual(ENGINE_PATTERNS);
    expect(
      firefox.permissions.some((p) => p.includes('://') && p.includes('*/*') && !p.includes('.com')),
    ).toBe(false);
  });

  it('saves at once when the engine origin is already granted, and the worker then reaches the engine', async () => {
    const origin = new URL(apertium.baseUrl).origin;
    // What a person does in the extension's details → Site access → add a site.
    const extensionId = new URL(sidebar.url()).host;
    const settingsPage = await browser.newPage();
    await settingsPage.goto(`chrome://extensions/?id=${extensionId}`);
    const added = await settingsPage.evaluate(
      (id, pattern) =>
        new Promise<string>((resolve) => {
          // chrome://extensions has the developerPrivate API its own Site access UI uses.
          const chromeApis = (globalThis as unknown as { chrome: ChromeApis }).chrome;
          chromeApis.developerPrivate.addHostPermission(id, pattern, () =>
            resolve(chromeApis.runtime.lastError?.message ?? 'ok'),
          );
        }),
      extensionId,
      `${origin}/*`,
    );
    expect(added).toBe('ok');
    await settingsPage.close();
    // Back to the chat, as the person would: a background tab gets no animation frames, and the
    // waits below (like the sidebar's own rendering of what comes next) need them.
    await page.bringToFront();

    await sidebar.click('[data-testid="translation-settings"] summary');
    await sidebar.waitForSelector('[data-testid="engine-select"]', { visible: true });
    await sidebar.select('[data-testid="engine-select"]', 'apertium');
    await sidebar.waitForSelector('[data-testid="engine-url"]');
    await sidebar.type('[data-testid="engine-url"]', apertium.baseUrl);
    // A real click: the permission request happens in this user gesture and resolves at once.
    await sidebar.click('[data-testid="translation-settings"] button[type="submit"]');
    const status = await sidebar.waitForSelector('[data-testid="translation-settings-status"]', {
      timeout: 15_000,
    });
    expect(await status!.evaluate((el) => [el.getAttribute('data-ok'), el.textContent])).toEqual([
      'true',
      'Translation settings saved.',
    ]);
    const view = await callAsSidebar<TranslationSettingsView>(sidebar, 'getTranslationSettings');
    expect(view).toMatchObject({ engine: 'apertium', settings: { url: apertium.baseUrl } });
    const outcome = await callAsSidebar<TranslationOutcome>(sidebar, 'translateText', 'Hello', 'en', 'es');
    expect(outcome).toMatchObject({ ok: true, engine: 'apertium' });
    await page.screenshot({ path: path.join(screenshots, 'engine-permission-saved.png') });
  }, 60_000);
});
