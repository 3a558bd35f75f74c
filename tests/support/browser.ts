import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Target, type WebWorker } from 'puppeteer';

export interface LaunchBrowserOptions {
  /** Unpacked extension to load (e.g. `.output/chrome-mv3`); omitted = plain browser. */
  extensionDir?: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** Extra Chromium flags. */
  args?: string[];
}

/**
 * Debian Chromium with the flag set verified in docs (browser-testing.md). A fresh profile per launch
 * keeps service workers and IndexedDB from leaking between tests; it is removed on disconnect.
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'switchboard-chromium-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(options.args ?? []),
  ];
  if (options.extensionDir) {
    const dir = resolve(options.extensionDir);
    args.push(`--load-extension=${dir}`, `--disable-extensions-except=${dir}`);
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: options.headless ?? true,
    userDataDir,
    enableExtensions: options.extensionDir ? true : undefined,
    defaultViewport: options.viewport ?? { width: 1366, height: 800 },
    args,
  });
  browser.once('disconnected', () => {
    // Chromium may still be flushing the profile; a leftover temp dir is harmless, a crash is not.
    rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => {});
  });
  return browser;
}

export interface ExtensionWorker {
  worker: WebWorker;
  extensionId: string;
  target: Target;
}

/**
 * Waits for the extension's MV3 service worker. Filters on the chrome-extension:// scheme because a
 * page's own service worker is also a `service_worker` target. Attaching (target.worker()) keeps the
 * worker alive past Chromium's ~30 s idle shutdown.
 */
export async function waitForExtensionWorker(browser: Browser, timeout = 30_000): Promise<ExtensionWorker> {
  // Generous: on a loaded 2-core machine (PostgreSQL suites beside the browser) Chromium has
  // taken over 15 s to install the unpacked extension and start its worker.
  const target = await browser
    .waitForTarget(
      (t) =>
        t.type() === 'service_worker' &&
        t.url().startsWith('chrome-extension://') &&
        t.url().endsWith('/background.js'),
      { timeout },
    )
    .catch((error: unknown) => {
      const seen = browser
        .targets()
        .map((t) => `${t.type()} ${t.url()}`)
        .join('; ');
      throw new Error(
        `the extension's service worker did not start within ${timeout} ms (targets: ${seen})`,
        {
          cause: error,
        },
      );
    });
  const worker = await target.worker();
  if (!worker) throw new Error('extension service worker target has no worker');
  return { worker, extensionId: new URL(target.url()).host, target };
}
