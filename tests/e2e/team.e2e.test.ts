/**
 * Team mode end to end: a real backend (SQLite temp file) on a loopback port, one agent in the
 * browser (enrolled from the sidebar) and one over a plain WebSocket client. A customer message in
 * the WhatsApp fixture reaches the backend through the background's outbox, is assigned, and the
 * sidebar shows the owner; take / transfer / resolve from the sidebar reach the backend; with the
 * backend stopped, new events queue in the outbox and arrive exactly once, in order, after it is
 * restarted on the same port.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../backend/app';
import type { Principal } from '../../backend/auth/principal';
import type { CapturedEvent, Conversation } from '../../backend/protocol/v1';
import { TEST_ADMIN_TOKEN, testConfig } from '../../backend/test-support/app';
import { apiClient, enrollAgent, TestSocket } from '../../backend/test-support/client';
import { openHost, screenshots, startBrowser } from './adapters-harness';

interface Backend {
  app: FastifyInstance;
  baseUrl: string;
  wsUrl: string;
}

/** What reached the backend's routing, in arrival order (accepted events and commands). */
const arrivals: string[] = [];
const acceptedTwice: string[] = [];

async function startBackend(databaseUrl: string, port = 0): Promise<Backend> {
  const app = await buildApp(testConfig(databaseUrl, { SWITCHBOARD_SWEEP_INTERVAL_MS: '200' }));
  const routing = app.switchboard.routing;
  // Observe (not change) what arrives: ingest results say which events were new.
  const ingest = routing.ingest.bind(routing);
  routing.ingest = async (principal: Principal, events: readonly CapturedEvent[]) => {
    const result = await ingest(principal, events);
    for (const r of result.results) {
      if (r.status !== 'accepted') continue;
      if (arrivals.includes(r.id)) acceptedTwice.push(r.id);
      arrivals.push(r.id);
    }
    return result;
  };
  for (const action of ['take', 'transfer', 'resolve', 'reopen'] as const) {
    const original = routing[action].bind(routing) as (...args: unknown[]) => Promise<Conversation>;
    (routing as unknown as Record<string, unknown>)[action] = async (...args: unknown[]) => {
      const conversation = await original(...args);
      arrivals.push(`${action}:${conversation.id}`);
      return conversation;
    };
  }
  await app.listen({ port, host: '127.0.0.1' });
  const { port: bound } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${bound}`, wsUrl: `ws://127.0.0.1:${bound}/api/v1/ws` };
}

let dir: string;
let databaseUrl: string;
let backend: Backend;
let browser: Browser;
let page: Page;
let sidebar: Frame;
let bruno: { token: string; agent: { id: string; name: string } };
let brunoSocket: TestSocket;
let me: { id: string };
let conversationId: string;

const admin = () => apiClient(backend.baseUrl, TEST_ADMIN_TOKEN);

async function conversationNow(): Promise<Conversation> {
  const response = await admin().get<{ conversation: Conversation }>(
    `/api/v1/conversations/${conversationId}`,
  );
  return response.body.conversation;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i++) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/** axe-core on the team panel only (other panels have their own checks). */
async function teamPanelViolations(): Promise<string[]> {
  await sidebar.evaluate(readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  return sidebar.evaluate(async () => {
    type Result = { violations: { id: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Element) => Promise<Result> } }).axe;
    const panel = document.querySelector('[data-testid="team-panel"]') as Element;
    const result = await axe.run(panel);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const text = (selector: string) =>
  sidebar.$eval(selector, (el) => el.textContent ?? '').catch(() => null as string | null);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sb-team-e2e-'));
  databaseUrl = `sqlite:${path.join(dir, 'switchboard.db')}`;
  backend = await startBackend(databaseUrl);
  browser = await startBrowser();
  ({ page, sidebar } = await openHost(browser, 'https://web.whatsapp.com/'));
});

afterAll(async () => {
  await brunoSocket?.close().catch(() => {});
  await browser?.close();
  await backend?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('team mode', () => {
  it('holds its place while the worker reads the team settings: the panels below do not jump', async () => {
    // Every frame from the sidebar's first state on: the team panel's mode and the top of the
    // customer card below it (the worker's first policy read takes ≈ 2 s on a fresh browser, the
    // card is usually there long before).
    await sidebar.evaluate(`(() => {
      const seen = (window.__teamLayout = []);
      const sample = () => {
        const mode = document.querySelector('[data-testid="team-panel"]')?.getAttribute('data-mode') ?? 'none';
        const card = document.querySelector('[data-testid="customer"]');
        if (card) seen.push([mode, card.getBoundingClientRect().top]);
        if (mode !== 'local' || !card) requestAnimationFrame(sample);
      };
      sample();
    })()`);
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="local"]', { timeout: 15_000 });
    await sidebar.waitForSelector('[data-testid="customer"]', { timeout: 15_000 });
    const seen = (await sidebar.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.__teamLayout))))',
    )) as [string, number][];
    expect(seen.at(-1)?.[0]).toBe('local');
    // One place for the card whatever the panel showed (the pairs seen, each once).
    const places = [...new Set(seen.map(([mode, top]) => `${mode} @ ${top}`))];
    expect(new Set(seen.map(([, top]) => top)).size, places.join(', ')).toBe(1);
  });

  it('starts local-only and enrolls once from the sidebar (token stays in the background)', async () => {
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="local"]', { timeout: 15_000 });
    const code = await admin().post<{ code: string }>('/api/v1/enrollment-codes', { role: 'lead' });
    expect(code.status).toBe(201);

    await sidebar.click('[data-testid="team-connect"]');
    await sidebar.waitForSelector('[data-testid="team-enroll-form"]');
    expect(await teamPanelViolations()).toEqual([]);
    await sidebar.type('[data-testid="team-url"]', backend.baseUrl);
    await sidebar.type('[data-testid="team-code"]', code.body.code);
    await sidebar.type('[data-testid="team-name"]', 'Ana Lima');
    await sidebar.type('[data-testid="team-email"]', 'ana@example.test');
    await sidebar.click('[data-testid="team-enroll"]');
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="online"]', { timeout: 20_000 });
    expect(await text('[data-testid="team-mode"]')).toContain('Ana Lima');

    const agents = await admin().get<{ agents: { id: string; name: string; status: string }[] }>(
      '/api/v1/agents',
    );
    const ana = agents.body.agents.find((a) => a.name === 'Ana Lima');
    expect(ana).toBeDefined();
    me = { id: ana!.id };
    await until(
      async () =>
        (await admin().get<{ agents: { id: string; status: string }[] }>('/api/v1/agents')).body.agents,
      (list) => list.find((a) => a.id === me.id)?.status === 'online',
      'Ana online',
    );
    // Nothing secret in the sidebar document or the host page.
    const pageHtml = await page.content();
    const sidebarHtml = await sidebar.content();
    const stored = await sidebar.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: string): Promise<Record<string, { token?: string }>> } } };
        }
      ).chrome;
      return (await c.storage.local.get('teamCredentials')).teamCredentials?.token ?? '';
    });
    expect(stored.length).toBeGreaterThan(10);
    expect(pageHtml).not.toContain(stored);
    expect(sidebarHtml).not.toContain(stored);
  });

  it('a customer message is assigned to the online agent and the sidebar shows the owner', async () => {
    await page.evaluate(() =>
      window.__fixture.deliverIncoming({ text: 'Hello, is anyone there? <b>not bold</b>' }),
    );
    const owner = await sidebar.waitForSelector('[data-testid="team-owner"]', { timeout: 20_000 });
    await sidebar.waitForFunction(
      (id) => document.querySelector('[data-testid="team-owner"]')?.getAttribute('data-owner-id') === id,
      { timeout: 20_000 },
      me.id,
    );
    expect(await owner?.evaluate((el) => el.textContent)).toBe('You');
    // The "assigned to you" toast in the sidebar.
    await sidebar.waitForSelector('[data-testid="team-toast"]', { timeout: 10_000 });
    expect(await text('[data-testid="team-toast"]')).toMatch(/Assigned to you/);
    expect(await text('[data-testid="team-waiting"]')).not.toBe('');

    const list = await admin().get<{ conversations: Conversation[] }>('/api/v1/conversations?status=open');
    const found = list.body.conversations.find((c) => c.assigneeId === me.id);
    expect(found?.channel).toBe('whatsapp');
    conversationId = found!.id;
  });

  it('transfer to another agent (picked in the sidebar) reaches the backend and the other agent', async () => {
    const enrolled = await enrollAgent(backend.baseUrl, TEST_ADMIN_TOKEN, { name: 'Bruno Silva' });
    bruno = enrolled;
    brunoSocket = await TestSocket.connect(backend.wsUrl, bruno.token);
    expect((await brunoSocket.request({ type: 'presence', status: 'online' })).type).toBe('ack');
    await sidebar.waitForFunction(
      (id) =>
        [...document.querySelectorAll('[data-testid="team-transfer-to"] option')].some(
          (o) => (o as HTMLOptionElement).value === id && /online/.test(o.textContent ?? ''),
        ),
      { timeout: 20_000 },
      bruno.agent.id,
    );
    // Keyboard: focus the picker, choose Bruno, Tab to the button and press Enter.
    await sidebar.select('[data-testid="team-transfer-to"]', bruno.agent.id);
    await sidebar.focus('[data-testid="team-transfer"]');
    await page.keyboard.press('Enter');
    await until(conversationNow, (c) => c.assigneeId === bruno.agent.id, 'transfer to Bruno');
    const pushed = await brunoSocket.waitFor(
      (m) =>
        m.type === 'conversation.assigned' && m.reason === 'transfer' && m.conversation.id === conversationId,
    );
    expect(pushed.type).toBe('conversation.assigned');
    await sidebar.waitForFunction(
      () => document.querySelector('[data-testid="team-owner"]')?.textContent === 'Bruno Silva',
      { timeout: 10_000 },
    );

    // Who is replying now: Bruno starts typing.
    brunoSocket.send({ type: 'replying', conversationId, active: true });
    await sidebar.waitForSelector('[data-testid="team-replying"]', { timeout: 10_000 });
    expect(await text('[data-testid="team-replying"]')).toContain('Bruno Silva');
    await page.screenshot({ path: path.join(screenshots, 'team-whatsapp-owner.png') });
    expect(await teamPanelViolations()).toEqual([]);
    brunoSocket.send({ type: 'replying', conversationId, active: false });
    await sidebar.waitForFunction(() => !document.querySelector('[data-testid="team-replying"]'), {
      timeout: 10_000,
    });
  });

  it('typing in the host composer tells the team who is replying now', async () => {
    const composer = '#main footer [contenteditable="true"][data-lexical-editor="true"]';
    await page.click(composer);
    await page.keyboard.type('Checking your order', { delay: 15 });
    const pushed = await brunoSocket.waitFor(
      (m) => m.type === 'replying' && m.active && m.agentId === me.id && m.conversationId === conversationId,
    );
    expect(pushed).toMatchObject({ type: 'replying', active: true, agentId: me.id });
    await page.evaluate(() => window.__fixture.setComposerText(''));
  });

  it('take and resolve from the sidebar reach the backend', async () => {
    await sidebar.click('[data-testid="team-take"]');
    await until(conversationNow, (c) => c.assigneeId === me.id, 'take');
    await sidebar.waitForFunction(
      () => document.querySelector('[data-testid="team-owner"]')?.textContent === 'You',
      { timeout: 10_000 },
    );
    await brunoSocket.waitFor(
      (m) =>
        m.type === 'conversation.assigned' && m.reason === 'take' && m.conversation.id === conversationId,
    );
    await sidebar.click('[data-testid="team-resolve"]');
    await until(conversationNow, (c) => c.status === 'resolved', 'resolve');
    await sidebar.waitForSelector('[data-testid="team-conversation"][data-status="resolved"]', {
      timeout: 10_000,
    });
    expect(arrivals.filter((a) => !a.startsWith('whatsapp:'))).toEqual([
      `transfer:${conversationId}`,
      `take:${conversationId}`,
      `resolve:${conversationId}`,
    ]);
  });

  it('queues events while the backend is down and delivers them exactly once, in order, after a restart', async () => {
    const port = Number(new URL(backend.baseUrl).port);
    await brunoSocket.close();
    await backend.app.close();
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="offline"]', { timeout: 20_000 });
    const before = arrivals.length;

    // Offline: the agent reopens the chat, the customer and the agent write.
    await sidebar.click('[data-testid="team-reopen"]');
    const ids: string[] = [];
    for (const [i, who] of ['in', 'in', 'out', 'in', 'in', 'out'].entries()) {
      ids.push(
        await page.evaluate(
          (n, kind) =>
            kind === 'in'
              ? window.__fixture.deliverIncoming({ text: `offline message ${n}` })
              : window.__fixture.sendOutgoing(`offline reply ${n}`),
          i,
          who,
        ),
      );
    }
    await sidebar.waitForFunction(
      () => document.querySelector('[data-testid="team-pending"]')?.textContent?.startsWith('7 '),
      { timeout: 20_000 },
    );
    await page.screenshot({ path: path.join(screenshots, 'team-whatsapp-offline.png') });
    expect(arrivals.length).toBe(before);

    backend = await startBackend(databaseUrl, port);
    await sidebar.waitForSelector('[data-testid="team-panel"][data-mode="online"]', { timeout: 60_000 });
    await sidebar.waitForFunction(() => !document.querySelector('[data-testid="team-pending"]'), {
      timeout: 30_000,
    });
    const delivered = arrivals.slice(before);
    expect(delivered[0]).toBe(`reopen:${conversationId}`);
    const events = delivered.slice(1).filter((a) => a.startsWith('whatsapp:'));
    expect(events).toHaveLength(6);
    // Same order as they happened in the chat; each id once.
    expect(events.map((id) => ids.findIndex((hostId) => id.endsWith(`:${hostId}`)))).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(acceptedTwice).toEqual([]);
    const rows = await backend.app.switchboard.database.db
      .selectFrom('events')
      .select(['key'])
      .where('conversation_id', '=', conversationId)
      .execute();
    for (const id of events) expect(rows.filter((r) => r.key === id)).toHaveLength(1);
    await until(conversationNow, (c) => c.status === 'open', 'reopened conversation');
  });
});
