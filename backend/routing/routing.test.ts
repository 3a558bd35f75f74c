import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Conversation, EventBatchResult } from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { type ApiClient, apiClient, customerMessage, enrollAgent } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';

/** Each test gets its own organisation, so agents and backlogs never leak between tests. */
async function newOrganisation(baseUrl: string) {
  const operator = apiClient(baseUrl, TEST_ADMIN_TOKEN);
  const created = await operator.post<{ enrollmentCode: string }>('/api/v1/organisations', {
    name: 'Routing test',
  });
  const admin = await apiClient(baseUrl).post<{ token: string; agent: Agent }>('/api/v1/enroll', {
    code: created.body.enrollmentCode,
    name: 'Admin',
    email: `admin-${Math.random()}@x.test`,
  });
  const adminToken = admin.body.token;
  const api = apiClient(baseUrl, adminToken);
  const agent = async (
    options: { online?: boolean; maxOpen?: number; skills?: string[]; languages?: string[] } = {},
  ) => {
    const enrolled = await enrollAgent(baseUrl, adminToken);
    const patch: Record<string, unknown> = {};
    if (options.maxOpen !== undefined) patch.maxOpen = options.maxOpen;
    if (options.skills) patch.skills = options.skills;
    if (options.languages) patch.languages = options.languages;
    if (Object.keys(patch).length > 0) await api.patch(`/api/v1/agents/${enrolled.agent.id}`, patch);
    if (options.online !== false) await enrolled.api.put('/api/v1/presence', { status: 'online' });
    return enrolled;
  };
  return { api, agent, adminId: admin.body.agent.id };
}

async function ingest(api: ApiClient, events: ReturnType<typeof customerMessage>[]) {
  const response = await api.post<EventBatchResult>('/api/v1/events', { events });
  expect(response.status).toBe(200);
  return response.body;
}

async function conversation(api: ApiClient, id: string): Promise<Conversation> {
  const response = await api.get<{ conversation: Conversation }>(`/api/v1/conversations/${id}`);
  expect(response.status).toBe(200);
  return response.body.conversation;
}

async function loads(api: ApiClient): Promise<Map<string, number>> {
  const response = await api.get<{ agents: Agent[] }>('/api/v1/agents');
  return new Map(response.body.agents.map((a) => [a.id, a.load]));
}

forEachDialect((_dialect, databases) => {
  describe('conversations and routing', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp(testConfig(await databases.create()));
    });
    afterAll(() => running?.close());

    it('stores each event once by idempotency key and tracks conversation timestamps', async () => {
      const org = await newOrganisation(running.baseUrl);
      const first = customerMessage('cust-1', { occurredAt: 1_000 });
      const result = await ingest(org.api, [first, first, customerMessage('cust-1', { occurredAt: 2_000 })]);
      expect(result).toMatchObject({ accepted: 2, duplicates: 1 });
      const again = await ingest(org.api, [first]);
      expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
      const id = result.results[0]?.conversationId as string;
      expect(again.results[0]?.conversationId).toBe(id);
      await ingest(org.api, [customerMessage('cust-1', { kind: 'message.out', occurredAt: 3_000 })]);
      expect(await conversation(org.api, id)).toMatchObject({
        status: 'open',
        channel: 'whatsapp',
        customerRef: 'cust-1',
        firstCustomerMessageAt: 1_000,
        lastCustomerMessageAt: 2_000,
        firstAgentReplyAt: 3_000,
      });
    });

    it('treats a WhatsApp chat JID and the same number from the Business API as one customer', async () => {
      const org = await newOrganisation(running.baseUrl);
      const captured = await ingest(org.api, [customerMessage('15551234567@c.us', { occurredAt: 1_000 })]);
      const fromApi = await ingest(org.api, [customerMessage('+15551234567', { occurredAt: 2_000 })]);
      const lid = await ingest(org.api, [customerMessage('179950657237125@lid', { occurredAt: 3_000 })]);
      const id = captured.results[0]?.conversationId as string;
      expect(fromApi.results[0]?.conversationId).toBe(id);
      expect(lid.results[0]?.conversationId).not.toBe(id);
      expect(await conversation(org.api, id)).toMatchObject({ customerRef: '+15551234567' });
    });

    it('assigns new conversations to online agents, least loaded first, never beyond the cap', async () => {
      const org = await newOrganisation(running.baseUrl);
      const a = await org.agent({ maxOpen: 2 });
      const b = await org.agent({ maxOpen: 2 });
      await org.agent({ online: false });
      const result = await ingest(
        org.api,
        ['c1', 'c2', 'c3', 'c4', 'c5'].map((ref) => customerMessage(ref)),
      );
      const conversations = await Promise.all(
        result.results.map((r) => conversation(org.api, r.conversationId)),
      );
      const assignees = conversations.map((c) => c.assigneeId);
      expect(assignees.filter((x) => x === a.agent.id)).toHaveLength(2);
      expect(assignees.filter((x) => x === b.agent.id)).toHaveLength(2);
      const waiting = conversations.filter((c) => c.assigneeId === null);
      expect(waiting).toHaveLength(1);
      expect(waiting[0]?.queuedAt).not.toBeNull();

      // Resolving frees a place: the backlog is assigned at once.
      const ofA = conversations.find((c) => c.assigneeId === a.agent.id) as Conversation;
      const resolved = await a.api.post<{ conversation: Conversation }>(
        `/api/v1/conversations/${ofA.id}/resolve`,
      );
      expect(resolved.body.conversation).toMatchObject({ status: 'resolved', assigneeId: a.agent.id });
      expect((await conversation(org.api, waiting[0]?.id as string)).assigneeId).toBe(a.agent.id);
      const after = await loads(org.api);
      expect([after.get(a.agent.id), after.get(b.agent.id)]).toEqual([2, 2]);
    });

    it('assigns the backlog most urgent first, then oldest, when an agent comes online', async () => {
      const org = await newOrganisation(running.baseUrl);
      const result = await ingest(org.api, [
        customerMessage('old', { occurredAt: Date.now() - 3_000 }),
        customerMessage('urgent', { priority: 'urgent', occurredAt: Date.now() - 1_000 }),
        customerMessage('newer', { occurredAt: Date.now() - 2_000 }),
      ]);
      const [old, urgent] = result.results.map((r) => r.conversationId);
      const agent = await org.agent({ maxOpen: 1 });
      expect((await conversation(org.api, urgent as string)).assigneeId).toBe(agent.agent.id);
      const second = await org.agent({ maxOpen: 1 });
      expect((await conversation(org.api, old as string)).assigneeId).toBe(second.agent.id);
    });

    it('requires skills and prefers language when a conversation asks for them', async () => {
      const org = await newOrganisation(running.baseUrl);
      const general = await org.agent();
      const thai = await org.agent({ languages: ['th'] });
      const billing = await org.agent({ skills: ['billing'] });
      const result = await ingest(org.api, [
        customerMessage('th-customer', { language: 'th' }),
        customerMessage('billing-customer', { skill: 'billing' }),
        customerMessage('refund-customer', { skill: 'refunds' }),
      ]);
      const [th, bill, refund] = await Promise.all(
        result.results.map((r) => conversation(org.api, r.conversationId)),
      );
      expect(th?.assigneeId).toBe(thai.agent.id);
      expect(bill?.assigneeId).toBe(billing.agent.id);
      expect(refund?.assigneeId).toBeNull();
      expect(general.agent.id).toBeTruthy();
    });

    it('redistributes an offline agent’s conversations after the grace period', async () => {
      const org = await newOrganisation(running.baseUrl);
      await org.api.patch('/api/v1/organisation', { offlineGraceSeconds: 0 });
      const leaving = await org.agent();
      const result = await ingest(org.api, [customerMessage('x1'), customerMessage('x2')]);
      const ids = result.results.map((r) => r.conversationId);
      const staying = await org.agent();
      await leaving.api.put('/api/v1/presence', { status: 'offline' });
      await running.app.switchboard.sweep();
      for (const id of ids) expect((await conversation(org.api, id)).assigneeId).toBe(staying.agent.id);
    });

    it('keeps an offline agent’s conversations during the grace period, and away agents get nothing new', async () => {
      const org = await newOrganisation(running.baseUrl);
      const agent = await org.agent();
      const [owned] = (await ingest(org.api, [customerMessage('y1')])).results.map((r) => r.conversationId);
      await agent.api.put('/api/v1/presence', { status: 'away' });
      const [queued] = (await ingest(org.api, [customerMessage('y2')])).results.map((r) => r.conversationId);
      expect((await conversation(org.api, queued as string)).assigneeId).toBeNull();
      await agent.api.put('/api/v1/presence', { status: 'offline' });
      await org.agent();
      await running.app.switchboard.sweep();
      expect((await conversation(org.api, owned as string)).assigneeId).toBe(agent.agent.id);
    });

    it('supports take, transfer and reopen, refusing transfers beyond the cap', async () => {
      const org = await newOrganisation(running.baseUrl);
      const [waiting] = (await ingest(org.api, [customerMessage('t1')])).results.map((r) => r.conversationId);
      const a = await org.agent({ online: false, maxOpen: 1 });
      await a.api.put('/api/v1/presence', { status: 'away' });
      const taken = await a.api.post<{ conversation: Conversation }>(`/api/v1/conversations/${waiting}/take`);
      expect(taken.status).toBe(200);
      expect(taken.body.conversation.assigneeId).toBe(a.agent.id);

      const b = await org.agent({ maxOpen: 1 });
      const [other] = (await ingest(org.api, [customerMessage('t2')])).results.map((r) => r.conversationId);
      expect((await conversation(org.api, other as string)).assigneeId).toBe(b.agent.id);
      // b is full: neither a transfer to b nor b taking more is allowed.
      const refused = await a.api.post(`/api/v1/conversations/${waiting}/transfer`, { agentId: b.agent.id });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'at_capacity' } });
      const stolen = await b.api.post(`/api/v1/conversations/${waiting}/take`);
      expect(stolen.status).toBe(409);

      await b.api.post(`/api/v1/conversations/${other}/resolve`);
      const moved = await a.api.post<{ conversation: Conversation }>(
        `/api/v1/conversations/${waiting}/transfer`,
        {
          agentId: b.agent.id,
        },
      );
      expect(moved.body.conversation.assigneeId).toBe(b.agent.id);

      // A customer writing to a resolved conversation reopens it; it goes back to the last owner.
      await ingest(org.api, [customerMessage('t2')]);
      expect((await conversation(org.api, other as string)).status).toBe('open');
      await b.api.post(`/api/v1/conversations/${waiting}/resolve`);
      const reopened = await conversation(org.api, other as string);
      expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, assigneeId: b.agent.id });
      const manual = await b.api.post<{ conversation: Conversation }>(
        `/api/v1/conversations/${waiting}/reopen`,
      );
      expect(manual.body.conversation).toMatchObject({ status: 'open', reopenCount: 1 });
    });

    it('rejects invalid conversation queries with a 400', async () => {
      const org = await newOrganisation(running.baseUrl);
      const response = await org.api.get('/api/v1/conversations?status=closed&limit=0');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
    });
  });
});
