import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Frame, Page } from 'puppeteer';
import type { CapturedMessage, HostState, InsertResult } from '../../extension/api/protocol';
import { launchBrowser, waitForExtensionWorker } from '../support/browser';
import { type FixtureOptions, serveFixtures } from '../support/fixture-server';

/** Shared plumbing of the adapters-*.e2e tests (not a test file itself). */
export const extensionDir = process.env.SWITCHBOARD_EXTENSION_DIR ?? path.resolve('.output/chrome-mv3');
export const screenshots = path.resolve('test-results/screenshots');

export async function startBrowser(): Promise<Browser> {
  mkdirSync(screenshots, { recursive: true });
  const browser = await launchBrowser({ extensionDir });
  await waitForExtensionWorker(browser);
  return browser;
}

export interface Host {
  page: Page;
  sidebar: Frame;
}

export async function openHost(browser: Browser, url: string, options: FixtureOptions = {}): Promise<Host> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 860 });
  await serveFixtures(page, options);
  await page.goto(url, { waitUntil: 'load' });
  const sidebar = await sidebarFrame(page);
  return { page, sidebar };
}

export async function sidebarFrame(page: Page): Promise<Frame> {
  const sidebar = await page.waitForFrame(
    (f) => f.url().startsWith('chrome-extension://') && f.url().includes('/sidebar.html'),
    { timeout: 30_000 },
  );
  await sidebar.waitForSelector('[data-testid="link-status"][data-state="ok"]', { timeout: 30_000 });
  return sidebar;
}

/**
 * Calls the background API exactly as the sidebar does — a `switchboard:sidebar` port from the
 * sidebar frame, comlink's wire format inside the port envelope — so tests exercise the real path
 * (sidebar → background → tabs.sendMessage → content script → MAIN world) without a test hook.
 */
export async function callAsSidebar<T>(sidebar: Frame, method: string, ...args: unknown[]): Promise<T> {
  return sidebar.evaluate(
    (name, argv) =>
      new Promise<unknown>((resolve, reject) => {
        const id = crypto.randomUUID();
        type RawPort = {
          postMessage(m: unknown): void;
          disconnect(): void;
          onMessage: {
            addListener(
              f: (m: { k?: string; m?: { id?: string; type?: string; value?: unknown } }) => void,
            ): void;
          };
        };
        const runtime = (
          globalThis as unknown as { chrome: { runtime: { connect(o: { name: string }): RawPort } } }
        ).chrome.runtime;
        const port = runtime.connect({ name: 'switchboard:sidebar' });
        const timer = setTimeout(() => reject(new Error(`${name}: no answer`)), 20_000);
        port.onMessage.addListener((raw) => {
          if (raw?.k !== 'rpc' || raw.m?.id !== id) return;
          clearTimeout(timer);
          port.disconnect();
          if (raw.m.type === 'HANDLER') reject(new Error(JSON.stringify(raw.m.value)));
          else resolve(raw.m.value);
        });
        port.postMessage({
          k: 'rpc',
          m: { id, type: 'APPLY', path: [name], argumentList: argv.map((value) => ({ type: 'RAW', value })) },
        });
      }),
    method,
    args,
  ) as Promise<T>;
}

export const capturedMessages = (sidebar: Frame) =>
  callAsSidebar<CapturedMessage[]>(sidebar, 'getConversationMessages');
export const hostState = (sidebar: Frame) => callAsSidebar<HostState | null>(sidebar, 'getHostState');
export const insertText = (sidebar: Frame, text: string) =>
  callAsSidebar<InsertResult>(sidebar, 'insertIntoComposer', text);

/** Polls (no fixed sleeps) until `check` holds; returns the last value for a readable failure. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** Until the background holds exactly the fixture's ids for the open chat (and no more). */
export async function messagesMatchingFixture(
  host: Host,
  options: { byCount?: boolean } = {},
): Promise<{ captured: CapturedMessage[]; expected: string[] }> {
  let expected: string[] = [];
  // Messenger fixture rows carry no message id: then only count + uniqueness can be compared.
  const matches = (list: CapturedMessage[]) =>
    options.byCount
      ? list.length === expected.length && new Set(list.map((m) => m.hostId)).size === list.length
      : sameIds(list, expected);
  const captured = await eventually(async () => {
    expected = await host.page.evaluate(() => window.__fixture.messageIds());
    return capturedMessages(host.sidebar);
  }, matches);
  if (!matches(captured)) {
    const ids = captured.map((m) => m.hostId);
    const missing = options.byCount
      ? `${captured.length} of ${expected.length}`
      : expected.filter((id) => !ids.includes(id));
    const extra = options.byCount
      ? captured.map((m) => `${m.direction}:${m.text}:${m.media}`)
      : captured.filter((m) => !expected.includes(m.hostId));
    const doubled = ids.filter((id, i) => ids.indexOf(id) !== i);
    throw new Error(`capture differs from the fixture: ${JSON.stringify({ missing, extra, doubled })}`);
  }
  return { captured, expected };
}

export function sameIds(list: CapturedMessage[], expected: string[]): boolean {
  const ids = list.map((m) => m.hostId);
  return (
    ids.length === expected.length &&
    new Set(ids).size === ids.length &&
    expected.every((id) => ids.includes(id))
  );
}

/** The fixture renders wall-clock times from UTC components; the adapter reads them as local time. */
export function wallClock(utcMs: number): number {
  const t = new Date(utcMs);
  return new Date(
    t.getUTCFullYear(),
    t.getUTCMonth(),
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
  ).getTime();
}

/** Lexical rich text separates paragraphs by a blank line; compare line content. */
export const lines = (text: string) => text.replace(/\n+/g, '\n');

/**
 * Bundles an adapter's selector table for the page, to check fallback by fallback which hooks a
 * fixture variant exercises (selector table coverage), and that `find` — which reorders its
 * queries by what answered last time — still answers exactly as the fallbacks tried in order,
 * and that `mayMatchAny` never rules out a hook that matches.
 */
export async function hookProbeScript(
  tableModule: string,
  exportNames: { hooks: string; strings: string },
): Promise<string> {
  const entry = `
    import { fallbackMatches, find, mayMatchAny } from ${JSON.stringify(path.resolve('content-scripts/shared/hooks.ts'))};
    import * as table from ${JSON.stringify(path.resolve(tableModule))};
    import * as strings from ${JSON.stringify(path.resolve(path.dirname(tableModule), 'strings.ts'))};
    const hooks = table[${JSON.stringify(exportNames.hooks)}];
    const dict = strings[${JSON.stringify(exportNames.strings)}];
    window.__hookCoverage = (lang) => {
      const out = {};
      for (const [key, hook] of Object.entries(hooks))
        out[key] = hook.fallbacks.map((f) => fallbackMatches(document, f, { lang, strings: dict }).length > 0);
      return out;
    };
    window.__findMismatches = (lang) => {
      const ctx = { lang, strings: dict };
      const all = Object.values(hooks);
      const rows = document.querySelectorAll('[data-id], [role="row"], [role="listitem"], [role="gridcell"]');
      const out = new Set();
      for (const root of [document, ...[...rows].slice(0, 150)]) {
        let any = false;
        for (const [key, hook] of Object.entries(hooks)) {
          let want = null;
          for (const f of hook.fallbacks) {
            const found = fallbackMatches(root, f, ctx);
            if (found.length > 0) { want = found[0]; break; }
          }
          if (want) any = true;
          // Twice: the second call takes the shortcut the first one taught it.
          for (const call of [1, 2]) if (find(root, hook, ctx) !== want) out.add(key + ' (call ' + call + ')');
        }
        if (any && !mayMatchAny(root, all)) out.add('mayMatchAny ruled out a match');
      }
      return [...out];
    };`;
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
  });
  return result.outputFiles[0]?.text ?? '';
}

export type Coverage = Record<string, boolean[]>;

export async function collectCoverage(page: Page, script: string, into: Coverage): Promise<void> {
  const lang = await page.evaluate(() => document.documentElement.lang);
  const has = await page.evaluate(
    () => typeof (window as { __hookCoverage?: unknown }).__hookCoverage === 'function',
  );
  if (!has) await page.addScriptTag({ content: script });
  const now = await page.evaluate(
    (l) => (window as unknown as { __hookCoverage: (lang: string) => Coverage }).__hookCoverage(l),
    lang,
  );
  for (const [key, hits] of Object.entries(now)) {
    const seen = into[key] ?? hits.map(() => false);
    into[key] = seen.map((v, i) => v || (hits[i] ?? false));
  }
  const mismatches = await page.evaluate(
    (l) => (window as unknown as { __findMismatches: (lang: string) => string[] }).__findMismatches(l),
    lang,
  );
  if (mismatches.length > 0)
    throw new Error(`find() differs from the fallbacks in order: ${mismatches.join(', ')}`);
}
