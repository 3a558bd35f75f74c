/**
 * Sending a WhatsApp template from the sidebar through the backend's Business API channel, end to
 * end: a real backend (SQLite temp file) and the Graph API stand-in on loopback, the extension
 * enrolled from the sidebar, a WhatsApp conversation whose channel is connected to a channel
 * account. The agent chooses a template, fills its parameters, previews and sends it with the
 * keyboard; the stand-in receives exactly one valid request; the stand-in's signed status webhooks
 * are held at a gate and let through one at a time, and the sidebar shows sent → delivered → read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SECRET, FAST, startWithOptions, VERIFY_TOKEN } from '../../backend/channels/testing';
import { type GraphStandin, startGraphStandin } from '../../backend/graph-standin/standin';
import type { ChannelMessage, Conversation } from '../../backend/protocol/v1';
import { type RunningApp, TEST_ADMIN_TOKEN, testConfig } from '../../backend/test-support/app';
import { apiClient } from '../../backend/test-support/client';
import { openHost, screenshots, startBrowser } from './adapters-harness';

const PHONE_NUMBER_ID = '106540352242922';

/** Holds each webhook the stand-in posts until the test lets it through (same bytes, same signature). */
class WebhookGate {
  private server: Server | undefined;
  readonly held: { status: string; release: () => Promise<void> }[] = [];
  private waiters: (() => void)[] = [];
  url = '';

  constructor(private readonly target: () => string) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.hold(request).then(
        (status) => response.writeHead(status).end(),
        () => response.writeHead(502).end(),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/whatsapp`;
  }

  private async hold(request: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const signature = String(request.headers['x-hub-signature-256'] ?? '');
    const parsed = JSON.parse(raw.toString('utf8')) as {
      entry: { changes: { value: { statuses?: { status: string }[] } }[] }[];
    };
    const status = parsed.entry[0]?.changes[0]?.value.statuses?.[0]?.status ?? 'other';
    return new Promise<number>((resolve, reject) => {
      this.held.push({
        status,
        release: async () => {
          const forwarded = await fetch(this.target(), {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
            body: raw,
          }).catch(reject);
          if (forwarded) resolve(forwarded.status);
        },
      });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The next held webhook (in the order the stand-in sent them). */
  async next(index: number): Promise<{ status: string; release: () => Promise<void> }> {
    while (!this.held[index]) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.held[index];
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let dir: string;
let backend: RunningApp;
let standin: GraphStandin;
let gate: WebhookGate;
let browser: Browser;
let page: Page;
let sidebar: Frame;
let conversation: Conversation;

const admin = () => apiClient(backend.baseUrl, TEST_ADMIN_TOKEN);

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i++) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

const text = (selector: string) =>
  sidebar.$eval(selector, (el) => el.textContent ?? '').catch(() => null as string | null);

const messageState = () =>
  sidebar
    .$eval('[data-testid="api-send-message"]', (el) => el.getAttribute('data-state'))
    .catch(() => null as string | null);

const waitForState = (state: string) =>
  sidebar.waitForFunction(
    (s) => document.querySelector('[data-testid="api-send-message"]')?.getAttribute('data-state') === s,
    { timeout: 20_000 },
    state,
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sb-api-send-e2e-'));
  gate = new WebhookGate(() => `${backend.baseUrl}/webhooks/whatsapp`);
  await gate.start();
  standin = await startGraphStandin({ appSecret: APP_SECRET, webhooks: { whatsapp: gate.url } });
  backend = await startWithOptions(
    testConfig(`sqlite:${path.join(dir, 'switchboard.db')}`, {
      META_APP_SECRET: APP_SECRET,
      META_VERIFY_TOKEN: VERIFY_TOKEN,
      GRAPH_API_BASE: standin.baseUrl,
      WHATSAPP_ACCESS_TOKEN: 'wa-token',
    }),
    FAST,
  );
  browser = await startBrowser();
  ({ page, sidebar } = await openHost(browser, 'https://web.whatsapp.com/'));
});

afterAll(async () => {
  // Let anything still held through so the stand-in is not left retrying.
  for (const held of gate?.held ?? []) await held.release().catch(() => {});
  await browser?.close();
  await standin?.close();
  await backend?.close();
  await gate?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sending a template through the WhatsApp Business API from the sidebar', () => {
  it('enrolls, and the panel appears once the conversation is connected to a WhatsApp account', async () => {
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="local"]', { timeout: 15_000 });
    // Local-only mode: no API panel.
    expect(await sidebar.$('[data-testid="api-send"]')).toBeNull();

    const code = await admin().post<{ code: string }>('/api/v1/enrollment-codes', { role: 'agent' });
    expect(code.status).toBe(201);
    await sidebar.click('[data-testid="team-connect"]');
    await sidebar.waitForSelector('[data-testid="team-enroll-form"]');
    await sidebar.type('[data-testid="team-url"]', backend.baseUrl);
    await sidebar.type('[data-testid="team-code"]', code.body.code);
    await sidebar.type('[data-testid="team-name"]', 'Ana Lima');
    await sidebar.type('[data-testid="team-email"]', 'ana@example.test');
    await sidebar.click('[data-testid="team-enroll"]');
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="online"]', { timeout: 20_000 });

    const account = await admin().post<{ account: { id: string } }>('/api/v1/channel-accounts', {
      channel: 'whatsapp',
      externalId: PHONE_NUMBER_ID,
    });
    expect(account.status).toBe(201);
    const templates = await admin().put('/api/v1/channel-templates', {
      accountId: account.body.account.id,
      templates: [
        { name: 'order_update', language: 'en_US', body: 'Hello {{1}}, your order {{2}} is on its way.' },
        { name: 'reopen_conversation', language: 'en_US', body: 'Hi! Are you still there?' },
      ],
    });
    expect(templates.status).toBe(200);

    await page.evaluate(() => window.__fixture.deliverIncoming({ text: 'Where is my order?' }));
    const list = await until(
      () => admin().get<{ conversations: Conversation[] }>('/api/v1/conversations?limit=50'),
      (r) => r.body.conversations.some((c) => c.channel === 'whatsapp'),
      'the WhatsApp conversation on the backend',
    );
    conversation = list.body.conversations.find((c) => c.channel === 'whatsapp') as Conversation;

    await sidebar.waitForSelector('[data-testid="api-send"]', { timeout: 20_000 });
    expect(await text('#api-send-heading')).toBe('Send through WhatsApp Business API');
    expect(await text('[data-testid="api-send-window"]')).not.toBe('');
  });

  it('sends a template chosen and filled with the keyboard; the stand-in gets exactly one valid request', async () => {
    // Keyboard only: focus the picker, pick the template, Tab through the parameters, Enter sends.
    await sidebar.focus('[data-testid="api-send-template"]');
    await sidebar.select('[data-testid="api-send-template"]', 'order_update|en_US');
    await sidebar.waitForSelector('[data-testid="api-send-param-1"]');
    expect(
      await sidebar.$eval('[data-testid="api-send-submit"]', (b) => (b as HTMLButtonElement).disabled),
    ).toBe(true);
    await page.keyboard.press('Tab');
    expect(await sidebar.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'api-send-param-1',
    );
    await page.keyboard.type('Ana <b>Lima</b>');
    await page.keyboard.press('Tab');
    await page.keyboard.type('#4521');
    // Preview: parameters in place, markup shown as text (never parsed).
    expect(await text('[data-testid="api-send-preview"]')).toBe(
      'Hello Ana <b>Lima</b>, your order #4521 is on its way.',
    );
    expect(await sidebar.$('[data-testid="api-send-preview"] b')).toBeNull();
    await page.keyboard.press('Enter');

    const received = await until(
      async () => standin.received.filter((r) => r.product === 'whatsapp'),
      (list) => list.length > 0,
      'the send request at the stand-in',
    );
    expect(received).toHaveLength(1);
    const request = received[0];
    expect(request?.outcome).toBe('accepted');
    expect(request?.path).toContain(`/${PHONE_NUMBER_ID}/messages`);
    expect(request?.body).toMatchObject({
      messaging_product: 'whatsapp',
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ana <b>Lima</b>' },
              { type: 'text', text: '#4521' },
            ],
          },
        ],
      },
    });
    // The form is cleared for the next one; the message shows up with its delivery state.
    await sidebar.waitForSelector('[data-testid="api-send-message"]', { timeout: 20_000 });
    expect(['queued', 'sending', 'unknown', 'sent']).toContain(await messageState());
  });

  it('shows sent → delivered → read as the signed status webhooks arrive', async () => {
    for (const [index, status] of ['sent', 'delivered', 'read'].entries()) {
      const held = await gate.next(index);
      expect(held.status).toBe(status);
      // Held at the gate: the sidebar has not moved past the previous state on its own. (The
      // backend marks the message sent already when Meta's send response names its wamid.)
      if (index > 0) expect(await messageState()).toBe(['sent', 'delivered'][index - 1]);
      await held.release();
      await waitForState(status);
      expect(await text('[data-testid="api-send-state"]')).toBe(status[0]?.toUpperCase() + status.slice(1));
      if (status === 'delivered') {
        await sidebar.$eval('[data-testid="api-send"]', (el) => el.scrollIntoView());
        await page.screenshot({ path: path.join(screenshots, 'api-send-delivered.png') });
      }
    }
    await sidebar.$eval('[data-testid="api-send"]', (el) => el.scrollIntoView());
    await page.screenshot({ path: path.join(screenshots, 'api-send-read.png') });

    // Exactly one message, sent once: on the backend and at the stand-in.
    const messages = await admin().get<{ messages: ChannelMessage[] }>(
      `/api/v1/conversations/${conversation.id}/messages`,
    );
    const outbound = messages.body.messages.filter((m) => m.direction === 'out');
    expect(outbound).toHaveLength(1);
    expect(outbound[0]).toMatchObject({ type: 'template', state: 'read', createdBy: expect.any(String) });
    expect(standin.received.filter((r) => r.product === 'whatsapp')).toHaveLength(1);
    expect(await sidebar.$$eval('[data-testid="api-send-message"]', (els) => els.length)).toBe(1);
  });
});
