import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Conversation, EventBatchResult } from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { type ApiClient, apiClient, customerMessage, enrollAgent } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';
import { organisationsWithWork } from './presence';

/**
 * Everything that frees or adds capacity assigns the backlog in its own transaction. The sweep
 * timer is set to an hour here, so nothing in these tests can have been done by it.
 */
async function newOrganisation(baseUrl: string) {
  const created = await apiClient(baseUrl, TEST_ADMIN_TOKEN).post<{
    organisation: { id: string };
    enrollmentCode: string;
  }>('/api/v1/organisations', { name: 'Triggers' });
  const admin = await apiClient(baseUrl).post<{ token: string; agent: Agent }>('/api/v1/enroll', {
    code: created.body.enrollmentCode,
    name: 'Admin',
    email: `admin-${Math.random()}@x.test`,
  });
  const api = apiClient(baseUrl, admin.body.token);
  const agent = async (options: { online?: boolean; maxOpen?: number } = {}) => {
    const enrolled = await enrollAgent(baseUrl, admin.body.token);
    if (options.maxOpen !== undefined)
      await api.patch(`/api/v1/agents/${enrolled.agent.id}`, { maxOpen: options.maxOpen });
    if (options.online !== false) await enrolled.api.put('/api/v1/presence', { status: 'online' });
    return enrolled;
  };
  return { id: created.body.organisation.id, api, agent };
}

async function arrive(api: ApiClient, refs: string[]): Promise<string[]> {
  const response = await api.post<EventBatchResult>('/api/v1/events', {
    // Distinct moments, so "oldest first" decides the order without ties.
    events: refs.map((ref, i) => customerMessage(ref, { occurredAt: Date.now() - 1_000 + i })),
  });
  expect(response.status).toBe(200);
  return response.body.results.map((r) => r.conversationId);
}

async function backlog(api: ApiClient): Promise<string[]> {
  const response = await api.get<{ conversations: Conversation[] }>(
    '/api/v1/conversations?assignee=none&status=open',
  );
  return response.body.conversations.map((c) => c.id);
}

async function conversation(api: ApiClient, id: string): Promise<Conversation> {
  return (await api.get<{ conversation: Conversation }>(`/api/v1/conversations/${id}`)).body.conversation;
}

forEachDialect((_dialect, databases) => {
  describe('immediate assignment triggers', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp(
        testConfig(await databases.create(), { SWITCHBOARD_SWEEP_INTERVAL_MS: '3600000' }),
      );
    });
    afterAll(() => running?.close());

    it('assigns the backlog as soon as the organisation cap is raised', async () => {
      const org = await newOrganisation(running.baseUrl);
      await org.api.patch('/api/v1/organisation', { maxOpenPerAgent: 1 });
      const agent = await org.agent();
      const ids = await arrive(org.api, ['cap-1', 'cap-2', 'cap-3']);
      expect(await backlog(org.api)).toHaveLength(2);
      const raised = await org.api.patch('/api/v1/organisation', { maxOpenPerAgent: 3 });
      expect(raised.status).toBe(200);
      expect(await backlog(org.api)).toEqual([]);
      for (const id of ids) expect((await conversation(org.api, id)).assigneeId).toBe(agent.agent.id);
    });

    it('assigns the backlog as soon as an agent’s own cap is raised or reset to a larger default', async () => {
      const org = await newOrganisation(running.baseUrl);
      const agent = await org.agent({ maxOpen: 1 });
      await arrive(org.api, ['own-1', 'own-2', 'own-3']);
      expect(await backlog(org.api)).toHaveLength(2);
      await org.api.patch(`/api/v1/agents/${agent.agent.id}`, { maxOpen: 2 });
      expect(await backlog(org.api)).toHaveLength(1);
      // null = the organisation's cap (5 by default): a raise as well.
      await org.api.patch(`/api/v1/agents/${agent.agent.id}`, { maxOpen: null });
      expect(await backlog(org.api)).toEqual([]);
    });

    it('assigns the backlog as soon as an agent comes online, and when one resolves', async () => {
      const org = await newOrganisation(running.baseUrl);
      const agent = await org.agent({ maxOpen: 1, online: false });
      const [first, second] = await arrive(org.api, ['on-1', 'on-2']);
      expect(await backlog(org.api)).toHaveLength(2);
      await agent.api.put('/api/v1/presence', { status: 'online' });
      expect((await conversation(org.api, first as string)).assigneeId).toBe(agent.agent.id);
      expect(await backlog(org.api)).toEqual([second]);
      const resolved = await agent.api.post(`/api/v1/conversations/${first}/resolve`);
      expect(resolved.status).toBe(200);
      expect((await conversation(org.api, second as string)).assigneeId).toBe(agent.agent.id);
    });

    it('snoozes: the place is freed at once, the customer writing again wakes it, rules are checked', async () => {
      const org = await newOrganisation(running.baseUrl);
      const owner = await org.agent({ maxOpen: 1 });
      const [first, second] = await arrive(org.api, ['sn-1', 'sn-2']);
      expect((await conversation(org.api, first as string)).assigneeId).toBe(owner.agent.id);

      const other = await org.agent({ online: false });
      const notYours = await other.api.post(`/api/v1/conversations/${first}/snooze`, {
        until: Date.now() + 60_000,
      });
      expect(notYours.status).toBe(403);
      const past = await owner.api.post(`/api/v1/conversations/${first}/snooze`, { until: Date.now() - 1 });
      expect(past.status).toBe(400);
      const farAway = await owner.api.post(`/api/v1/conversations/${first}/snooze`, {
        until: Date.now() + 2 * 366 * 86_400_000,
      });
      expect(farAway.status).toBe(400);
      const missing = await owner.api.post(`/api/v1/conversations/${first}/snooze`, {});
      expect(missing.status).toBe(400);

      const until = Date.now() + 3_600_000;
      const snoozed = await owner.api.post<{ conversation: Conversation }>(
        `/api/v1/conversations/${first}/snooze`,
        { until },
      );
      expect(snoozed.status).toBe(200);
      expect(snoozed.body.conversation).toMatchObject({ status: 'snoozed', snoozedUntil: until });
      // The owner's place went to the one waiting, in the same request.
      expect((await conversation(org.api, second as string)).assigneeId).toBe(owner.agent.id);

      await arrive(org.api, ['sn-1']);
      const woken = await conversation(org.api, first as string);
      expect(woken).toMatchObject({ status: 'open', snoozedUntil: null, assigneeId: null });
      expect(woken.queuedAt).not.toBeNull();

      const resolvedId = (await arrive(org.api, ['sn-3']))[0] as string;
      await org.api.post(`/api/v1/conversations/${resolvedId}/resolve`);
      const resolved = await org.api.post(`/api/v1/conversations/${resolvedId}/snooze`, {
        until: Date.now() + 60_000,
      });
      expect(resolved.status).toBe(409);
    });

    it('wakes a due snooze in the next sweep, into its owner’s hands when there is room', async () => {
      const org = await newOrganisation(running.baseUrl);
      const owner = await org.agent({ maxOpen: 2 });
      const [id] = await arrive(org.api, ['due-1']);
      await owner.api.post(`/api/v1/conversations/${id}/snooze`, { until: Date.now() + 100 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const db = running.app.switchboard.database.db;
      expect(await organisationsWithWork(db, Date.now(), 60_000)).toContain(org.id);
      await running.app.switchboard.sweep();
      expect(await conversation(org.api, id as string)).toMatchObject({
        status: 'open',
        assigneeId: owner.agent.id,
      });
    });

    it('sweeps only organisations with something to do', async () => {
      const idle = await newOrganisation(running.baseUrl);
      await idle.agent();
      await arrive(idle.api, ['idle-1']);
      const stuck = await newOrganisation(running.baseUrl);
      await arrive(stuck.api, ['nobody-online']);
      const db = running.app.switchboard.database.db;
      const now = Date.now();
      let busy = await organisationsWithWork(db, now, 60_000);
      // Everyone assigned and fresh heartbeats: nothing to do. A backlog with nobody online: nothing either.
      expect(busy).not.toContain(idle.id);
      expect(busy).not.toContain(stuck.id);
      // The same agents two minutes later have missed their heartbeats.
      busy = await organisationsWithWork(db, now + 120_000, 60_000);
      expect(busy).toContain(idle.id);
    });
  });
});
