/**
 * Team sync in the background service worker. With no backend configured it does nothing (local
 * only). Once enrolled it keeps one WebSocket to the backend (a `ping` every 20 s: Chrome ≥ 116
 * keeps a service worker alive while its WebSocket has traffic, and the backend closes silent
 * sockets), reconnects with capped exponential back-off and jitter, and delivers the durable
 * outbox (see outbox.ts) whenever the socket is up. Pushes (assignments, ownership, "replying")
 * update an in-memory view that the sidebars read; the token never leaves the background.
 */
import {
  type Agent,
  BASE_EVENTS_PER_BATCH,
  BEARER_SUBPROTOCOL_PREFIX,
  type CapturedEvent,
  type Conversation,
  type EnrollResponse,
  type EventBatchResult,
  enrollRequestSchema,
  HEARTBEAT_INTERVAL_MS,
  PROTOCOL_VERSION,
  parseServerMessage,
  type ServerMessage,
} from '../../backend/protocol/v1';
import type { CapturedBatch, HostState, TabEvent } from '../../extension/api/protocol';
import { CoalescedTask } from '../../extension/lib/coalesced-task';
import {
  clearTeamCredentials,
  normalizeBackendUrl,
  readTeamCredentials,
  readTeamSettings,
  saveLocalTeamSettings,
  saveTeamCredentials,
  type TeamCredentials,
  validateTeamSettings,
  webSocketUrl,
} from '../../extension/settings/team';
import type { Store } from '../store/store';
import { Backoff } from './backoff';
import { customerRefOf, eventsOf, storeMessageKeys } from './events';
import { type CommandItem, Outbox, type OutboxEntry, type OutboxItem, type OutboxTransport } from './outbox';
import { DeliveryError, RestClient } from './rest';
import type {
  EnrollInput,
  TeamAgentView,
  TeamConversationView,
  TeamMode,
  TeamNotice,
  TeamStatus,
} from './team-types';

/** Comfortably inside the 30 s idle window of an MV3 worker and the protocol's 25 s. */
export const PING_INTERVAL_MS = Math.min(20_000, HEARTBEAT_INTERVAL_MS);
/** No frame at all for this long: the socket is dead even if the browser has not noticed. */
const SILENCE_LIMIT_MS = 2 * PING_INTERVAL_MS + 5_000;
/** Someone else's "replying" without a refresh for this long is dropped. */
const REPLYING_TTL_MS = 60_000;
/** Our own "replying" is switched off after this long without a new signal. */
const OWN_REPLYING_MS = 20_000;

export interface SyncDeps {
  store: () => Promise<Store>;
  /** Pushes an event to the sidebars of every tab that has one. */
  broadcast: (event: TabEvent) => void;
  now?: () => number;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
}

type Session = { credentials: TeamCredentials; rest: RestClient };

const agentView = (agent: Agent): TeamAgentView => ({
  id: agent.id,
  name: agent.name,
  role: agent.role,
  status: agent.status,
  load: agent.load,
  maxOpen: agent.maxOpen,
});

/** How long pushes are collected before the agent list is re-read once for all of them. */
export const AGENTS_REFRESH_DELAY_MS = 250;

export class SyncClient {
  private session: Session | null = null;
  private mode: TeamMode = 'local';
  private managed = false;
  private configuredUrl: string | null = null;
  private hasCode = false;
  private lastError: string | null = null;
  private rejectedCount = 0;
  private me: TeamAgentView | null = null;
  private orgName: string | null = null;
  private readonly agents = new Map<string, TeamAgentView>();
  private readonly conversations = new Map<string, Conversation>();
  /** `${channel}|${customerRef}` → conversation id. */
  private readonly byRef = new Map<string, string>();
  private readonly replying = new Map<string, Map<string, number>>();
  private readonly titles = new Map<string, string>();
  private socket: WebSocket | null = null;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;
  private lastHeardAt = 0;
  private readonly backoff = new Backoff();
  private readonly drainBackoff = new Backoff({ baseMs: 1_000, capMs: 30_000 });
  private outboxPromise: Promise<Outbox> | null = null;
  private ownReplying: { conversationId: string; timer: ReturnType<typeof setTimeout> } | null = null;
  private broadcastQueued = false;
  /** Events per request the connected server accepts (from its welcome). */
  private maxEventsPerBatch = BASE_EVENTS_PER_BATCH;
  /** When the socket last said welcome, and when the outbox was last seen empty after that. */
  private readonly timing = { onlineAt: 0, drainedAt: 0, delivered: 0 };
  readonly ready: Promise<void>;
  /**
   * Settled once the stored credentials were read: all a capture needs to know (queue for the
   * team, or nothing to do). Captures do not wait for `ready`, which also waits for the policy:
   * Chromium answers the first `storage.managed` read only after ≈ 2 s, and the first messages of
   * a page would reach the sidebar that much later.
   */
  private readonly signedIn: Promise<void>;

  constructor(private readonly deps: SyncDeps) {
    const credentials = readTeamCredentials();
    this.signedIn = credentials.then(
      (stored) => {
        if (stored) this.useCredentials(stored);
      },
      () => {}, // told through `ready`
    );
    this.ready = this.load(credentials).catch((error: unknown) => {
      this.lastError = String((error as Error)?.message ?? error);
    });
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private outbox(): Promise<Outbox> {
    this.outboxPromise ??= this.deps
      .store()
      .then((store) => new Outbox(store.db.outbox, () => this.now()))
      .catch((error: unknown) => {
        this.outboxPromise = null;
        throw error;
      });
    return this.outboxPromise;
  }

  /**
   * Agents' loads and names shown in the sidebar change with most pushes (every assignment,
   * resolve, transfer). They are re-read, not replayed, but once per burst: a hundred
   * assignments in a second cost one or two GET /agents, not a hundred.
   */
  private readonly agentsRefresh = new CoalescedTask(() => this.fetchAgents(), AGENTS_REFRESH_DELAY_MS);

  private async load(credentialsRead: Promise<TeamCredentials | null>): Promise<void> {
    const [{ settings, managed }, credentials] = await Promise.all([readTeamSettings(), credentialsRead]);
    await this.signedIn;
    this.managed = managed;
    this.configuredUrl = credentials?.backendUrl ?? settings?.backendUrl ?? null;
    this.hasCode = Boolean(settings?.enrollmentCode);
    if (credentials) this.connect();
    else this.mode = managed ? 'setup' : 'local';
  }

  private useCredentials(credentials: TeamCredentials): void {
    this.session = {
      credentials,
      rest: new RestClient(credentials.backendUrl, credentials.token, this.deps.fetch),
    };
    this.me = {
      id: credentials.agentId,
      name: credentials.agentName,
      role: credentials.agentRole ?? 'agent',
      status: 'offline',
      load: 0,
      maxOpen: 0,
    };
    this.orgName = credentials.orgName;
    this.configuredUrl = credentials.backendUrl;
  }

  private readonly sessionListeners = new Set<() => void>();

  /**
   * Called when the socket comes online (welcome) and after leaving the team, e.g. to fetch the
   * team's templates. Returns the unsubscribe function.
   */
  onSessionChange(listener: () => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  private sessionChanged(): void {
    for (const listener of this.sessionListeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; sync carries on.
      }
    }
  }

  /** True when enrolled: only then are events queued for the backend. */
  get enrolled(): boolean {
    return this.session !== null;
  }

  /** For the bench: reconnect time and when the outbox was empty again (0 while it is not). */
  syncTiming(): { onlineAt: number; drainedAt: number; delivered: number } {
    return { ...this.timing };
  }

  // ---- status for the sidebar ----

  async status(): Promise<TeamStatus> {
    await this.ready;
    let pending = 0;
    if (this.session) pending = await (await this.outbox()).pending();
    return {
      mode: this.mode,
      managed: this.managed,
      backendUrl: this.configuredUrl,
      hasCode: this.hasCode,
      me: this.me,
      orgName: this.orgName,
      agents: [...this.agents.values()].sort((a, b) => a.name.localeCompare(b.name)),
      pending,
      rejected: this.rejectedCount,
      lastError: this.lastError,
    };
  }

  /** The enrolled session's server and token, for Business API sends (background only). */
  async apiCredentials(): Promise<TeamCredentials | null> {
    await this.ready;
    return this.session?.credentials ?? null;
  }

  conversationFor(state: HostState | null): TeamConversationView | null {
    const conversation = state?.conversation;
    if (!state || !conversation || conversation.isGroup || !this.session) return null;
    const customerRef = customerRefOf(state.app, conversation);
    const id = this.byRef.get(`${state.app}|${customerRef}`);
    const found = id ? (this.conversations.get(id) ?? null) : null;
    const replying: TeamConversationView['replying'] = [];
    const cutoff = this.now() - REPLYING_TTL_MS;
    for (const [agentId, at] of (found && this.replying.get(found.id)) || []) {
      if (at < cutoff || agentId === this.me?.id) continue;
      replying.push({ agentId, name: this.agents.get(agentId)?.name ?? agentId });
    }
    const ownerId = found?.assigneeId ?? null;
    return {
      customerRef,
      conversation: found,
      ownerName: ownerId
        ? (this.agents.get(ownerId)?.name ?? (ownerId === this.me?.id ? this.me.name : null))
        : null,
      replying,
    };
  }

  // ---- enrollment ----

  async enroll(input: EnrollInput): Promise<TeamStatus> {
    await this.ready;
    if (this.session) throw new Error('This browser is already signed in to a team. Leave the team first.');
    const { settings, managed } = await readTeamSettings();
    const backendUrl = managed ? settings?.backendUrl : normalizeBackendUrl(input.backendUrl ?? '');
    const code = (managed ? settings?.enrollmentCode : undefined) ?? input.enrollmentCode?.trim() ?? '';
    const problems = validateTeamSettings({ backendUrl: backendUrl ?? '', enrollmentCode: code });
    if (problems.includes('backendUrl'))
      throw new Error('Enter the team server address (http:// or https://).');
    if (problems.includes('enrollmentCode'))
      throw new Error('Enter the enrollment code from your team lead.');
    const body = enrollRequestSchema.safeParse({ code, name: input.name, email: input.email });
    if (!body.success) throw new Error('Enter your name and a valid email address.');
    const url = backendUrl as string;
    const response = await new RestClient(url, null, this.deps.fetch).post<EnrollResponse>('/api/v1/enroll', {
      code,
      name: body.data.name,
      email: body.data.email,
    });
    const credentials: TeamCredentials = {
      backendUrl: url,
      token: response.token,
      agentId: response.agent.id,
      agentName: response.agent.name,
      agentRole: response.agent.role,
      orgId: response.organisation.id,
      orgName: response.organisation.name,
      enrolledAt: this.now(),
    };
    await saveTeamCredentials(credentials);
    // The code has done its job; only the address is remembered for the agent.
    if (!managed) await saveLocalTeamSettings({ backendUrl: url });
    this.lastError = null;
    this.useCredentials(credentials);
    this.managed = managed;
    this.connect();
    return this.status();
  }

  /** Forgets the token and goes back to local-only (or setup, under a policy). Keeps the outbox. */
  async leave(): Promise<TeamStatus> {
    await this.ready;
    this.disconnect();
    await clearTeamCredentials();
    this.session = null;
    this.me = null;
    this.orgName = null;
    this.agentsRefresh.cancel();
    this.agents.clear();
    this.conversations.clear();
    this.byRef.clear();
    this.mode = this.managed ? 'setup' : 'local';
    this.changed();
    this.sessionChanged();
    return this.status();
  }

  // ---- outgoing ----

  /**
   * Called BEFORE the Store records a capture: queues events for the messages the Store does not
   * have yet (so a crash between the two re-queues them; the outbox keeps one per id).
   */
  async queueCapture(batch: CapturedBatch): Promise<void> {
    await this.signedIn;
    if (!this.session || batch.conversation.isGroup || batch.messages.length === 0) return;
    const store = await this.deps.store();
    const keys = storeMessageKeys(batch);
    const known = await store.db.messages.bulkGet(keys);
    const events = eventsOf(batch, this.now()).filter((_, index) => known[index] === undefined);
    this.titles.set(
      `${batch.account.app}|${customerRefOf(batch.account.app, batch.conversation)}`,
      batch.conversation.title,
    );
    if (events.length === 0) return;
    await this.enqueue(events.map((event): OutboxItem => ({ kind: 'event', event })));
  }

  /** Queues raw events (the bench and tests feed the outbox directly). */
  async queueEvents(events: readonly CapturedEvent[]): Promise<void> {
    await this.ready;
    await this.enqueue(events.map((event): OutboxItem => ({ kind: 'event', event })));
  }

  async command(item: CommandItem): Promise<void> {
    await this.ready;
    if (!this.session) throw new Error('Team mode is off: connect to a team first.');
    await this.enqueue([item]);
  }

  /** The agent is (or stopped) writing in the open chat of a tab; switches itself off. */
  async replyingIn(state: HostState | null, active: boolean): Promise<void> {
    await this.ready;
    const view = this.conversationFor(state);
    const conversationId = view?.conversation?.id;
    if (!conversationId) return;
    const previous = this.ownReplying;
    if (previous) clearTimeout(previous.timer);
    if (!active) {
      this.ownReplying = null;
      if (previous) await this.enqueue([{ kind: 'replying', conversationId, active: false }]);
      return;
    }
    const timer = setTimeout(() => void this.replyingIn(state, false), OWN_REPLYING_MS);
    this.ownReplying = { conversationId, timer };
    if (previous?.conversationId !== conversationId) {
      await this.enqueue([{ kind: 'replying', conversationId, active: true }]);
    }
  }

  private async enqueue(items: OutboxItem[]): Promise<void> {
    if (!this.session) return;
    const outbox = await this.outbox();
    await outbox.add(items);
    this.scheduleDrain(0);
    this.changed();
  }

  // ---- delivery ----

  private transport(session: Session): OutboxTransport {
    return {
      maxEventsPerBatch: this.maxEventsPerBatch,
      sendEvents: async (events) => {
        const result = await session.rest.post<EventBatchResult>('/api/v1/events', { events });
        events.forEach((event, index) => {
          const conversationId = result.results[index]?.conversationId;
          if (conversationId) this.byRef.set(`${event.channel}|${event.customerRef}`, conversationId);
        });
        return result;
      },
      sendCommand: async (item) => {
        const path = (conversationId: string, action: string) =>
          `/api/v1/conversations/${encodeURIComponent(conversationId)}/${action}`;
        switch (item.kind) {
          case 'presence':
            await session.rest.put('/api/v1/presence', { status: item.status });
            return null;
          case 'replying': {
            const socket = this.socket;
            if (!socket || socket.readyState !== WebSocket.OPEN || this.mode !== 'online') {
              throw new DeliveryError('Not connected', 0, 'unreachable');
            }
            socket.send(
              JSON.stringify({ type: 'replying', conversationId: item.conversationId, active: item.active }),
            );
            return null;
          }
          case 'take':
            return (
              await session.rest.post<{ conversation: Conversation }>(path(item.conversationId, 'take'))
            ).conversation;
          case 'transfer':
            return (
              await session.rest.post<{ conversation: Conversation }>(path(item.conversationId, 'transfer'), {
                agentId: item.agentId,
              })
            ).conversation;
          case 'resolve':
            return (
              await session.rest.post<{ conversation: Conversation }>(path(item.conversationId, 'resolve'))
            ).conversation;
          case 'reopen':
            return (
              await session.rest.post<{ conversation: Conversation }>(path(item.conversationId, 'reopen'))
            ).conversation;
        }
      },
    };
  }

  private scheduleDrain(delayMs: number): void {
    if (!this.session || this.mode !== 'online') return;
    clearTimeout(this.drainTimer);
    this.drainTimer = setTimeout(() => void this.drainNow(), delayMs);
  }

  /** Delivers the outbox now (when online); resolves when it is empty or delivery stopped. */
  async drainNow(): Promise<void> {
    const session = this.session;
    if (!session || this.mode !== 'online') return;
    const outbox = await this.outbox();
    const report = await outbox.drain(this.transport(session), {
      delivered: (_entries: readonly OutboxEntry[], result) => {
        if (result && 'customerRef' in result) this.remember(result);
      },
      rejected: (entry, error) => {
        this.rejectedCount += 1;
        this.lastError = error.message;
        this.notify({ kind: 'rejected', action: entry.kind, message: error.message, at: this.now() });
      },
    });
    this.timing.delivered += report.delivered;
    if (!report.stoppedBy && (await outbox.pending()) === 0) this.timing.drainedAt = this.now();
    if (report.stoppedBy) {
      this.lastError = report.stoppedBy.message;
      if (report.stoppedBy.unauthorized) this.signedOut();
      else this.scheduleDrain(this.drainBackoff.next());
    } else {
      this.drainBackoff.reset();
    }
    this.changed();
  }

  // ---- socket ----

  private connect(): void {
    const session = this.session;
    if (!session) return;
    clearTimeout(this.reconnectTimer);
    this.closeSocket();
    this.mode = this.mode === 'online' ? 'offline' : this.mode === 'offline' ? 'offline' : 'connecting';
    let socket: WebSocket;
    try {
      const protocols = [PROTOCOL_VERSION, `${BEARER_SUBPROTOCOL_PREFIX}${session.credentials.token}`];
      const url = webSocketUrl(session.credentials.backendUrl);
      socket = this.deps.createSocket
        ? this.deps.createSocket(url, protocols)
        : new WebSocket(url, protocols);
    } catch (error) {
      this.lastError = String((error as Error)?.message ?? error);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.lastHeardAt = this.now();
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastHeardAt = this.now();
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = parseServerMessage(json);
      if (parsed.success) this.onServerMessage(parsed.data);
    };
    socket.onclose = () => this.socketClosed(socket);
    socket.onerror = () => {
      // onclose follows; the browser does not say why a socket failed.
    };
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.heartbeat(), PING_INTERVAL_MS);
  }

  private heartbeat(): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.now() - this.lastHeardAt > SILENCE_LIMIT_MS) {
      try {
        socket.close();
      } catch {
        // Closing anyway.
      }
      this.socketClosed(socket);
      return;
    }
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ping' }));
  }

  private socketClosed(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    clearInterval(this.pingTimer);
    this.timing.onlineAt = 0;
    this.timing.drainedAt = 0;
    if (this.mode === 'online' || this.mode === 'connecting') this.mode = 'offline';
    this.changed();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.session || this.mode === 'signed-out') return;
    clearTimeout(this.reconnectTimer);
    const delay = this.backoff.next();
    this.reconnectTimer = setTimeout(() => {
      void this.checkTokenThenConnect();
    }, delay);
  }

  /** A refused upgrade looks like any other failure in the browser: ask REST whether the token is still good. */
  private async checkTokenThenConnect(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (this.backoff.failures >= 3) {
      try {
        await session.rest.get('/api/v1/me');
      } catch (error) {
        if (error instanceof DeliveryError && error.unauthorized) {
          this.signedOut();
          return;
        }
      }
    }
    if (this.session === session) this.connect();
  }

  private signedOut(): void {
    this.disconnect();
    this.mode = 'signed-out';
    this.lastError = 'The team server no longer accepts this browser. Leave the team and enroll again.';
    this.changed();
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    clearInterval(this.pingTimer);
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      try {
        socket.close(1000, 'closing');
      } catch {
        // Already closing.
      }
    }
  }

  private disconnect(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.drainTimer);
    this.closeSocket();
  }

  private onServerMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.mode = 'online';
        this.timing.onlineAt = this.now();
        this.timing.drainedAt = 0;
        this.timing.delivered = 0;
        this.maxEventsPerBatch = message.maxEventsPerBatch ?? BASE_EVENTS_PER_BATCH;
        this.backoff.reset();
        this.lastError = null;
        this.me = agentView(message.agent);
        this.orgName = message.organisation.name;
        this.agents.set(message.agent.id, this.me);
        void this.afterWelcome();
        this.sessionChanged();
        break;
      case 'conversation.assigned': {
        const before = this.conversations.get(message.conversation.id);
        this.remember(message.conversation);
        const mine = message.conversation.assigneeId === this.me?.id;
        if (
          mine &&
          message.reason !== 'take' &&
          message.previousAssigneeId !== this.me?.id &&
          before?.assigneeId !== this.me?.id
        ) {
          const ref = `${message.conversation.channel}|${message.conversation.customerRef}`;
          this.notify({
            kind: 'assigned',
            conversationId: message.conversation.id,
            customerRef: message.conversation.customerRef,
            title: this.titles.get(ref) ?? null,
            at: message.at,
          });
        }
        this.agentsRefresh.request();
        break;
      }
      case 'conversation.updated':
        this.remember(message.conversation);
        this.agentsRefresh.request();
        break;
      case 'agent.presence': {
        const agent = this.agents.get(message.agentId);
        if (agent) this.agents.set(agent.id, { ...agent, status: message.status });
        else this.agentsRefresh.request();
        break;
      }
      case 'replying': {
        const map = this.replying.get(message.conversationId) ?? new Map<string, number>();
        if (message.active) map.set(message.agentId, this.now());
        else map.delete(message.agentId);
        if (map.size > 0) this.replying.set(message.conversationId, map);
        else this.replying.delete(message.conversationId);
        break;
      }
      case 'error':
        this.lastError = message.message;
        break;
      case 'templates.updated':
        // The team's templates changed: the session listeners fetch them again.
        this.sessionChanged();
        return;
      case 'message.delivery':
        // Sidebars showing this conversation's Business API messages re-read their delivery states.
        this.deps.broadcast({ type: 'api-send', conversationId: message.message.conversationId });
        return;
      default:
        return;
    }
    this.changed();
  }

  private async afterWelcome(): Promise<void> {
    const session = this.session;
    if (!session) return;
    // Presence goes through the outbox like every outgoing event, so it is ordered with them.
    await this.enqueue([{ kind: 'presence', status: 'online' }]).catch(() => {});
    await Promise.all([this.agentsRefresh.runNow(), this.loadConversations(session)]).catch(
      (error: unknown) => {
        this.lastError = String((error as Error)?.message ?? error);
      },
    );
    this.changed();
    await this.drainNow();
  }

  private async fetchAgents(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const { agents } = await session.rest.get<{ agents: Agent[] }>('/api/v1/agents');
    // Signed out or re-enrolled meanwhile: this answer belongs to a session that is gone.
    if (this.session !== session) return;
    this.agents.clear();
    for (const agent of agents) this.agents.set(agent.id, agentView(agent));
    const me = this.me && this.agents.get(this.me.id);
    if (me) this.me = me;
    this.changed();
  }

  private async loadConversations(session: Session): Promise<void> {
    for (const status of ['open', 'pending'] as const) {
      const { conversations } = await session.rest.get<{ conversations: Conversation[] }>(
        `/api/v1/conversations?status=${status}&limit=500`,
      );
      for (const conversation of conversations) this.remember(conversation);
    }
  }

  private remember(conversation: Conversation): void {
    const known = this.conversations.get(conversation.id);
    if (known && known.updatedAt > conversation.updatedAt) return;
    this.conversations.set(conversation.id, conversation);
    this.byRef.set(`${conversation.channel}|${conversation.customerRef}`, conversation.id);
  }

  // ---- telling the sidebars ----

  private notify(notice: TeamNotice): void {
    this.deps.broadcast({ type: 'team', notice });
  }

  /** Coalesced: many pushes in one tick become one "re-read" for the sidebars. */
  private changed(): void {
    if (this.broadcastQueued) return;
    this.broadcastQueued = true;
    queueMicrotask(() => {
      this.broadcastQueued = false;
      this.deps.broadcast({ type: 'team' });
    });
  }
}
