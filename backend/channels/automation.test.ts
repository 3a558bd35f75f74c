import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelMessage, Conversation } from '../protocol/v1';
import { TEST_ADMIN_TOKEN } from '../test-support/app';
import { TestSocket } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';
import { asksForHuman, bestRule, normalise, orderNumber } from './automation/match';
import { type ChannelsEnv, postWebhook, startChannelsEnv, whatsappText } from './testing';

describe('matching', () => {
  it('normalises accents and punctuation, finds phrases per language, refuses ties', () => {
    expect(normalise('¿Dónde está mi pedido?')).toBe('donde esta mi pedido');
    const rules = [
      { id: 'refund', phrases: ['refund', 'reembolso', 'reembolsar'] },
      { id: 'order', phrases: ['order status', 'dónde está mi pedido', 'where is my order'] },
    ];
    expect(bestRule(rules, 'Quiero un REEMBOLSO')?.id).toBe('refund');
    expect(bestRule(rules, 'donde esta mi pedido #12345?')?.id).toBe('order');
    expect(bestRule(rules, 'hello there')).toBeNull();
    expect(bestRule([...rules, { id: 'other', phrases: ['refund'] }], 'refund please')).toBeNull();
    expect(asksForHuman('quiero hablar con un humano')).toBe(true);
    expect(asksForHuman('Falar com atendente')).toBe(true);
    expect(asksForHuman('my agent code is 5')).toBe(true);
    expect(asksForHuman('refund please')).toBe(false);
    expect(orderNumber('order #98765 please')).toBe('98765');
    expect(orderNumber('no number')).toBeNull();
  });
});

forEachDialect((_dialect, databases) => {
  describe('automatic answers', () => {
    let env: ChannelsEnv;
    let orders: http.Server;
    let ordersUrl: string;
    const PHONE = '500000000000001';
    let n = 0;

    async function say(waId: string, text: string): Promise<void> {
      expect(
        (await postWebhook(env.running.baseUrl, 'whatsapp', whatsappText(PHONE, waId, text))).status,
      ).toBe(200);
      await env.running.app.switchboard.channels.settle();
    }
    const conversationOf = async (waId: string) =>
      (
        await env.admin.get<{ conversations: Conversation[] }>('/api/v1/conversations?limit=500')
      ).body.conversations.find((c) => c.customerRef === `+${waId}`) as Conversation;
    const answersOf = async (conversationId: string) =>
      (
        await env.admin.get<{
          answers: {
            outcome: string;
            reason: string;
            ruleId: string | null;
            outboundMessageId: string | null;
          }[];
        }>(`/api/v1/automation/answers?conversationId=${conversationId}`)
      ).body.answers;
    const customer = () => {
      n += 1;
      return `1888000${String(n).padStart(4, '0')}`;
    };

    beforeAll(async () => {
      orders = http.createServer((request, response) => {
        const order = new URL(request.url ?? '/', 'http://x').searchParams.get('order');
        if (order === '11111') {
          setTimeout(() => response.end('{"status":"late"}'), 1_000);
          return;
        }
        if (order === '404040') {
          response.statusCode = 404;
          response.end('{}');
          return;
        }
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ status: 'shipped' }));
      });
      await new Promise<void>((resolve) => orders.listen(0, '127.0.0.1', resolve));
      ordersUrl = `http://127.0.0.1:${(orders.address() as AddressInfo).port}/orders`;
      env = await startChannelsEnv(await databases.create());
      expect(
        (await env.admin.post('/api/v1/channel-accounts', { channel: 'whatsapp', externalId: PHONE })).status,
      ).toBe(201);
      const refund = await env.admin.post('/api/v1/automation/rules', {
        name: 'Refunds',
        phrases: ['refund', 'reembolso', 'money back'],
        template: { name: 'refund_policy', language: 'en_US' },
      });
      expect(refund.status).toBe(201);
      const status = await env.admin.post('/api/v1/automation/rules', {
        name: 'Order status',
        phrases: ['order status', 'where is my order', 'dónde está mi pedido'],
        action: 'order_status',
        template: { name: 'order_status', language: 'es' },
        lookup: { url: ordersUrl, timeoutMs: 300 },
      });
      expect(status.status).toBe(201);
      const bad = await env.admin.post('/api/v1/automation/rules', {
        name: 'x',
        phrases: ['a'],
        action: 'order_status',
        template: { name: 't' },
      });
      expect(bad.status).toBe(400);
    });
    afterAll(async () => {
      await env?.close();
      await new Promise((resolve) => orders?.close(resolve));
    });

    it('answers a matching question with the rule template through the API, once per message', async () => {
      const waId = customer();
      await say(waId, 'Hola, quiero un reembolso');
      const conversation = await conversationOf(waId);
      const answers = await answersOf(conversation.id);
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({ outcome: 'answered' });
      const messages = await env.admin.get<{ messages: ChannelMessage[] }>(
        `/api/v1/conversations/${conversation.id}/messages`,
      );
      const auto = messages.body.messages.filter((m) => m.direction === 'out');
      expect(auto).toHaveLength(1);
      expect(auto[0]).toMatchObject({ automatic: true, type: 'template' });
      expect(auto[0]?.state).not.toBe('failed');
      const sent = env.standin.received.find((r) => r.body.biz_opaque_callback_data === auto[0]?.id);
      expect(sent?.body).toMatchObject({ type: 'template', template: { name: 'refund_policy' } });
    });

    it('looks up the order status from the organisation endpoint and answers with it', async () => {
      const waId = customer();
      await say(waId, '¿Dónde está mi pedido? Es el #98765');
      const conversation = await conversationOf(waId);
      expect((await answersOf(conversation.id))[0]).toMatchObject({
        outcome: 'answered',
        reason: 'order status looked up',
      });
      const sent = env.standin.received.find(
        (r) =>
          (r.body.template as { name?: string } | undefined)?.name === 'order_status' && r.body.to === waId,
      );
      expect(JSON.stringify(sent?.body)).toContain('98765');
      expect(JSON.stringify(sent?.body)).toContain('shipped');
    });

    it('hands off with a clear reason when the lookup times out or finds nothing', async () => {
      const slow = customer();
      await say(slow, 'order status for 11111');
      const slowAnswers = await answersOf((await conversationOf(slow)).id);
      expect(slowAnswers[0]?.outcome).toBe('handoff');
      expect(slowAnswers[0]?.reason).toMatch(/did not answer within 300 ms/);
      const missing = customer();
      await say(missing, 'where is my order 404040');
      expect((await answersOf((await conversationOf(missing)).id))[0]?.reason).toMatch(
        /404040 was not found/,
      );
    });

    it('hands off when asked for a human, when unsure, and after two unsuccessful answers; then stays quiet', async () => {
      const socket = await TestSocket.connect(env.running.wsUrl, TEST_ADMIN_TOKEN);
      try {
        const asks = customer();
        await say(asks, 'quiero hablar con un humano');
        const conversation = await conversationOf(asks);
        expect((await answersOf(conversation.id))[0]?.reason).toMatch(/^asked_for_human/);
        await socket.waitFor((m) => m.type === 'automation.handoff' && m.conversationId === conversation.id);
        await say(asks, 'refund please');
        expect(await answersOf(conversation.id)).toHaveLength(1);

        const unsure = customer();
        await say(unsure, 'good morning');
        expect((await answersOf((await conversationOf(unsure)).id))[0]?.reason).toMatch(
          /^no_confident_match/,
        );

        const looping = customer();
        await say(looping, 'refund');
        await say(looping, 'I said refund!');
        await say(looping, 'refund refund');
        const answers = await answersOf((await conversationOf(looping)).id);
        expect(answers.map((a) => a.outcome)).toEqual(['answered', 'answered', 'handoff']);
        expect(answers[2]?.reason).toMatch(/^unresolved/);
      } finally {
        await socket.close();
      }
    });

    it('reports deflection per rule', async () => {
      const metrics = await env.admin.get<{
        rules: { name: string; answers: number; handedOff: number; deflectionRate: number | null }[];
        total: { answers: number; handoffs: number };
        handoffReasons: Record<string, number>;
      }>('/api/v1/metrics/deflection');
      expect(metrics.status).toBe(200);
      const refunds = metrics.body.rules.find((r) => r.name === 'Refunds');
      // One refund conversation deflected, the looping one (2 answers) handed off.
      expect(refunds).toMatchObject({ answers: 3, handedOff: 2 });
      expect(refunds?.deflectionRate).toBeCloseTo(1 / 3);
      expect(metrics.body.rules.find((r) => r.name === 'Order status')).toMatchObject({
        answers: 1,
        handedOff: 0,
        deflectionRate: 1,
      });
      expect(metrics.body.handoffReasons).toMatchObject({
        asked_for_human: 1,
        no_confident_match: 1,
        unresolved: 1,
        lookup_failed: 2,
      });
    });
  });
});
