import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, EventBatchResult } from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { apiClient, customerMessage, enrollAgent } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';

const AGENTS = 8;
const CAP = 3;
const ARRIVALS = 240;

/** Reads the invariants straight from the database every instance shares. */
async function invariants(running: RunningApp, orgId: string) {
  const db = running.app.switchboard.database.db;
  const rows = await db
    .selectFrom('conversations')
    .select(['id', 'assignee_id', 'queued_at', 'status'])
    .where('org_id', '=', orgId)
    .execute();
  const perAgent = new Map<string, number>();
  for (const row of rows) {
    if (row.assignee_id && (row.status === 'open' || row.status === 'pending')) {
      perAgent.set(row.assignee_id, (perAgent.get(row.assignee_id) ?? 0) + 1);
    }
  }
  const inconsistent = rows.filter(
    (r) =>
      (r.status === 'open' || r.status === 'pending') && (r.assignee_id === null) === (r.queued_at === null),
  );
  return { rows, perAgent, inconsistent };
}

forEachDialect((_dialect, databases) => {
  describe('atomic assignment under concurrency', () => {
    let one: RunningApp;
    let two: RunningApp;
    beforeAll(async () => {
      const url = await databases.create();
      one = await startApp(testConfig(url));
      two = await startApp(testConfig(url));
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
    });

    async function organisationWithAgents() {
      const operator = apiClient(one.baseUrl, TEST_ADMIN_TOKEN);
      const created = await operator.post<{ organisation: { id: string }; enrollmentCode: string }>(
        '/api/v1/organisations',
        { name: 'Busy shop' },
      );
      const admin = await apiClient(one.baseUrl).post<{ token: string }>('/api/v1/enroll', {
        code: created.body.enrollmentCode,
        name: 'Admin',
        email: `admin-${Math.random()}@x.test`,
      });
      await apiClient(one.baseUrl, admin.body.token).patch('/api/v1/organisation', { maxOpenPerAgent: CAP });
      const agents: Awaited<ReturnType<typeof enrollAgent>>[] = [];
      for (let i = 0; i < AGENTS; i++) agents.push(await enrollAgent(one.baseUrl, admin.body.token));
      return { orgId: created.body.organisation.id, adminToken: admin.body.token, agents };
    }

    it(`holds the cap with ${ARRIVALS} simultaneous arrivals on one instance`, async () => {
      const { orgId, adminToken, agents } = await organisationWithAgents();
      await Promise.all(agents.map((a) => a.api.put('/api/v1/presence', { status: 'online' })));
      const api = apiClient(one.baseUrl, adminToken);
      const responses = await Promise.all(
        Array.from({ length: ARRIVALS }, (_, i) =>
          api.post<EventBatchResult>('/api/v1/events', { events: [customerMessage(`solo-${i}`)] }),
        ),
      );
      expect(responses.every((r) => r.status === 200 && r.body.accepted === 1)).toBe(true);
      const { rows, perAgent, inconsistent } = await invariants(one, orgId);
      expect(rows).toHaveLength(ARRIVALS);
      expect(inconsistent).toEqual([]);
      expect([...perAgent.values()]).toEqual(Array(AGENTS).fill(CAP));
    });

    it('accepts an event sent by many simultaneous requests (and instances) exactly once', async () => {
      const { orgId, adminToken } = await organisationWithAgents();
      const event = customerMessage('retried');
      const apis = [one, two].map((i) => apiClient(i.baseUrl, adminToken));
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (apis[i % 2] as ReturnType<typeof apiClient>).post<EventBatchResult>('/api/v1/events', {
            events: [event, customerMessage(`other-${i}`)],
          }),
        ),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(responses.filter((r) => r.body.results[0]?.status === 'accepted')).toHaveLength(1);
      expect(new Set(responses.map((r) => r.body.results[0]?.conversationId)).size).toBe(1);
      const { rows } = await invariants(one, orgId);
      expect(rows).toHaveLength(41);
    });

    it('holds the cap with two instances sharing one database, arrivals and presence racing', async () => {
      const { orgId, adminToken, agents } = await organisationWithAgents();
      const instances = [one, two];
      const apis = instances.map((i) => apiClient(i.baseUrl, adminToken));
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < ARRIVALS; i++) {
        work.push(
          (apis[i % 2] as ReturnType<typeof apiClient>).post('/api/v1/events', {
            events: [customerMessage(`pair-${i}`), customerMessage(`pair-${i}`)],
          }),
        );
        // Agents come online halfway through the burst, each through the other instance.
        if (i === ARRIVALS / 2) {
          agents.forEach((agent, n) => {
            const api = apiClient((instances[n % 2] as RunningApp).baseUrl, agent.token);
            work.push(api.put('/api/v1/presence', { status: 'online' }));
          });
        }
      }
      // Agents also grab conversations by hand while the automatic assignment runs.
      const listed = await apis[0]?.get<{ conversations: { id: string }[] }>(
        '/api/v1/conversations?assignee=none',
      );
      for (const [n, agent] of agents.entries()) {
        const api = apiClient((instances[(n + 1) % 2] as RunningApp).baseUrl, agent.token);
        for (const conversation of listed?.body.conversations.slice(0, 6) ?? []) {
          work.push(api.post(`/api/v1/conversations/${conversation.id}/take`));
        }
      }
      await Promise.all(work);
      await one.app.switchboard.sweep();
      const { rows, perAgent, inconsistent } = await invariants(two, orgId);
      expect(rows).toHaveLength(ARRIVALS);
      expect(inconsistent).toEqual([]);
      expect(Math.max(...perAgent.values())).toBeLessThanOrEqual(CAP);
      expect([...perAgent.values()]).toEqual(Array(AGENTS).fill(CAP));
      const agentsView = await apis[1]?.get<{ agents: Agent[] }>('/api/v1/agents');
      for (const agent of agentsView?.body.agents ?? [])
        expect(agent.load).toBeLessThanOrEqual(agent.maxOpen);
    });
  });
});
