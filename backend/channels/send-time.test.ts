import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelMessagesTable } from '../storage/schema';
import { forEachDialect } from '../test-support/databases';
import { type ChannelsEnv, messagingText, postWebhook, startChannelsEnv, whatsappText } from './testing';

/**
 * What can change between queueing and sending: the window may close while a message waits, and
 * a receipt may overtake the send result. Workers stay off so each test decides when delivery runs.
 */
forEachDialect((_dialect, databases) => {
  describe('send time', () => {
    let env: ChannelsEnv;
    const PHONE = '210000000000001';
    const PAGE = '310000000000001';
    let n = 0;
    /** Set by a test: runs inside the stand-in before it answers a Messenger send. */
    let beforeMessengerResponse: (() => Promise<void>) | undefined;
    const channels = () => env.running.app.switchboard.channels;
    const db = () => env.running.app.switchboard.database.db;

    async function customerWrites(
      channel: 'whatsapp' | 'messenger',
    ): Promise<{ id: string; org_id: string; customer: string }> {
      n += 1;
      const customer =
        channel === 'whatsapp' ? `1888000${String(n).padStart(4, '0')}` : `psid-send-time-${n}`;
      const body =
        channel === 'whatsapp'
          ? whatsappText(PHONE, customer, 'hello')
          : messagingText('page', PAGE, customer, 'hello');
      expect((await postWebhook(env.running.baseUrl, channel, body)).status).toBe(200);
      await channels().inbox.settle();
      const ref = channel === 'whatsapp' ? `+${customer}` : customer;
      const conversation = await db()
        .selectFrom('conversations')
        .select(['id', 'org_id'])
        .where('customer_ref', '=', ref)
        .executeTakeFirstOrThrow();
      return { ...conversation, customer };
    }

    const queue = async (conversation: { id: string; org_id: string }, text: string) =>
      (
        await channels().send({
          orgId: conversation.org_id,
          conversationId: conversation.id,
          content: { type: 'text', text },
          sender: 'human',
          createdBy: null,
        })
      ).message.id;

    /** The customer's last message moves into the past, as if the message had waited that long. */
    const ageWindow = (conversationId: string, ms: number) =>
      db()
        .updateTable('conversations')
        .set({ last_customer_message_at: Date.now() - ms })
        .where('id', '=', conversationId)
        .execute();

    const row = (id: string): Promise<ChannelMessagesTable> =>
      db().selectFrom('channel_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    /** One delivery pass, stopped again so the next test's `send` cannot kick it before its set-up. */
    const deliver = async () => {
      channels().delivery.start();
      await channels().delivery.idle();
      await channels().delivery.stop();
    };

    beforeAll(async () => {
      env = await startChannelsEnv(
        await databases.create(),
        {
          statuses: false,
          beforeResponse: async ({ product }) => {
            if (product === 'messenger') await beforeMessengerResponse?.();
          },
        },
        { workers: false },
      );
      for (const [channel, externalId] of [
        ['whatsapp', PHONE],
        ['messenger', PAGE],
      ]) {
        expect((await env.admin.post('/api/v1/channel-accounts', { channel, externalId })).status).toBe(201);
      }
    });
    afterAll(() => env?.close());

    it('fails a WhatsApp text whose 24 h window closed while it was queued, suggesting a template, without sending it', async () => {
      const conversation = await customerWrites('whatsapp');
      const id = await queue(conversation, 'queued inside the window');
      await ageWindow(conversation.id, 25 * 3_600_000);
      const before = env.standin.received.length;
      await deliver();
      const failed = await row(id);
      expect(failed.state).toBe('failed');
      expect(failed.error_code).toBe('outside_window');
      expect(failed.error_reason).toMatch(/24 h.*template/);
      expect(env.standin.received.slice(before).some((r) => r.body.biz_opaque_callback_data === id)).toBe(
        false,
      );
    });

    it('moves an agent reply on Messenger to the HUMAN_AGENT tag when the 24 h window closed while queued', async () => {
      const conversation = await customerWrites('messenger');
      const id = await queue(conversation, 'tagged at send time');
      await ageWindow(conversation.id, 3 * 86_400_000);
      await deliver();
      expect((await row(id)).state).toBe('sent');
      const sent = env.standin.received.find(
        (r) => (r.body.message as { text?: string } | undefined)?.text === 'tagged at send time',
      );
      expect(sent?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    });

    it('applies a Messenger read receipt that arrives before the send result is stored', async () => {
      const conversation = await customerWrites('messenger');
      const id = await queue(conversation, 'read before the result');
      beforeMessengerResponse = async () => {
        beforeMessengerResponse = undefined;
        const now = Date.now();
        const read = {
          object: 'page',
          entry: [
            {
              id: PAGE,
              time: now,
              messaging: [
                {
                  sender: { id: conversation.customer },
                  recipient: { id: PAGE },
                  timestamp: now,
                  read: { watermark: now },
                },
              ],
            },
          ],
        };
        expect((await postWebhook(env.running.baseUrl, 'messenger', read)).status).toBe(200);
        await channels().inbox.settle();
        // The receipt is in before the result: the message is still being sent.
        expect((await row(id)).state).toBe('sending');
      };
      await deliver();
      expect(beforeMessengerResponse).toBeUndefined();
      const read = await row(id);
      expect(read.state).toBe('read');
      expect(read.read_at).not.toBeNull();
      expect(read.external_id).toMatch(/^m_/);
    });
  });
});
