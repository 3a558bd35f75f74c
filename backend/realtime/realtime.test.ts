import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Agent, ServerMessage } from '../protocol/v1';
import {
  MAX_CLIENT_MESSAGE_BYTES,
  MAX_EVENTS_PER_BATCH,
  PROTOCOL_VERSION,
  serverMessageSchema,
  WS_CLOSE,
} from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { apiClient, customerMessage, enrollAgent, TestSocket } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';

async function newOrganisation(baseUrl: string) {
  const created = await apiClient(baseUrl, TEST_ADMIN_TOKEN).post<{ enrollmentCode: string }>(
    '/api/v1/organisations',
    {
      name: 'Realtime test',
    },
  );
  const admin = await apiClient(baseUrl).post<{ token: string; agent: Agent }>('/api/v1/enroll', {
    code: created.body.enrollmentCode,
    name: 'Admin',
    email: `admin-${Math.random()}@x.test`,
  });
  return { adminToken: admin.body.token, api: apiClient(baseUrl, admin.body.token) };
}

function refused(url: string, protocols?: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('open', () => reject(new Error('connection was accepted')));
    ws.on('error', () => {});
  });
}

forEachDialect((dialect, databases) => {
  describe('WebSocket protocol switchboard.v1', () => {
    let running: RunningApp;
    const sockets: TestSocket[] = [];
    const connect = async (...args: Parameters<typeof TestSocket.connect>) => {
      const socket = await TestSocket.connect(...args);
      sockets.push(socket);
      return socket;
    };
    beforeAll(async () => {
      running = await startApp(testConfig(await databases.create()));
    });
    afterAll(async () => {
      await Promise.all(sockets.map((s) => s.close()));
      await running?.close();
    });

    it('authenticates by subprotocol, query or hello, and refuses bad tokens and protocols', async () => {
      const org = await newOrganisation(running.baseUrl);
      for (const how of ['subprotocol', 'query', 'hello'] as const) {
        const socket = await connect(running.wsUrl, org.adminToken, how);
        const welcome = socket.messages[0];
        expect(welcome?.type).toBe('welcome');
        expect(serverMessageSchema.parse(welcome)).toMatchObject({
          protocol: PROTOCOL_VERSION,
          heartbeatIntervalMs: 25_000,
          maxEventsPerBatch: MAX_EVENTS_PER_BATCH,
        });
        expect(socket.ws.protocol).toBe(PROTOCOL_VERSION);
      }
      expect(await refused(`${running.wsUrl}?token=nope`)).toBe(401);
      expect(await refused(running.wsUrl, ['switchboard.v0'])).toBe(400);
      expect(await refused(running.wsUrl.replace('/api/v1/ws', '/elsewhere'))).toBe(404);

      const unauthenticated = await connect(running.wsUrl, undefined);
      unauthenticated.send({ type: 'ping' });
      await unauthenticated.waitFor((m) => m.type === 'error' && m.code === 'unauthenticated');
      const badHello = await connect(running.wsUrl, undefined);
      badHello.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: 'sbt_wrong' });
      await badHello.waitFor((m) => m.type === 'error' && m.code === 'unauthorized');
      await new Promise((resolve) => badHello.ws.once('close', resolve));
      expect(badHello.closeCode).toBe(WS_CLOSE.unauthorized);
    });

    it('answers malformed and oversized messages with error frames and stays usable', async () => {
      const org = await newOrganisation(running.baseUrl);
      const socket = await connect(running.wsUrl, org.adminToken);
      socket.send('{not json');
      await socket.waitFor((m) => m.type === 'error' && m.code === 'invalid_json');
      socket.send({ type: 'teleport' });
      await socket.waitFor((m) => m.type === 'error' && m.code === 'invalid_message');
      expect(await socket.request({ type: 'transfer', conversationId: 'x' })).toMatchObject({
        type: 'error',
        code: 'invalid_message',
      });
      socket.send({ type: 'ping', padding: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) });
      await socket.waitFor((m) => m.type === 'error' && m.code === 'message_too_large');
      expect(await socket.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
      expect(
        (await org.api.get<{ conversations: unknown[] }>('/api/v1/conversations')).body.conversations,
      ).toEqual([]);
    });

    it('pushes assignments, ownership changes, presence and "replying now" to every agent of the organisation', async () => {
      const org = await newOrganisation(running.baseUrl);
      const alice = await enrollAgent(running.baseUrl, org.adminToken, { name: 'Alice' });
      const bob = await enrollAgent(running.baseUrl, org.adminToken, { name: 'Bob' });
      const aliceSocket = await connect(running.wsUrl, alice.token);
      const bobSocket = await connect(running.wsUrl, bob.token);
      const watcher = await connect(running.wsUrl, org.adminToken);

      expect(await aliceSocket.request({ type: 'presence', status: 'online' })).toMatchObject({
        type: 'ack',
      });
      await watcher.waitFor(
        (m) => m.type === 'agent.presence' && m.agentId === alice.agent.id && m.status === 'online',
      );

      const ingested = await org.api.post<{ results: { conversationId: string }[] }>('/api/v1/events', {
        events: [customerMessage('+4915112345678')],
      });
      const conversationId = ingested.body.results[0]?.conversationId as string;
      const isAssigned = (m: ServerMessage) =>
        m.type === 'conversation.assigned' && m.conversation.id === conversationId && m.reason === 'auto';
      for (const socket of [aliceSocket, bobSocket, watcher]) {
        const push =
          await socket.waitFor<Extract<ServerMessage, { type: 'conversation.assigned' }>>(isAssigned);
        expect(push.conversation.assigneeId).toBe(alice.agent.id);
      }

      aliceSocket.send({ type: 'replying', conversationId, active: true });
      const replying = await bobSocket.waitFor((m) => m.type === 'replying' && m.active);
      expect(replying).toMatchObject({ conversationId, agentId: alice.agent.id });

      await bobSocket.request({ type: 'presence', status: 'away' });
      expect(await bobSocket.request({ type: 'take', conversationId })).toMatchObject({
        type: 'error',
        code: 'already_assigned',
      });
      const transferred = await aliceSocket.request({
        type: 'transfer',
        conversationId,
        agentId: bob.agent.id,
      });
      expect(transferred).toMatchObject({ type: 'ack', conversation: { assigneeId: bob.agent.id } });
      const ownership = await watcher.waitFor(
        (m) =>
          m.type === 'conversation.assigned' &&
          m.reason === 'transfer' &&
          m.conversation.id === conversationId,
      );
      expect(ownership).toMatchObject({
        previousAssigneeId: alice.agent.id,
        conversation: { assigneeId: bob.agent.id },
      });
      expect(await bobSocket.request({ type: 'resolve', conversationId })).toMatchObject({
        type: 'ack',
        conversation: { status: 'resolved' },
      });
      await watcher.waitFor((m) => m.type === 'conversation.updated' && m.conversation.status === 'resolved');

      // Closing the last socket marks the agent offline and ends their "replying" indicator.
      await aliceSocket.close();
      await watcher.waitFor((m) => m.type === 'replying' && !m.active && m.agentId === alice.agent.id);
      await watcher.waitFor(
        (m) => m.type === 'agent.presence' && m.agentId === alice.agent.id && m.status === 'offline',
      );
    });

    if (dialect === 'postgres') {
      it('carries pushes across two instances sharing one PostgreSQL database (LISTEN/NOTIFY)', async () => {
        const other = await startApp(running.app.switchboard.config);
        try {
          const org = await newOrganisation(running.baseUrl);
          const here = await enrollAgent(running.baseUrl, org.adminToken);
          const there = await enrollAgent(other.baseUrl, org.adminToken);
          const hereSocket = await connect(running.wsUrl, here.token);
          const thereSocket = await TestSocket.connect(other.wsUrl, there.token);
          await thereSocket.request({ type: 'presence', status: 'online' });
          await hereSocket.waitFor((m) => m.type === 'agent.presence' && m.agentId === there.agent.id);

          // Ingested on instance one, assigned to the agent connected to instance two.
          const ingested = await org.api.post<{ results: { conversationId: string }[] }>('/api/v1/events', {
            events: [customerMessage('cross-1')],
          });
          const conversationId = ingested.body.results[0]?.conversationId as string;
          for (const socket of [hereSocket, thereSocket]) {
            const push = await socket.waitFor(
              (m) => m.type === 'conversation.assigned' && m.conversation.id === conversationId,
            );
            expect(push).toMatchObject({ conversation: { assigneeId: there.agent.id } });
          }
          // And back: a command on instance two reaches the socket on instance one, exactly once.
          thereSocket.send({ type: 'replying', conversationId, active: true });
          await hereSocket.waitFor((m) => m.type === 'replying' && m.agentId === there.agent.id);
          await thereSocket.request({ type: 'resolve', conversationId });
          await hereSocket.waitFor(
            (m) => m.type === 'conversation.updated' && m.conversation.status === 'resolved',
          );
          expect(hereSocket.messages.filter((m) => m.type === 'conversation.assigned')).toHaveLength(1);
          await thereSocket.close();
        } finally {
          await other.close();
        }
      });
    }
  });
});
