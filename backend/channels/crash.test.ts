import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type StandinOptions, startGraphStandin } from '../graph-standin/standin';
import type { Conversation } from '../protocol/v1';
import { openDatabase } from '../storage/database';
import { TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { apiClient } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';
import { exited, startBackendProcess } from '../test-support/process';
import { APP_SECRET, postWebhook, until, whatsappText } from './testing';

/** The backend as a real process, with short channel leases so a SIGKILL's leftovers are reclaimed fast. */
function startProcess(databaseUrl: string, graphBase: string) {
  return startBackendProcess(databaseUrl, {
    META_APP_SECRET: APP_SECRET,
    GRAPH_API_BASE: graphBase,
    WHATSAPP_ACCESS_TOKEN: 'wa-token',
    CHANNELS_SEND_LEASE_MS: '1000',
    CHANNELS_INBOX_LEASE_MS: '1000',
    CHANNELS_POLL_MS: '20',
    CHANNELS_RETRY_BASE_MS: '20',
    CHANNELS_RECIPIENT_INTERVAL_MS: '100',
  });
}

const PHONE = '600000000000001';

forEachDialect((_dialect, databases) => {
  describe('SIGKILL in the middle of channel work', () => {
    it('loses no acknowledged webhook and applies each exactly once after a restart', async () => {
      const url = await databases.create();
      const first = await startProcess(url, 'http://127.0.0.1:9');
      await apiClient(first.baseUrl, TEST_ADMIN_TOKEN).post('/api/v1/channel-accounts', {
        channel: 'whatsapp',
        externalId: PHONE,
      });
      const acknowledged: { id: string; body: object }[] = [];
      let stop = false;
      const senders = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          const id = `wamid.kill-${w}-${i}`;
          const body = whatsappText(PHONE, `1999000${w}${i % 5}`, `message ${i}`, { id });
          try {
            const response = await postWebhook(first.baseUrl, 'whatsapp', body);
            if (response.status === 200) acknowledged.push({ id, body });
          } catch {
            return;
          }
        }
      });
      await until(async () => acknowledged.length >= 200, 30_000);
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(senders);
      await exited(first.child);

      const second = await startProcess(url, 'http://127.0.0.1:9');
      const database = openDatabase(testConfig(url).database);
      try {
        const ids = acknowledged.map((a) => a.id);
        const stored = async () => {
          const rows: { external_id: string | null }[] = [];
          for (let i = 0; i < ids.length; i += 300) {
            rows.push(
              ...(await database.db
                .selectFrom('channel_messages')
                .select('external_id')
                .where('external_id', 'in', ids.slice(i, i + 300))
                .execute()),
            );
          }
          return rows;
        };
        await until(async () => (await stored()).length === ids.length, 30_000);
        // Meta retries everything it had not seen acknowledged: replays change nothing.
        for (const { body } of acknowledged.slice(0, 50))
          expect((await postWebhook(second.baseUrl, 'whatsapp', body)).status).toBe(200);
        await until(async () => {
          const pending = await database.db
            .selectFrom('webhook_inbox')
            .select('id')
            .where('status', '=', 'pending')
            .execute();
          return pending.length === 0;
        }, 30_000);
        const rows = await stored();
        expect(rows.length).toBe(ids.length);
        expect(new Set(rows.map((r) => r.external_id)).size).toBe(ids.length);
        const list = await apiClient(second.baseUrl, TEST_ADMIN_TOKEN).get<{ conversations: Conversation[] }>(
          '/api/v1/conversations?limit=500',
        );
        expect(
          list.body.conversations.filter((c) => c.customerRef.startsWith('+1999000')).length,
        ).toBeGreaterThan(0);
      } finally {
        await database.close();
        second.child.kill('SIGKILL');
        await exited(second.child);
      }
    }, 90_000);

    it('never loses a queued message and never sends one twice silently when killed mid-delivery', async () => {
      const url = await databases.create();
      const webhooks: NonNullable<StandinOptions['webhooks']> = {};
      const standin = await startGraphStandin({ appSecret: APP_SECRET, webhooks, ratePerSecond: 80 });
      const first = await startProcess(url, standin.baseUrl);
      webhooks.whatsapp = `${first.baseUrl}/webhooks/whatsapp`;
      const database = openDatabase(testConfig(url).database);
      let second: { child: ChildProcess; baseUrl: string } | undefined;
      try {
        const api = apiClient(first.baseUrl, TEST_ADMIN_TOKEN);
        await api.post('/api/v1/channel-accounts', {
          channel: 'whatsapp',
          externalId: PHONE,
          ratePerSecond: 50,
        });
        const customers = Array.from({ length: 30 }, (_, i) => `1444000${String(i).padStart(4, '0')}`);
        for (const waId of customers)
          expect((await postWebhook(first.baseUrl, 'whatsapp', whatsappText(PHONE, waId, 'hi'))).status).toBe(
            200,
          );
        const conversations = await until(async () => {
          const list = (await api.get<{ conversations: Conversation[] }>('/api/v1/conversations?limit=500'))
            .body.conversations;
          return list.length === customers.length ? list : undefined;
        });
        const queued: string[] = [];
        for (let i = 0; i < 300; i++) {
          const conversation = conversations[i % conversations.length] as Conversation;
          const response = await api.post<{ message: { id: string } }>(
            `/api/v1/conversations/${conversation.id}/messages`,
            {
              type: 'text',
              text: `message ${i}`,
            },
          );
          expect(response.status).toBe(202);
          queued.push(response.body.message.id);
        }
        await until(
          async () => standin.received.filter((r) => r.outcome === 'accepted').length >= 60,
          30_000,
        );
        first.child.kill('SIGKILL');
        await exited(first.child);

        second = await startProcess(url, standin.baseUrl);
        webhooks.whatsapp = `${second.baseUrl}/webhooks/whatsapp`;
        await until(async () => {
          const open = await database.db
            .selectFrom('channel_messages')
            .select('id')
            .where('direction', '=', 'out')
            .where('state', 'in', ['queued', 'sending'])
            .execute();
          return open.length === 0;
        }, 60_000);
        await standin.settled();
        const rows = await database.db
          .selectFrom('channel_messages')
          .select(['id', 'state', 'error_code'])
          .where('direction', '=', 'out')
          .execute();
        // Nothing lost: every acknowledged message is still there.
        expect(new Set(rows.map((r) => r.id))).toEqual(new Set(queued));
        const sends = new Map<string, number>();
        for (const r of standin.received) {
          if (r.outcome !== 'accepted') continue;
          const id = String(r.body.biz_opaque_callback_data);
          sends.set(id, (sends.get(id) ?? 0) + 1);
        }
        // Nothing sent twice.
        for (const [id, count] of sends) expect(count, id).toBe(1);
        for (const row of rows) {
          if (['sent', 'delivered', 'read'].includes(row.state)) expect(sends.has(row.id), row.id).toBe(true);
          else expect(row.state, row.id).toBe('unknown'); // said so: possibly sent, not resent
          if (!sends.has(row.id)) expect(row.state).toBe('unknown');
        }
        expect(rows.filter((r) => r.state === 'unknown').every((r) => r.error_code === 'possibly_sent')).toBe(
          true,
        );
      } finally {
        await database.close();
        first.child.kill('SIGKILL');
        if (second) {
          second.child.kill('SIGKILL');
          await exited(second.child);
        }
        await standin.close();
      }
    }, 120_000);
  });
});
