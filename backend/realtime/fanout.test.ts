import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import { type ServerMessage, WS_CLOSE } from '../protocol/v1';
import { postgresServerUrl, TestDatabases } from '../test-support/databases';
import { LISTEN_APPLICATION_NAME, PostgresFanout } from './fanout';
import { type AgentSocket, Hub } from './hub';

/** Stands in for a ws socket: records what the hub sends and the code it is closed with. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  closeCode: number | undefined;
  readonly received: ServerMessage[] = [];

  send(data: Buffer): void {
    this.received.push(JSON.parse(data.toString()) as ServerMessage);
  }

  close(code: number): void {
    this.readyState = 3;
    this.closeCode = code;
  }
}

function attach(hub: Hub, orgId: string): FakeSocket {
  const socket = new FakeSocket();
  const principal = { orgId, agentId: `agent-${Math.random()}` } as unknown as Principal;
  hub.add({ socket: socket as unknown as WebSocket, principal, lastHeardAt: Date.now() } as AgentSocket);
  return socket;
}

function recordingLogger(lines: string[]): FastifyBaseLogger {
  const record = (_fields: unknown, message?: string) => {
    lines.push(typeof _fields === 'string' ? _fields : (message ?? ''));
  };
  const logger = { info: record, warn: record, error: record, debug: record, trace: record, fatal: record };
  return { ...logger, child: () => logger } as unknown as FastifyBaseLogger;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function presence(agentId: string): ServerMessage {
  return { type: 'agent.presence', agentId, status: 'online', at: Date.now() };
}

describe('PostgreSQL push fan-out (LISTEN/NOTIFY)', () => {
  const databases = new TestDatabases('postgres');
  afterAll(() => databases.dropAll());

  it('keeps retrying a lost LISTEN connection until it is back, then asks every socket to resync', async () => {
    const url = await databases.create();
    const database = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: postgresServerUrl() });
    await admin.connect();
    const allowConnections = (allow: boolean) =>
      admin.query(`alter database ${database} with allow_connections ${allow}`);
    const terminateListeners = async () => {
      const ended = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = $2',
        [database, LISTEN_APPLICATION_NAME],
      );
      return ended.rowCount;
    };

    const retry = { firstDelayMs: 40, maxDelayMs: 160 };
    const logA: string[] = [];
    const logB: string[] = [];
    const hubA = new Hub();
    const hubB = new Hub();
    const a = new PostgresFanout(url, hubA, recordingLogger(logA), retry);
    const b = new PostgresFanout(url, hubB, recordingLogger(logB), retry);
    const failedRetries = (log: string[]) => log.filter((l) => l.includes('reconnect failed')).length;
    try {
      await a.start();
      await b.start();
      const before = [attach(hubA, 'org-1'), attach(hubB, 'org-1')];

      // First loss: the database refuses connections, so the first retries fail.
      await allowConnections(false);
      expect(await terminateListeners()).toBe(2);
      await until(() => failedRetries(logA) >= 2 && failedRetries(logB) >= 2, 'retries have failed');
      expect(a.listening || b.listening).toBe(false);
      await allowConnections(true);
      await until(() => a.listening && b.listening, 'both instances listen again');
      for (const socket of before) expect(socket.closeCode).toBe(WS_CLOSE.resync);

      // Second loss, after a successful reconnect: the loop starts again.
      const during = [attach(hubA, 'org-1'), attach(hubB, 'org-1')];
      expect(await terminateListeners()).toBe(2);
      await until(() => !a.listening || !b.listening, 'the loss is noticed');
      await until(() => a.listening && b.listening, 'both instances listen again, twice');
      for (const socket of during) expect(socket.closeCode).toBe(WS_CLOSE.resync);

      // A push published on one instance reaches the sockets of both, exactly once.
      const onA = attach(hubA, 'org-1');
      const onB = attach(hubB, 'org-1');
      a.publish([{ orgId: 'org-1', message: presence('crossed') }]);
      await until(() => onA.received.length > 0 && onB.received.length > 0, 'the push arrives');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(onA.received).toEqual([expect.objectContaining({ agentId: 'crossed' })]);
      expect(onB.received).toEqual([expect.objectContaining({ agentId: 'crossed' })]);
      expect(onB.closeCode).toBeUndefined();
    } finally {
      await allowConnections(true).catch(() => {});
      await Promise.all([a.close(), b.close()]);
      await admin.end();
    }
  });

  it('stops retrying when closed while PostgreSQL is unreachable', async () => {
    const url = await databases.create();
    const database = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: postgresServerUrl() });
    await admin.connect();
    const lines: string[] = [];
    const fanout = new PostgresFanout(url, new Hub(), recordingLogger(lines), {
      firstDelayMs: 40,
      maxDelayMs: 80,
    });
    try {
      await fanout.start();
      await admin.query(`alter database ${database} with allow_connections false`);
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = $2',
        [database, LISTEN_APPLICATION_NAME],
      );
      await until(() => lines.some((l) => l.includes('reconnect failed')), 'a retry has failed');
      await fanout.close();
      const attempts = lines.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lines.length).toBe(attempts);
      expect(fanout.listening).toBe(false);
    } finally {
      await admin.query(`alter database ${database} with allow_connections true`).catch(() => {});
      await fanout.close();
      await admin.end();
    }
  });
});
