import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../backend/protocol/v1';
import type { CapturedBatch } from '../../extension/api/protocol';
import { freshStore } from '../store/test-helpers';

const credentials = {
  backendUrl: 'http://127.0.0.1:9',
  token: 'secret-token-0123456789',
  agentId: 'a1',
  agentName: 'Ana',
  orgId: 'o1',
  orgName: 'Org',
  enrolledAt: 1,
};
const storage: Record<string, unknown> = {};
const noPolicy = async (): Promise<Record<string, unknown>> => {
  throw new Error('no policy');
};
/** The policy read; a test may make it hang, as Chromium's first one does for ≈ 2 s. */
let managedGet = noPolicy;
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
      managed: { get: () => managedGet() },
    },
  },
}));

const { SyncClient, PING_INTERVAL_MS, AGENTS_REFRESH_DELAY_MS } = await import('./sync-client');

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

/** The server's first frame on a new socket. */
function welcomeFrame(extra: { maxEventsPerBatch?: number } = {}) {
  return {
    ...extra,
    type: 'welcome',
    protocol: 'switchboard.v1',
    agent,
    organisation: { id: 'o1', name: 'Org', maxOpenPerAgent: 5, offlineGraceSeconds: 60 },
    heartbeatIntervalMs: 25_000,
    serverTime: Date.now(),
  } as const;
}

/** A sync client over the given fetch, recording the sockets it opens. */
async function startClient(
  store: Awaited<ReturnType<typeof freshStore>>,
  fetch: (url: string) => Promise<Response>,
  sockets: FakeSocket[],
): Promise<InstanceType<typeof SyncClient>> {
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
  return client;
}

describe('sync client socket', () => {
  beforeEach(() => {
    // Each test starts enrolled (leave() forgets the credentials).
    storage.teamCredentials = { ...credentials };
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
    const client = await startClient(store, fetch, sockets);
    // The team-templates hook: told when the socket comes online and when the agent leaves.
    let sessionChanges = 0;
    client.onSessionChange(() => {
      sessionChanges += 1;
    });
    expect(sockets).toHaveLength(1);
    const first = sockets[0] as FakeSocket;
    expect(first.url).toBe('ws://127.0.0.1:9/api/v1/ws');
    expect(first.protocols).toEqual(['switchboard.v1', 'bearer.secret-token-0123456789']);

    first.serverSays(welcomeFrame());
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
    third.serverSays(welcomeFrame());
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS * 3 + 2_000);
    expect(sockets.length).toBeGreaterThan(3);
    expect(sessionChanges).toBe(3);
    await client.leave();
    expect(sessionChanges).toBe(4);
  });

  it('re-reads the agent list once per burst of pushes, and once more for pushes during a read', async () => {
    const store = await freshStore();
    const sockets: FakeSocket[] = [];
    let load = 0;
    let agentReads = 0;
    let holdAgents: (() => void) | null = null;
    const fetch = vi.fn(async (url: string) => {
      if (url.includes('/agents')) {
        agentReads += 1;
        const answer = { agents: [{ ...agent, load }] };
        if (agentReads === 3) await new Promise<void>((resolve) => (holdAgents = resolve));
        return new Response(JSON.stringify(answer), { status: 200 });
      }
      const body = url.includes('/conversations')
        ? { conversations: [] }
        : { agentId: 'a1', status: 'online' };
      return new Response(JSON.stringify(body), { status: 200 });
    });
    const client = await startClient(store, fetch, sockets);
    const socket = sockets[0] as FakeSocket;
    socket.serverSays(welcomeFrame());
    // After welcome the list is read at once (presence goes through the IndexedDB outbox first).
    await vi.waitFor(() => expect(agentReads).toBe(1));

    const assigned = (i: number) => ({
      type: 'conversation.assigned',
      conversation: {
        id: `c${i}`,
        channel: 'whatsapp',
        customerRef: `+1555000${String(i).padStart(4, '0')}`,
        status: 'open',
        priority: 'normal',
        language: null,
        skill: null,
        assigneeId: 'a1',
        queuedAt: null,
        assignedAt: Date.now(),
        firstCustomerMessageAt: Date.now(),
        lastCustomerMessageAt: Date.now(),
        firstAgentReplyAt: null,
        lastAgentMessageAt: null,
        resolvedAt: null,
        snoozedUntil: null,
        reopenCount: 0,
        createdAt: Date.now(),
        updatedAt: Date.now() + i,
      },
      previousAssigneeId: null,
      reason: 'auto',
      at: Date.now(),
    });
    // A burst of five assignments: one read, after the collection window.
    for (let i = 0; i < 5; i++) socket.serverSays(assigned(i));
    load = 5;
    await vi.advanceTimersByTimeAsync(AGENTS_REFRESH_DELAY_MS - 1);
    expect(agentReads).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(agentReads).toBe(2);
    expect((await client.status()).agents.find((a) => a.id === 'a1')?.load).toBe(5);

    // Another burst; its read is held in flight while more pushes arrive.
    socket.serverSays(assigned(5));
    await vi.advanceTimersByTimeAsync(AGENTS_REFRESH_DELAY_MS);
    expect(agentReads).toBe(3);
    for (let i = 6; i < 10; i++) socket.serverSays(assigned(i));
    load = 10;
    await vi.advanceTimersByTimeAsync(AGENTS_REFRESH_DELAY_MS * 4);
    expect(agentReads).toBe(3);
    (holdAgents as (() => void) | null)?.();
    await vi.advanceTimersByTimeAsync(AGENTS_REFRESH_DELAY_MS);
    // Exactly one more read for everything that arrived during the held one, and it has the news.
    expect(agentReads).toBe(4);
    expect((await client.status()).agents.find((a) => a.id === 'a1')?.load).toBe(10);
    await vi.advanceTimersByTimeAsync(AGENTS_REFRESH_DELAY_MS * 4);
    expect(agentReads).toBe(4);
    await client.leave();
  });
  it('sends as many events per request as the server says in its welcome, 500 if it says nothing', async () => {
    for (const [maxEventsPerBatch, expected] of [
      [undefined, [500, 100]],
      [5_000, [600]],
    ] as const) {
      const store = await freshStore();
      const sockets: FakeSocket[] = [];
      const batches: number[] = [];
      const fetch = vi.fn(async (url: string, init?: RequestInit) => {
        if (url.endsWith('/api/v1/events')) {
          const { events } = JSON.parse(String(init?.body)) as { events: { id: string }[] };
          batches.push(events.length);
          const results = events.map((e) => ({ id: e.id, status: 'accepted', conversationId: 'c1' }));
          return new Response(JSON.stringify({ accepted: events.length, duplicates: 0, results }));
        }
        const body = url.includes('/agents')
          ? { agents: [agent] }
          : url.includes('/conversations')
            ? { conversations: [] }
            : { agentId: 'a1', status: 'online' };
        return new Response(JSON.stringify(body), { status: 200 });
      });
      const client = await startClient(store, fetch, sockets);
      // Held while offline, then the welcome starts the drain.
      await client.queueEvents(
        Array.from({ length: 600 }, (_, i) => ({
          id: `whatsapp:+15550001:m${i}`,
          kind: 'message.in' as const,
          channel: 'whatsapp' as const,
          customerRef: '+15550001',
          occurredAt: 1_700_000_000_000 + i,
        })),
      );
      (sockets[0] as FakeSocket).serverSays(welcomeFrame(maxEventsPerBatch ? { maxEventsPerBatch } : {}));
      await vi.waitFor(async () => expect((await client.status()).pending).toBe(0));
      expect(batches).toEqual(expected);
      await client.leave();
      storage.teamCredentials = { ...credentials };
    }
  });
});

describe('sync client start-up', () => {
  const batch: CapturedBatch = {
    account: { app: 'whatsapp', id: '15550001111@c.us', name: 'Shop' },
    conversation: { threadId: '15551234567@c.us', title: 'Jane Doe', isGroup: false, identities: [] },
    messages: [
      { hostId: 'A1', direction: 'in', sender: 'Jane', text: 'Hi', timestamp: 1, quoted: null, media: null },
    ],
  };
  afterEach(() => {
    managedGet = noPolicy;
  });

  it('queues captures without waiting for the policy read, signed in or not', async () => {
    managedGet = () => new Promise(() => {});
    for (const signedIn of [true, false]) {
      if (signedIn) storage.teamCredentials = { ...credentials };
      else delete storage.teamCredentials;
      const store = await freshStore();
      const client = new SyncClient({ store: async () => store, broadcast: () => {} });
      await client.queueCapture(batch);
      expect(await store.db.outbox.count()).toBe(signedIn ? 1 : 0);
    }
  });
});
