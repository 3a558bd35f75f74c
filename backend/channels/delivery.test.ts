import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelMessage, Conversation } from '../protocol/v1';
import { TEST_ADMIN_TOKEN } from '../test-support/app';
import { TestSocket } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';
import { callGraph } from './shared/graph-client';
import {
  type ChannelsEnv,
  fillPlaceholders,
  listTestdata,
  messagingText,
  postWebhook,
  startChannelsEnv,
  TESTDATA,
  until,
  whatsappText,
} from './testing';

describe('Graph stand-in and client replay every Meta send example', () => {
  it('accepts all 50 send-request examples (validated against the spec) and rejects an invalid body', async () => {
    const env = await import('../graph-standin/standin').then((m) =>
      m.startGraphStandin({ appSecret: 'x', statuses: false, pairBurst: 1000 }),
    );
    try {
      const files = listTestdata('send-requests');
      expect(files.length).toBe(50);
      for (const file of files) {
        const body = JSON.parse(
          fillPlaceholders(fs.readFileSync(path.join(TESTDATA, 'send-requests', file), 'utf8')),
        );
        const result = await callGraph(`${env.baseUrl}/v23.0/106540352242922/messages`, 'token', body, 5_000);
        expect(result.outcome, `${file}: ${JSON.stringify(result)}`).toBe('ok');
      }
      const invalid = await callGraph(
        `${env.baseUrl}/v23.0/106540352242922/messages`,
        'token',
        { messaging_product: 'whatsapp', to: '1', type: 'hologram', hologram: {} },
        5_000,
      );
      expect(invalid).toMatchObject({ outcome: 'permanent', code: '100' });
      const unauthorised = await callGraph(`${env.baseUrl}/v23.0/1/messages`, undefined, {}, 5_000);
      expect(unauthorised).toMatchObject({ outcome: 'permanent', code: '190' });
      // Every response example has the shape the client reads.
      for (const file of listTestdata('send-responses')) {
        const example = JSON.parse(fs.readFileSync(path.join(TESTDATA, 'send-responses', file), 'utf8'));
        expect(example.messages?.[0]?.id ?? example.success, file).toBeTruthy();
      }
    } finally {
      await env.close();
    }
  });
});

forEachDialect((_dialect, databases) => {
  describe('delivery', () => {
    let env: ChannelsEnv;
    const PHONE = '200000000000001';
    const PAGE = '300000000000001';
    const IG = '400000000000001';
    let n = 0;
    const db = () => env.running.app.switchboard.database.db;

    /** A customer writes (optionally long ago); returns their conversation. */
    async function customerWrites(
      channel: 'whatsapp' | 'messenger' | 'instagram',
      at = Date.now(),
    ): Promise<Conversation> {
      n += 1;
      const id = channel === 'whatsapp' ? `1777000${String(n).padStart(4, '0')}` : `${channel}-user-${n}`;
      const body =
        channel === 'whatsapp'
          ? whatsappText(PHONE, id, 'hello', { at })
          : messagingText(
              channel === 'messenger' ? 'page' : 'instagram',
              channel === 'messenger' ? PAGE : IG,
              id,
              'hello',
              { at },
            );
      expect((await postWebhook(env.running.baseUrl, channel, body)).status).toBe(200);
      await env.running.app.switchboard.channels.settle();
      const ref = channel === 'whatsapp' ? `+${id}` : id;
      const list = await env.admin.get<{ conversations: Conversation[] }>('/api/v1/conversations?limit=500');
      const conversation = list.body.conversations.find((c) => c.customerRef === ref);
      if (!conversation) throw new Error('conversation not created');
      return conversation;
    }

    const send = (conversationId: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${env.running.baseUrl}/api/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { message: ChannelMessage; error?: { code: string; message: string } },
      }));

    const messageState = async (conversationId: string, id: string) => {
      const list = await env.admin.get<{ messages: ChannelMessage[] }>(
        `/api/v1/conversations/${conversationId}/messages`,
      );
      return list.body.messages.find((m) => m.id === id);
    };
    const waitState = (conversationId: string, id: string, states: string[]) =>
      until(async () => {
        const m = await messageState(conversationId, id);
        return m && states.includes(m.state) ? m : undefined;
      });

    beforeAll(async () => {
      env = await startChannelsEnv(await databases.create(), { failRecipients: ['17779999999'] });
      for (const [channel, externalId] of [
        ['whatsapp', PHONE],
        ['messenger', PAGE],
        ['instagram', IG],
      ]) {
        expect((await env.admin.post('/api/v1/channel-accounts', { channel, externalId })).status).toBe(201);
      }
    });
    afterAll(() => env?.close());

    it('sends text, template, interactive, media and read receipts; states advance to read from status webhooks and are pushed', async () => {
      const socket = await TestSocket.connect(env.running.wsUrl, TEST_ADMIN_TOKEN);
      try {
        const conversation = await customerWrites('whatsapp');
        const bodies = [
          { type: 'text', text: 'Hi! How can we help?' },
          {
            type: 'template',
            template: { name: 'order_update', language: 'en_US', parameters: ['#1234', 'shipped'] },
          },
          {
            type: 'interactive',
            interactive: {
              type: 'button',
              body: { text: 'Was this helpful?' },
              action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
            },
          },
          {
            type: 'interactive',
            interactive: {
              type: 'list',
              body: { text: 'Pick one' },
              action: {
                button: 'Options',
                sections: [{ title: 'Help', rows: [{ id: 'r1', title: 'Refund' }] }],
              },
            },
          },
          { type: 'media', media: { kind: 'image', link: 'https://example.com/a.jpg', caption: 'Receipt' } },
          {
            type: 'media',
            media: { kind: 'document', link: 'https://example.com/a.pdf', filename: 'invoice.pdf' },
          },
        ];
        const ids: string[] = [];
        for (const body of bodies) {
          const response = await send(conversation.id, body);
          expect(response.status, JSON.stringify(response.body)).toBe(202);
          expect(response.body.message.state).toBe('queued');
          ids.push(response.body.message.id);
        }
        for (const id of ids) {
          const done = await waitState(conversation.id, id, ['read']);
          expect(done.externalId).toMatch(/^wamid\./);
          expect(done.readAt).not.toBeNull();
        }
        const read = await send(conversation.id, { type: 'read' });
        expect(read.status).toBe(202);
        await waitState(conversation.id, read.body.message.id, ['sent']);
        const accepted = env.standin.received.filter(
          (r) => r.product === 'whatsapp' && r.outcome === 'accepted',
        );
        expect(accepted.some((r) => r.body.status === 'read' && typeof r.body.message_id === 'string')).toBe(
          true,
        );
        expect(env.standin.received.filter((r) => r.outcome === 'rejected' && r.errorCode === 100)).toEqual(
          [],
        );
        await socket.waitFor(
          (m) => m.type === 'message.delivery' && m.message.id === ids[0] && m.message.state === 'read',
        );
      } finally {
        await socket.close();
      }
    });

    it('enforces the 24 h window: free text refused with a clear error offering a template, template accepted', async () => {
      const conversation = await customerWrites('whatsapp', Date.now() - 25 * 3_600_000);
      const text = await send(conversation.id, { type: 'text', text: 'Are you still there?' });
      expect(text.status).toBe(422);
      expect(text.body.error?.code).toBe('outside_window');
      expect(text.body.error?.message).toMatch(/24 h.*template/);
      const template = await send(conversation.id, {
        type: 'template',
        template: { name: 'reopen_conversation', language: 'en_US' },
      });
      expect(template.status).toBe(202);
      await waitState(conversation.id, template.body.message.id, ['delivered', 'read']);
    });

    it('Messenger and Instagram: RESPONSE inside 24 h, HUMAN_AGENT tag up to 7 days, refused after', async () => {
      const fresh = await customerWrites('messenger');
      const inside = await send(fresh.id, { type: 'text', text: 'hola' });
      expect(inside.status).toBe(202);
      // Messenger reports delivery by mid and reads by watermark.
      await waitState(fresh.id, inside.body.message.id, ['delivered', 'read']);
      const attachment = await send(fresh.id, {
        type: 'media',
        media: { kind: 'image', link: 'https://example.com/x.png' },
      });
      await waitState(fresh.id, attachment.body.message.id, ['delivered', 'read']);

      const old = await customerWrites('instagram', Date.now() - 3 * 86_400_000);
      const tagged = await send(old.id, { type: 'text', text: 'Sorry for the wait' });
      expect(tagged.status).toBe(202);
      await waitState(old.id, tagged.body.message.id, ['read']);
      const sent = env.standin.received.find(
        (r) =>
          r.product === 'instagram' && (r.body.message as { text?: string })?.text === 'Sorry for the wait',
      );
      expect(sent?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });

      const tooOld = await customerWrites('messenger', Date.now() - 8 * 86_400_000);
      const refused = await send(tooOld.id, { type: 'text', text: 'late' });
      expect(refused.status).toBe(422);
      expect(refused.body.error?.message).toMatch(/7 days/);
    });

    it("backs off on throughput errors, retries transient errors only, and surfaces permanent ones with Meta's reason", async () => {
      const conversation = await customerWrites('whatsapp');
      env.standin.failNext(130429);
      env.standin.failNext(4);
      env.standin.failNext(2, 2);
      const retried = await send(conversation.id, { type: 'text', text: 'eventually' });
      const done = await waitState(conversation.id, retried.body.message.id, ['sent', 'delivered', 'read']);
      expect(done.externalId).toBeTruthy();
      const attempts = await db()
        .selectFrom('channel_messages')
        .select('attempts')
        .where('id', '=', done.id)
        .executeTakeFirstOrThrow();
      expect(attempts.attempts).toBe(2);

      env.standin.failNext(132001);
      const permanent = await send(conversation.id, {
        type: 'template',
        template: { name: 'no_such_template', language: 'en_US' },
      });
      const failed = await waitState(conversation.id, permanent.body.message.id, ['failed']);
      expect(failed.errorCode).toBe('132001');
      expect(failed.errorReason).toMatch(/Template name does not exist/);
      const tries = env.standin.received.filter(
        (r) => (r.body.template as { name?: string })?.name === 'no_such_template',
      );
      expect(tries.length).toBe(1);
    });

    it('reports asynchronous failures from status webhooks (131026)', async () => {
      expect(
        (await postWebhook(env.running.baseUrl, 'whatsapp', whatsappText(PHONE, '17779999999', 'hi'))).status,
      ).toBe(200);
      await env.running.app.switchboard.channels.settle();
      const list = await env.admin.get<{ conversations: Conversation[] }>('/api/v1/conversations?limit=500');
      const conversation = list.body.conversations.find(
        (c) => c.customerRef === '+17779999999',
      ) as Conversation;
      const response = await send(conversation.id, { type: 'text', text: 'will fail' });
      const failed = await waitState(conversation.id, response.body.message.id, ['failed']);
      expect(failed.errorCode).toBe('131026');
      expect(failed.errorReason).toMatch(/undeliverable/i);
    });

    it('paces one customer (pair rate) and recovers from 131056 without losing or doubling a message', async () => {
      const conversation = await customerWrites('whatsapp');
      const before = env.standin.received.length;
      const ids: string[] = [];
      // The client allows bursts of 10 per customer; the stand-in's pair limit here is 45, so
      // force two pair-rate errors to exercise the back-off.
      env.standin.failNext(131056, 2);
      for (let i = 0; i < 5; i++)
        ids.push((await send(conversation.id, { type: 'text', text: `burst ${i}` })).body.message.id);
      for (const id of ids) await waitState(conversation.id, id, ['sent', 'delivered', 'read']);
      const accepted = env.standin.received
        .slice(before)
        .filter((r) => r.outcome === 'accepted' && typeof r.body.biz_opaque_callback_data === 'string');
      const counts = new Map<string, number>();
      for (const r of accepted)
        counts.set(
          String(r.body.biz_opaque_callback_data),
          (counts.get(String(r.body.biz_opaque_callback_data)) ?? 0) + 1,
        );
      for (const id of ids) expect(counts.get(id)).toBe(1);
    });

    it('is idempotent by Idempotency-Key', async () => {
      const conversation = await customerWrites('whatsapp');
      const first = await send(conversation.id, { type: 'text', text: 'once' }, { 'idempotency-key': 'k-1' });
      const second = await send(
        conversation.id,
        { type: 'text', text: 'once' },
        { 'idempotency-key': 'k-1' },
      );
      expect(first.status).toBe(202);
      expect(second.status).toBe(200);
      expect(second.body.message.id).toBe(first.body.message.id);
      const invalid = await send(conversation.id, { type: 'sms', text: 'x' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error?.code).toBe('invalid_request');
      const missing = await send('no-such-conversation', { type: 'text', text: 'x' });
      expect(missing.status).toBe(404);
    });
  });
});
