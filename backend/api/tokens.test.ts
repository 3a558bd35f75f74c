import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../protocol/v1';
import { WS_CLOSE } from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { apiClient, enrollAgent, TestSocket } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';
import { ENROLL_FAILURES_BURST } from './v1-routes';

async function newOrganisation(baseUrl: string) {
  const created = await apiClient(baseUrl, TEST_ADMIN_TOKEN).post<{ enrollmentCode: string }>(
    '/api/v1/organisations',
    { name: 'Tokens' },
  );
  const admin = await apiClient(baseUrl).post<{ token: string; agent: Agent }>('/api/v1/enroll', {
    code: created.body.enrollmentCode,
    name: 'Admin',
    email: `admin-${Math.random()}@x.test`,
  });
  return { token: admin.body.token, api: apiClient(baseUrl, admin.body.token) };
}

async function closed(socket: TestSocket): Promise<number | undefined> {
  if (socket.closeCode === undefined) await new Promise((resolve) => socket.ws.once('close', resolve));
  return socket.closeCode;
}

forEachDialect((_dialect, databases) => {
  describe('token revocation', () => {
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

    it('lets an admin revoke an agent’s tokens: REST refuses them and live sockets close', async () => {
      const org = await newOrganisation(one.baseUrl);
      const agent = await enrollAgent(one.baseUrl, org.token);
      const socket = await TestSocket.connect(one.wsUrl, agent.token);
      expect((await agent.api.get('/api/v1/me')).status).toBe(200);

      const revoked = await org.api.raw('DELETE', `/api/v1/agents/${agent.agent.id}/tokens`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ agentId: agent.agent.id, revoked: 1 });
      expect(await closed(socket)).toBe(WS_CLOSE.unauthorized);
      expect((await agent.api.get('/api/v1/me')).status).toBe(401);
      // Revoking again is harmless and says nothing was left.
      expect((await org.api.raw('DELETE', `/api/v1/agents/${agent.agent.id}/tokens`)).body).toMatchObject({
        revoked: 0,
      });
      // Enrolling again (a reinstalled extension) signs the same agent in with a fresh token.
      const again = await enrollAgent(one.baseUrl, org.token, { email: agent.agent.email ?? undefined });
      expect(again.agent.id).toBe(agent.agent.id);
      expect((await again.api.get('/api/v1/me')).status).toBe(200);
    });

    it('closes a revoked agent’s socket on another instance at its next heartbeat', async () => {
      const org = await newOrganisation(one.baseUrl);
      const agent = await enrollAgent(one.baseUrl, org.token);
      const elsewhere = await TestSocket.connect(two.wsUrl, agent.token);
      await org.api.raw('DELETE', `/api/v1/agents/${agent.agent.id}/tokens`);
      elsewhere.send({ type: 'ping', id: 'p1' });
      expect(await closed(elsewhere)).toBe(WS_CLOSE.unauthorized);
      expect(elsewhere.messages).toContainEqual(
        expect.objectContaining({ type: 'error', code: 'unauthorized' }),
      );
    });

    it('lets agents sign themselves out, but not others; other organisations see nothing', async () => {
      const org = await newOrganisation(one.baseUrl);
      const a = await enrollAgent(one.baseUrl, org.token);
      const b = await enrollAgent(one.baseUrl, org.token);
      const forbidden = await a.api.raw('DELETE', `/api/v1/agents/${b.agent.id}/tokens`);
      expect(forbidden.status).toBe(403);
      expect((await b.api.get('/api/v1/me')).status).toBe(200);

      const stranger = await newOrganisation(one.baseUrl);
      const hidden = await stranger.api.raw('DELETE', `/api/v1/agents/${b.agent.id}/tokens`);
      expect(hidden.status).toBe(404);
      expect((await b.api.get('/api/v1/me')).status).toBe(200);

      const self = await a.api.raw('DELETE', '/api/v1/agents/me/tokens');
      expect(self.status).toBe(200);
      expect(self.body).toEqual({ agentId: a.agent.id, revoked: 1 });
      expect((await a.api.get('/api/v1/me')).status).toBe(401);
    });
  });

  describe('enrollment rate limit', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp(testConfig(await databases.create()));
    });
    afterAll(() => running?.close());

    const enroll = (remoteAddress: string, code: string) =>
      running.app.inject({
        method: 'POST',
        url: '/api/v1/enroll',
        remoteAddress,
        payload: { code, name: 'Guess', email: `guess-${Math.random()}@x.test` },
      });

    it('answers 429 with Retry-After once an address has failed too often, and only that address', async () => {
      const org = await newOrganisation(running.baseUrl);
      const code = await org.api.post<{ code: string }>('/api/v1/enrollment-codes', { role: 'agent' });
      // Successes are never counted: a whole office behind one address can enroll.
      for (let i = 0; i < ENROLL_FAILURES_BURST + 2; i++) {
        expect((await enroll('198.51.100.1', code.body.code)).statusCode).toBe(201);
      }
      for (let i = 0; i < ENROLL_FAILURES_BURST; i++) {
        expect((await enroll('198.51.100.2', 'AAAA-BBBB-CCCC-DDDD')).statusCode).toBe(401);
      }
      const limited = await enroll('198.51.100.2', 'AAAA-BBBB-CCCC-DDDD');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
      // Even a valid code waits, so guessing cannot continue between real attempts.
      expect((await enroll('198.51.100.2', code.body.code)).statusCode).toBe(429);
      expect((await enroll('198.51.100.3', code.body.code)).statusCode).toBe(201);
    });
  });
});
