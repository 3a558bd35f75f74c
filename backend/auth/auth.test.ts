import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Conversation, ServerMessage } from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { apiClient, customerMessage, enrollAgent, TestSocket } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';

forEachDialect((_dialect, databases) => {
  describe('auth and organisation scoping', () => {
    let running: RunningApp;
    const operator = () => apiClient(running.baseUrl, TEST_ADMIN_TOKEN);
    beforeAll(async () => {
      running = await startApp(testConfig(await databases.create()));
    });
    afterAll(() => running?.close());

    it('rejects calls without a valid bearer token', async () => {
      expect((await apiClient(running.baseUrl).get('/api/v1/conversations')).status).toBe(401);
      const wrong = await apiClient(running.baseUrl, 'sbt_not-a-real-token').get('/api/v1/me');
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it('bootstraps the default organisation from SWITCHBOARD_ADMIN_TOKEN, idempotently', async () => {
      const me = await operator().get<{ agent: Agent; organisation: { id: string } }>('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.agent.role).toBe('admin');
      expect(me.body.organisation.id).toBe('default');
      await running.app.switchboard.accounts.bootstrap(TEST_ADMIN_TOKEN);
      const agents = await operator().get<{ agents: Agent[] }>('/api/v1/agents');
      expect(agents.body.agents.filter((a) => a.role === 'admin')).toHaveLength(1);
    });

    it('enrolls with a code once per allowed use, and re-enrolls the same email as the same agent', async () => {
      const code = await operator().post<{ code: string }>('/api/v1/enrollment-codes', { maxUses: 2 });
      expect(code.status).toBe(201);
      const anonymous = apiClient(running.baseUrl);
      const first = await anonymous.post<{ token: string; agent: Agent }>('/api/v1/enroll', {
        code: code.body.code.toLowerCase(),
        name: 'Dana',
        email: 'Dana@Example.test',
      });
      expect(first.status).toBe(201);
      expect(first.body.agent).toMatchObject({ name: 'Dana', email: 'dana@example.test', role: 'agent' });
      expect(first.body.token).toMatch(/^sbt_/);
      const again = await anonymous.post<{ token: string; agent: Agent }>('/api/v1/enroll', {
        code: code.body.code,
        name: 'Dana',
        email: 'dana@example.test',
      });
      expect(again.status).toBe(201);
      expect(again.body.agent.id).toBe(first.body.agent.id);
      expect(again.body.token).not.toBe(first.body.token);
      const usedUp = await anonymous.post('/api/v1/enroll', {
        code: code.body.code,
        name: 'Eve',
        email: 'e@x.test',
      });
      expect(usedUp.status).toBe(401);
      expect(usedUp.body).toMatchObject({ error: { code: 'invalid_code' } });
      const bogus = await anonymous.post('/api/v1/enroll', {
        code: 'AAAA-BBBB-CCCC-DDDD',
        name: 'E',
        email: 'e@x.test',
      });
      expect(bogus.status).toBe(401);
    });

    it('enforces roles: agents cannot invite, leads cannot mint admin codes', async () => {
      const agent = await enrollAgent(running.baseUrl, TEST_ADMIN_TOKEN);
      expect((await agent.api.post('/api/v1/enrollment-codes', {})).status).toBe(403);
      expect((await agent.api.patch(`/api/v1/agents/${agent.agent.id}`, { maxOpen: 50 })).status).toBe(403);
      const lead = await enrollAgent(running.baseUrl, TEST_ADMIN_TOKEN, { role: 'lead' });
      expect((await lead.api.post('/api/v1/enrollment-codes', { role: 'agent' })).status).toBe(201);
      expect((await lead.api.post('/api/v1/enrollment-codes', { role: 'admin' })).status).toBe(403);
      expect((await lead.api.post('/api/v1/organisations', { name: 'Nope' })).status).toBe(403);
      expect((await lead.api.patch('/api/v1/organisation', { maxOpenPerAgent: 9 })).status).toBe(403);
    });

    it('an agent of organisation A can neither read nor change anything of organisation B', async () => {
      const created = await operator().post<{ organisation: { id: string }; enrollmentCode: string }>(
        '/api/v1/organisations',
        { name: 'Org B' },
      );
      expect(created.status).toBe(201);
      const adminB = await apiClient(running.baseUrl).post<{ token: string; agent: Agent }>(
        '/api/v1/enroll',
        {
          code: created.body.enrollmentCode,
          name: 'Admin B',
          email: 'admin@b.test',
        },
      );
      expect(adminB.status).toBe(201);
      expect(adminB.body.agent.role).toBe('admin');
      const agentB = await enrollAgent(running.baseUrl, adminB.body.token);
      const agentA = await enrollAgent(running.baseUrl, TEST_ADMIN_TOKEN);
      const leadA = await enrollAgent(running.baseUrl, TEST_ADMIN_TOKEN, { role: 'lead' });

      // B has a conversation owned by an online agent of B.
      await agentB.api.put('/api/v1/presence', { status: 'online' });
      const ingested = await agentB.api.post<{ results: { conversationId: string }[] }>('/api/v1/events', {
        events: [customerMessage('+15550000001')],
      });
      const conversationB = ingested.body.results[0]?.conversationId as string;
      const before = await agentB.api.get<{ conversation: Conversation }>(
        `/api/v1/conversations/${conversationB}`,
      );
      expect(before.body.conversation.assigneeId).toBe(agentB.agent.id);

      const socketA = await TestSocket.connect(running.wsUrl, leadA.token);
      const attempts = [
        agentA.api.get(`/api/v1/conversations/${conversationB}`),
        leadA.api.post(`/api/v1/conversations/${conversationB}/take`),
        leadA.api.post(`/api/v1/conversations/${conversationB}/transfer`, { agentId: leadA.agent.id }),
        leadA.api.post(`/api/v1/conversations/${conversationB}/resolve`),
        leadA.api.post(`/api/v1/conversations/${conversationB}/reopen`),
        leadA.api.patch(`/api/v1/conversations/${conversationB}`, { priority: 'urgent' }),
        leadA.api.patch(`/api/v1/agents/${agentB.agent.id}`, { maxOpen: 1 }),
      ];
      for (const attempt of await Promise.all(attempts)) {
        expect(attempt.status).toBe(404);
      }
      // Transferring an A conversation to a B agent is refused too.
      await leadA.api.put('/api/v1/presence', { status: 'online' });
      const ownA = await leadA.api.post<{ results: { conversationId: string }[] }>('/api/v1/events', {
        events: [customerMessage('+15550000002')],
      });
      const conversationA = ownA.body.results[0]?.conversationId as string;
      const crossTransfer = await leadA.api.post(`/api/v1/conversations/${conversationA}/transfer`, {
        agentId: agentB.agent.id,
      });
      expect(crossTransfer.status).toBe(404);

      for (const command of ['take', 'resolve', 'reopen']) {
        const reply = await socketA.request({ type: command, conversationId: conversationB });
        expect(reply).toMatchObject({ type: 'error', code: 'not_found' });
      }
      const replying = await socketA.request({
        type: 'replying',
        conversationId: conversationB,
        active: true,
      });
      expect(replying).toMatchObject({ type: 'error', code: 'not_found' });

      // Listings are scoped, and the same customer ref in A is a different conversation.
      const listA = await leadA.api.get<{ conversations: Conversation[] }>('/api/v1/conversations');
      expect(listA.body.conversations.map((c) => c.id)).not.toContain(conversationB);
      const agentsA = await leadA.api.get<{ agents: Agent[] }>('/api/v1/agents');
      expect(agentsA.body.agents.map((a) => a.id)).not.toContain(agentB.agent.id);
      const sameRef = await leadA.api.post<{ results: { conversationId: string }[] }>('/api/v1/events', {
        events: [customerMessage('+15550000001')],
      });
      expect(sameRef.body.results[0]?.conversationId).not.toBe(conversationB);

      // Nothing of B changed, and no push about B reached A's socket.
      const after = await agentB.api.get<{ conversation: Conversation }>(
        `/api/v1/conversations/${conversationB}`,
      );
      expect(after.body.conversation).toEqual(before.body.conversation);
      const leaked = socketA.messages.filter(
        (m: ServerMessage) =>
          JSON.stringify(m).includes(conversationB) || JSON.stringify(m).includes(agentB.agent.id),
      );
      expect(leaked.filter((m) => m.type !== 'error')).toEqual([]);
      await socketA.close();
    });
  });
});
