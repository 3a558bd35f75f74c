import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelsEnv, postWebhook, startChannelsEnv, whatsappText } from '../channels/testing';
import type { Conversation } from '../protocol/v1';
import { TEST_ADMIN_TOKEN } from '../test-support/app';
import { apiClient, enrollAgent } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';
import { parameterCount } from './channel-templates';

describe('parameterCount', () => {
  it('is the highest {{n}} placeholder', () => {
    expect(parameterCount('Hi {{1}}, your order {{2}} ships {{ 3 }}.')).toBe(3);
    expect(parameterCount('No parameters')).toBe(0);
    expect(parameterCount('{{2}} then {{1}}')).toBe(2);
  });
});

forEachDialect((_dialect, databases) => {
  describe('GET/PUT /api/v1/channel-templates', () => {
    let env: ChannelsEnv;
    const PHONE = '200000000000777';
    let accountId: string;

    beforeAll(async () => {
      env = await startChannelsEnv(await databases.create());
      const created = await env.admin.post<{ account: { id: string } }>('/api/v1/channel-accounts', {
        channel: 'whatsapp',
        externalId: PHONE,
      });
      accountId = created.body.account.id;
    });
    afterAll(() => env?.close());

    it('leads store the approved list; agents read it per conversation with the window state', async () => {
      const anonymous = await apiClient(env.running.baseUrl).put('/api/v1/channel-templates', {});
      expect(anonymous.status).toBe(401);
      const stored = await env.admin.put<{ templates: { parameterCount: number }[] }>(
        '/api/v1/channel-templates',
        {
          accountId,
          templates: [
            { name: 'order_update', language: 'en_US', body: 'Hi {{1}}, order {{2}} is on its way.' },
            { name: 'reopen_chat', language: 'es', body: 'Hola, ¿seguimos?' },
          ],
        },
      );
      expect(stored.status).toBe(200);
      expect(stored.body.templates.map((t) => t.parameterCount)).toEqual([2, 0]);

      const agent = await enrollAgent(env.running.baseUrl, TEST_ADMIN_TOKEN, {
        name: 'Agent',
      });
      const client = apiClient(env.running.baseUrl, agent.token);
      const denied = await client.put('/api/v1/channel-templates', { accountId, templates: [] });
      expect(denied.status).toBe(403);

      const all = await client.get<{ templates: { name: string }[] }>('/api/v1/channel-templates');
      expect(all.body.templates.map((t) => t.name)).toEqual(['order_update', 'reopen_chat']);

      // A customer wrote 30 h ago: connected, window closed.
      const at = Date.now() - 30 * 3_600_000;
      expect(
        (await postWebhook(env.running.baseUrl, 'whatsapp', whatsappText(PHONE, '17770001234', 'hi', { at })))
          .status,
      ).toBe(200);
      await env.running.app.switchboard.channels.settle();
      const list = await env.admin.get<{ conversations: Conversation[] }>('/api/v1/conversations?limit=500');
      const conversation = list.body.conversations.find((c) => c.customerRef === '+17770001234');
      expect(conversation).toBeDefined();
      const view = await client.get<{
        conversation: { connected: boolean; accountId: string; windowOpen: boolean; windowClosesAt: number };
        templates: { name: string; body: string }[];
      }>(`/api/v1/channel-templates?conversationId=${conversation!.id}`);
      expect(view.status).toBe(200);
      expect(view.body.conversation).toMatchObject({ connected: true, accountId, windowOpen: false });
      expect(view.body.conversation.windowClosesAt).toBe(at - (at % 1000) + 24 * 3_600_000);
      expect(view.body.templates).toHaveLength(2);

      const missing = await client.get('/api/v1/channel-templates?conversationId=nope');
      expect(missing.status).toBe(404);
    });
  });
});
