import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app';
import type { Config } from '../config/config';
import { type GraphStandin, type StandinOptions, startGraphStandin } from '../graph-standin/standin';
import { type RunningApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { apiClient } from '../test-support/client';
import type { ChannelOptions } from './shared/options';
import { signBody } from './shared/signature';

export const APP_SECRET = 'test_app_secret_do_not_use';
export const VERIFY_TOKEN = 'verify-me-please';
export const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');

/** Fast waits for tests: the real defaults are seconds (Meta's back-off advice). */
export const FAST: Partial<ChannelOptions> = {
  retryBaseMs: 20,
  recipientIntervalMs: 100,
  retryMaxMs: 200,
  pollMs: 20,
  sendLeaseMs: 2_000,
};

export interface ChannelsEnv {
  running: RunningApp;
  standin: GraphStandin;
  admin: ReturnType<typeof apiClient>;
  close(): Promise<void>;
}

/** A backend on a fresh database pointed at a fresh Graph stand-in that posts webhooks back to it. */
export async function startChannelsEnv(
  databaseUrl: string,
  standinOptions: Partial<StandinOptions> = {},
  channelOptions: Partial<ChannelOptions> = {},
): Promise<ChannelsEnv> {
  const webhooks: NonNullable<StandinOptions['webhooks']> = {};
  const standin = await startGraphStandin({
    appSecret: APP_SECRET,
    webhooks,
    instagramTokens: ['ig-token'],
    ...standinOptions,
  });
  const running = await startWithOptions(
    testConfig(databaseUrl, {
      META_APP_SECRET: APP_SECRET,
      META_VERIFY_TOKEN: VERIFY_TOKEN,
      GRAPH_API_BASE: standin.baseUrl,
      WHATSAPP_ACCESS_TOKEN: 'wa-token',
      MESSENGER_ACCESS_TOKEN: 'page-token',
      INSTAGRAM_ACCESS_TOKEN: 'ig-token',
    }),
    { ...FAST, ...channelOptions },
  );
  for (const product of ['whatsapp', 'messenger', 'instagram'] as const) {
    webhooks[product] = `${running.baseUrl}/webhooks/${product}`;
  }
  return {
    running,
    standin,
    admin: apiClient(running.baseUrl, TEST_ADMIN_TOKEN),
    async close() {
      // The client first: stop the delivery workers before the server they talk to goes away.
      await running.close();
      await standin.close();
    },
  };
}

/** Like test-support's startApp, with channel options (short back-offs) passed through. */
export async function startWithOptions(
  config: Config,
  channels: Partial<ChannelOptions>,
): Promise<RunningApp> {
  const app = await buildApp(config, { channels });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/api/v1/ws`,
    close: () => app.close(),
  };
}

export async function postWebhook(
  baseUrl: string,
  product: string,
  body: string | object,
  signature: string | null = null,
): Promise<{ status: number; body: unknown }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${baseUrl}/webhooks/${product}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null
        ? { 'x-hub-signature-256': signBody(raw, APP_SECRET) }
        : signature
          ? { 'x-hub-signature-256': signature }
          : {}),
    },
    body: raw,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export function readJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(TESTDATA, relative), 'utf8')) as T;
}

export function listTestdata(folder: string): string[] {
  return fs
    .readdirSync(path.join(TESTDATA, folder))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Fills the Postman-style placeholders in Meta's examples with usable values. */
export function fillPlaceholders(raw: string, to = '16505551234'): string {
  return raw
    .replace(/<?http\(s\):\/\/([^>"]+)>?/g, 'https://example.com/$1')
    .replaceAll('<HEADER_TYPE>', 'text')
    .replaceAll('{{Recipient-Phone-Number}}', to)
    .replace(/\{\{[^}]+\}\}/g, '1');
}

let counter = 0;
/** A WhatsApp text-message webhook from `waId` to `phoneNumberId`. */
export function whatsappText(
  phoneNumberId: string,
  waId: string,
  text: string,
  options: { id?: string; at?: number } = {},
) {
  counter += 1;
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'waba-1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Customer' }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: options.id ?? `wamid.test-${process.pid}-${Date.now()}-${counter}`,
                  timestamp: String(Math.floor((options.at ?? Date.now()) / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

export function messagingText(
  object: 'page' | 'instagram',
  accountId: string,
  senderId: string,
  text: string,
  options: { mid?: string; at?: number } = {},
) {
  counter += 1;
  const at = options.at ?? Date.now();
  return {
    object,
    entry: [
      {
        id: accountId,
        time: at,
        messaging: [
          {
            sender: { id: senderId },
            recipient: { id: accountId },
            timestamp: at,
            message: { mid: options.mid ?? `mid.${process.pid}.${Date.now()}.${counter}`, text },
          },
        ],
      },
    ],
  };
}

export async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
