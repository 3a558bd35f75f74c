import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer';
import { buildFixtures } from '../fixtures/hosts/build';
import {
  type AppName,
  type InstagramVariant,
  instagramConfig,
  type MessengerVariant,
  messengerConfig,
  type WhatsAppVariant,
  whatsappConfig,
} from '../fixtures/hosts/shared/variants';

export type { InstagramVariant, MessengerVariant, WhatsAppVariant };

export interface FixtureOptions {
  whatsapp?: WhatsAppVariant;
  messenger?: MessengerVariant;
  instagram?: InstagramVariant;
}

/** Real-looking URLs of the fixtures (thread URLs are accepted too, see `appForUrl`). */
export const FIXTURE_URLS = {
  whatsapp: 'https://web.whatsapp.com/',
  facebook: (threadId: string, e2ee = false): string =>
    `https://www.facebook.com/messages/${e2ee ? 'e2ee/' : ''}t/${threadId}/`,
  messengerLegacy: (threadId: string, e2ee = false): string =>
    `https://www.messenger.com/${e2ee ? 'e2ee/' : ''}t/${threadId}/`,
  instagram: (threadId: string): string => `https://www.instagram.com/direct/t/${threadId}/`,
  instagramInbox: 'https://www.instagram.com/direct/inbox/',
} as const;

const SCRIPT_PREFIX = '/__fixture__/';
const TITLES: Record<AppName, string> = {
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
};

/** Which fixture a top-level document URL belongs to, mirroring the extension's host matches. */
export function appForUrl(raw: string): AppName | null {
  const url = new URL(raw);
  if (url.protocol !== 'https:') return null;
  switch (url.host) {
    case 'web.whatsapp.com':
      return 'whatsapp';
    case 'www.messenger.com':
      return 'messenger';
    case 'www.facebook.com':
      return url.pathname === '/messages' || url.pathname.startsWith('/messages/') ? 'messenger' : null;
    case 'www.instagram.com':
      return url.pathname.startsWith('/direct/') ? 'instagram' : null;
    default:
      return null;
  }
}

const FIXTURE_HOSTS = new Set([
  'web.whatsapp.com',
  'www.messenger.com',
  'www.facebook.com',
  'www.instagram.com',
]);

function html(app: AppName): string {
  // The page script is external, like the real apps (WhatsApp's CSP forbids inline scripts).
  return `<!DOCTYPE html><html dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${TITLES[app]}</title><link rel="icon" href="data:,"></head><body><script src="${SCRIPT_PREFIX}${app}.js"></script></body></html>`;
}

const pageOptions = new WeakMap<Page, FixtureOptions>();

/**
 * Answers the host apps' URLs on this page with the fixtures (puppeteer request interception).
 * chrome-extension:// requests always go through (the sidebar's CSS is fetched via the page), every
 * other unknown URL is aborted so nothing reaches the network. Calling it again on the same page only
 * swaps the variant options for subsequent navigations.
 */
export async function serveFixtures(page: Page, options: FixtureOptions = {}): Promise<void> {
  const dir = await buildFixtures();
  const known = pageOptions.has(page);
  pageOptions.set(page, options);
  if (known) return;

  const bundles = new Map<AppName, string>();
  for (const app of ['whatsapp', 'messenger', 'instagram'] as const) {
    const code = await readFile(join(dir, `${app}.js`), 'utf8').catch(() => null);
    if (code !== null) bundles.set(app, code);
  }

  const configFor = (app: AppName) => {
    const current = pageOptions.get(page) ?? {};
    if (app === 'whatsapp') return whatsappConfig(current.whatsapp);
    if (app === 'messenger') return messengerConfig(current.messenger);
    return instagramConfig(current.instagram);
  };

  const handle = async (req: HTTPRequest): Promise<void> => {
    if (req.isInterceptResolutionHandled()) return;
    const raw = req.url();
    if (raw.startsWith('chrome-extension://') || raw.startsWith('data:') || raw.startsWith('blob:')) {
      await req.continue();
      return;
    }
    const url = new URL(raw);
    if (FIXTURE_HOSTS.has(url.host) && url.pathname.startsWith(SCRIPT_PREFIX)) {
      const app = url.pathname.slice(SCRIPT_PREFIX.length).replace(/\.js$/, '') as AppName;
      const code = bundles.get(app);
      if (code !== undefined) {
        await req.respond({
          status: 200,
          contentType: 'application/javascript; charset=utf-8',
          headers: { 'cache-control': 'no-store' },
          body: `window.__fixtureConfig = ${JSON.stringify(configFor(app))};\n${code}`,
        });
        return;
      }
    }
    const app = req.resourceType() === 'document' ? appForUrl(raw) : null;
    if (app && bundles.has(app)) {
      await req.respond({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'cache-control': 'no-store' },
        body: html(app),
      });
      return;
    }
    await req.abort('blockedbyclient');
  };

  await page.setRequestInterception(true);
  page.on('request', (req) => {
    handle(req).catch(() => {
      // The page may have navigated or closed while the request was pending; nothing to answer then.
    });
  });
}
