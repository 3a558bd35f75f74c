import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventBatchResult, MAX_EVENTS_PER_BATCH } from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { apiClient, customerMessage } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';
import { exited, startBackendProcess as startProcess } from '../test-support/process';

forEachDialect((dialect, databases) => {
  describe('bad input and faults', () => {
    let running: RunningApp;
    let url: string;
    const admin = () => apiClient(running.baseUrl, TEST_ADMIN_TOKEN);
    beforeAll(async () => {
      url = await databases.create();
      running = await startApp(testConfig(url, { SQLITE_BUSY_TIMEOUT_MS: '300' }));
    });
    afterAll(() => running?.close());

    it('answers malformed, invalid and oversized bodies with a clear 4xx and changes nothing', async () => {
      const api = admin();
      const cases = [
        { body: '{"events": [', status: 400, code: 'invalid_json' },
        { body: { events: [] }, status: 400, code: 'invalid_request' },
        {
          body: { events: [{ ...customerMessage('x'), channel: 'telegram' }] },
          status: 400,
          code: 'invalid_request',
        },
        {
          body: { events: [customerMessage('ok'), { ...customerMessage('y'), occurredAt: 'yesterday' }] },
          status: 400,
          code: 'invalid_request',
        },
        {
          body: {
            events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => customerMessage(`many-${i}`)),
          },
          status: 400,
          code: 'invalid_request',
        },
        {
          body: JSON.stringify({ events: [customerMessage('big', { text: 'x'.repeat(1_100_000) })] }),
          status: 413,
          code: 'payload_too_large',
        },
      ];
      for (const c of cases) {
        const response = await api.raw('POST', '/api/v1/events', c.body);
        expect(response.status, JSON.stringify(response.body).slice(0, 200)).toBe(c.status);
        expect(response.body).toMatchObject({ error: { code: c.code } });
        expect(typeof (response.body as { error: { message: string } }).error.message).toBe('string');
      }
      const invalid = await api.raw('POST', '/api/v1/events', {
        events: [{ ...customerMessage('z'), occurredAt: -1 }],
      });
      expect((invalid.body as { error: { message: string } }).error.message).toContain('events.0.occurredAt');
      const list = await api.get<{ conversations: unknown[] }>('/api/v1/conversations');
      expect(list.body.conversations).toEqual([]);
    });

    if (dialect === 'sqlite') {
      it('answers 503 while another connection holds the SQLite write lock, then recovers', async () => {
        const locker = new BetterSqlite3(url.replace(/^sqlite:/, ''));
        try {
          locker.exec('begin exclusive');
          const blocked = await admin().post('/api/v1/events', { events: [customerMessage('locked')] });
          expect(blocked.status).toBe(503);
          expect(blocked.body).toMatchObject({ error: { code: 'database_busy' } });
          expect((blocked.body as { error: { message: string } }).error.message).toMatch(/locked/);
          locker.exec('rollback');
        } finally {
          locker.close();
        }
        const recovered = await admin().post<EventBatchResult>('/api/v1/events', {
          events: [customerMessage('locked')],
        });
        expect(recovered.status).toBe(200);
        expect(recovered.body.accepted).toBe(1);
      });
    }

    it('loses nothing it acknowledged when the process is killed with SIGKILL', async () => {
      const databaseUrl = await databases.create();
      const first = await startProcess(databaseUrl);
      const acknowledged: string[] = [];
      const refusals: string[] = [];
      let stop = false;
      const writers = Array.from({ length: 8 }, async (_, w) => {
        const api = apiClient(first.baseUrl, TEST_ADMIN_TOKEN);
        for (let i = 0; !stop; i++) {
          const events = [customerMessage(`kill-${w}-${i % 20}`), customerMessage(`kill-${w}-${i % 20}`)];
          try {
            const response = await api.post<EventBatchResult>('/api/v1/events', { events });
            if (response.status === 200) acknowledged.push(...events.map((e) => e.id));
            else refusals.push(`${response.status} ${JSON.stringify(response.body)}`);
          } catch {
            return; // the connection died with the process
          }
        }
      });
      while (acknowledged.length < 200) {
        if (refusals.length > 0) {
          first.child.kill('SIGKILL');
          stop = true;
          throw new Error(`the backend refused writes before the kill: ${refusals[0]}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await exited(first.child);

      const second = await startProcess(databaseUrl);
      try {
        const api = apiClient(second.baseUrl, TEST_ADMIN_TOKEN);
        for (let i = 0; i < acknowledged.length; i += 400) {
          const ids = acknowledged.slice(i, i + 400);
          const replay = await api.post<EventBatchResult>('/api/v1/events', {
            events: ids.map((id) => customerMessage('replay', { id })),
          });
          expect(replay.status).toBe(200);
          // Every acknowledged id is already stored: the replay is all duplicates.
          expect(replay.body.accepted).toBe(0);
        }
      } finally {
        second.child.kill('SIGKILL');
        await exited(second.child);
      }
    }, 60_000);
  });
});
