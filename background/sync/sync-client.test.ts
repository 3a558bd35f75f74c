import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../backend/protocol/v1';
import { freshStore } from '../store/test-helpers';

const storage: Record<string, unknown> = {
  teamCredentials: {
    backendUrl: 'http://127.0.0.1:9',
    token: 'secret-token-0123456789',
    agentId: 'a1',
    agentName: 'Ana',
    orgId: 'o1',
    orgName: 'Org',
    enrolledAt: 1,
  },
};
vi.mock('wxt/browser', () => ({
  browser: {
    storage: {
      local: {
        get: async (key: string) => ({ [key]: storage[key] }),
        set: async (values: Record<string, unknown>) => Object.assign(storage, values),
        remove: async (key: string) => {
          delete storage[key];
        },
      },
      managed: {
        get: async () => {
          throw new Error('no policy');
        },
      },
    },
  },
}));

const { SyncClient, PING_INTERVAL_MS } = await import('./sync-client');

/** A WebSocket stand-in: records what was sent; the test plays the server. */
class FakeSocket {
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  readyState = 1;
  readonly sent: unknown[] = [];
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  serverSays(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const agent: Agent = {
  id: 'a1',
  name: 'Ana',
  email: null,
  role: 'agent',
  status: 'online',
  load: 0,
  maxOpen: 5,
  languages: [],
  skills: [],
  lastAssignedAt: null,
};

describe('sync client socket', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Date'] });
    (globalThis as { WebSocket?: unknown }).WebSocket = FakeSocket;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('authenticates by subprotocol, pings inside the MV3 idle window, and reconnects with back-off', async () => {
    const store = await freshStore();
    const sockets: FakeSocket[] = [];
    const fetch = vi.fn(async (url: string) => {
      const body = url.includes('/agents')
        ? { agents: [agent] }
        : url.includes('/conversations')
          ? { conversations: [] }
          : { agentId: 'a1', status: 'online' };
      return new Response(JSON.stringify(body), { status: 200 });
    });
    const client = new SyncClient({
      store: async () => store,
      broadcast: () => {},
      fetch,
      createSocket: (url, protocols) => {
        const socket = new FakeSocket(url, protocols);
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
    });
    await client.ready;
    // The team-templates hook: told when the socket comes online and when the agent leaves.
    let sessionChanges = 0;
    client.onSessionChange(() => {
      sessionChanges += 1;
    });
    expect(sockets).toHaveLength(1);
    const first = sockets[0] as FakeSocket;
    expect(first.url).toBe('ws://127.0.0.1:9/api/v1/ws');
    expect(first.protocols).toEqual(['switchboard.v1', 'bearer.secret-token-0123456789']);

    first.serverSays({
      type: 'welcome',
      protocol: 'switchboard.v1',
      agent,
      organisation: { id: 'o1', name: 'Org', maxOpenPerAgent: 5, offlineGraceSeconds: 60 },
      heartbeatIntervalMs: 25_000,
      serverTime: Date.now(),
    });
    expect((await client.status()).mode).toBe('online');
    expect(sessionChanges).toBe(1);
    // A lead changed the team's templates: the listeners fetch them again.
    first.serverSays({ type: 'templates.updated', at: Date.now() });
    expect(sessionChanges).toBe(2);
    expect(PING_INTERVAL_MS).toBeLessThan(25_000);
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS);
      first.serverSays({ type: 'pong', serverTime: Date.now() });
    }
    expect(first.sent.filter((m) => (m as { type: string }).type === 'ping')).toHaveLength(3);

    // The connection drops: no new socket at once, one after a jittered delay (≤ 500 ms first).
    first.drop();
    expect((await client.status()).mode).toBe('offline');
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    // Failing again waits longer each time (≤ 1 s, then ≤ 2 s).
    (sockets[1] as FakeSocket).drop();
    await vi.advanceTimersByTimeAsync(240);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(3);
    // A socket that goes silent (no frame for two ping periods) is given up and replaced.
    const third = sockets[2] as FakeSocket;
    third.serverSays({
      type: 'welcome',
      protocol: 'switchboard.v1',
      agent,
      organisation: { id: 'o1', name: 'Org', maxOpenPerAgent: 5, offlineGraceSeconds: 60 },
      heartbeatIntervalMs: 25_000,
      serverTime: Date.now(),
    });
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS * 3 + 2_000);
    expect(sockets.length).toBeGreaterThan(3);
    expect(sessionChanges).toBe(3);
    await client.leave();
    expect(sessionChanges).toBe(4);
  });
});
