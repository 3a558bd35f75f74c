import { describe, expect, it } from 'vitest';
import type { TeamConversationView } from '../sync/team-types';
import { createApiSendApi } from './api-send';

const credentials = {
  backendUrl: 'http://127.0.0.1:9',
  token: 'tok',
  agentId: 'a1',
  agentName: 'Ana',
  orgId: 'o1',
  orgName: 'Org',
  enrolledAt: 1,
};
const message = {
  id: 'm1',
  direction: 'out',
  type: 'template',
  text: '[template hello]',
  state: 'queued',
  errorCode: null,
  errorReason: null,
  createdAt: 5,
};

function setup(responses: (() => Response | Promise<Response>)[]) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const api = createApiSendApi({
    credentials: async () => credentials,
    conversation: () =>
      ({ conversation: { id: 'c1', channel: 'whatsapp' } }) as unknown as TeamConversationView,
    hostState: () => null,
    onlySidebar: () => {},
    sleep: async () => {},
    fetch: async (url, init) => {
      calls.push({ url, init });
      const next = responses.shift();
      if (!next) throw new Error('no more responses');
      return next();
    },
  });
  return { api, calls };
}
const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status });

describe('sendApiTemplate', () => {
  const input = {
    conversationId: 'c1',
    name: 'order_update',
    language: 'en_US',
    parameters: ['Ana', '#42'],
    idempotencyKey: 'click-0001-abcdef',
  };

  it('retries transient failures with the same Idempotency-Key and returns the stored message', async () => {
    const { api, calls } = setup([
      () => Promise.reject(new TypeError('network down')),
      json(503, { error: { code: 'unavailable', message: 'busy' } }),
      json(202, { message }),
    ]);
    const sent = await api.sendApiTemplate(input);
    expect(sent).toMatchObject({ id: 'm1', state: 'queued' });
    expect(calls).toHaveLength(3);
    const keys = calls.map(
      (c) => (c.init?.headers as Record<string, string> | undefined)?.['idempotency-key'],
    );
    expect(new Set(keys)).toEqual(new Set(['click-0001-abcdef']));
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/api/v1/conversations/c1/messages');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({
      type: 'template',
      template: { name: 'order_update', language: 'en_US', parameters: ['Ana', '#42'] },
    });
  });

  it('does not retry permanent errors and says why', async () => {
    const { api, calls } = setup([json(422, { error: { code: 'invalid', message: 'Bad template' } })]);
    await expect(api.sendApiTemplate(input)).rejects.toThrow('Bad template');
    expect(calls).toHaveLength(1);
  });

  it('rejects a missing key or bad parameters before calling the server', async () => {
    const { api, calls } = setup([]);
    await expect(api.sendApiTemplate({ ...input, idempotencyKey: '' })).rejects.toThrow(/key/);
    await expect(api.sendApiTemplate({ ...input, parameters: [1 as unknown as string] })).rejects.toThrow(
      /parameters/,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('getApiSend', () => {
  it('combines templates, window and outbound delivery states (oldest first, no read receipts)', async () => {
    const { api } = setup([
      json(200, {
        conversation: { connected: true, windowOpen: false, windowClosesAt: 10 },
        templates: [
          { name: 't', language: 'en_US', category: 'UTILITY', body: 'Hi {{1}}', parameterCount: 1 },
        ],
      }),
      json(200, {
        messages: [
          { ...message, id: 'm2', createdAt: 9, state: 'read' },
          { ...message, id: 'in', direction: 'in', state: 'received' },
          { ...message, id: 'r', type: 'read' },
          { ...message, id: 'm1', state: 'failed', errorCode: 131026, errorReason: 'undeliverable' },
        ],
      }),
    ]);
    const view = await api.getApiSend();
    expect(view).toMatchObject({
      conversationId: 'c1',
      connected: true,
      windowOpen: false,
      windowClosesAt: 10,
    });
    expect(view?.messages.map((m) => [m.id, m.state, m.errorCode])).toEqual([
      ['m1', 'failed', '131026'],
      ['m2', 'read', null],
    ]);
  });
});
