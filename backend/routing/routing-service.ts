import { sql } from 'kysely';
import { ApiError, forbidden, notFound } from '../api/errors';
import { hasRole, type Principal } from '../auth/principal';
import type {
  Agent,
  AgentStatus,
  CapturedEvent,
  Conversation,
  EventBatchResult,
  Organisation,
  Priority,
} from '../protocol/v1';
import type { Database } from '../storage/database';
import type { ConversationStatus, OrganisationsTable } from '../storage/schema';
import { inTransaction, type Tx } from '../storage/transaction';
import { capOf, drainBacklog } from './assignment';
import {
  type ConversationActionContext,
  reopenConversation,
  resolveConversation,
  snoozeConversation,
  takeConversation,
  transferConversation,
  updateConversation,
} from './conversation-actions';
import { agentDto, conversationDto, organisationDto } from './dto';
import { GroupCommit } from './group-commit';
import { type IngestRequest, ingestBatch } from './ingest';
import { lockOrganisation } from './organisation-lock';
import { Outbox, type Publish } from './outbox';
import { organisationsWithWork, setPresence, sweepOrganisation } from './presence';

export interface ConversationFilter {
  status?: ConversationStatus;
  assigneeId?: string | null;
  limit: number;
  /** Only conversations updated strictly before this moment (for paging back in time). */
  before?: number;
}

/** Events in one group-commit pass at most: bounds how long one transaction holds the lock. */
const MAX_EVENTS_PER_PASS = 5_000;

/** Every routing operation: one transaction each, pushes published after commit. */
export class RoutingService {
  /** Concurrent event batches of one organisation share a transaction and an assignment pass. */
  private readonly ingestQueue = new GroupCommit<IngestRequest, EventBatchResult>(
    (orgId, requests) =>
      this.run((tx, outbox, now) => ingestBatch(tx, this.database.dialect, orgId, requests, now, outbox)),
    (request) => request.events.length,
    MAX_EVENTS_PER_PASS,
  );

  constructor(
    private readonly database: Database,
    private readonly publish: Publish,
    private readonly presenceTimeoutMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  private async run<T>(work: (tx: Tx, outbox: Outbox, now: number) => Promise<T>): Promise<T> {
    const outbox = new Outbox();
    const now = this.clock();
    const result = await inTransaction(this.database.db, (tx) => {
      outbox.clear();
      return work(tx, outbox, now);
    });
    if (outbox.size > 0) this.publish(outbox.items);
    return result;
  }

  private action<T>(principal: Principal, work: (ctx: ConversationActionContext) => Promise<T>): Promise<T> {
    return this.run((tx, outbox, now) =>
      work({ tx, dialect: this.database.dialect, principal, now, outbox }),
    );
  }

  ingest(principal: Principal, events: readonly CapturedEvent[]): Promise<EventBatchResult> {
    return this.ingestQueue.submit(principal.orgId, { author: principal, events });
  }

  take(principal: Principal, id: string): Promise<Conversation> {
    return this.action(principal, (ctx) => takeConversation(ctx, id));
  }

  transfer(principal: Principal, id: string, agentId: string): Promise<Conversation> {
    return this.action(principal, (ctx) => transferConversation(ctx, id, agentId));
  }

  resolve(principal: Principal, id: string): Promise<Conversation> {
    return this.action(principal, (ctx) => resolveConversation(ctx, id));
  }

  snooze(principal: Principal, id: string, until: number): Promise<Conversation> {
    return this.action(principal, (ctx) => snoozeConversation(ctx, id, until));
  }

  reopen(principal: Principal, id: string): Promise<Conversation> {
    return this.action(principal, (ctx) => reopenConversation(ctx, id));
  }

  update(
    principal: Principal,
    id: string,
    patch: { priority?: Priority; language?: string | null; skill?: string | null },
  ): Promise<Conversation> {
    return this.action(principal, (ctx) => updateConversation(ctx, id, patch));
  }

  setPresence(principal: Principal, status: AgentStatus): Promise<void> {
    return this.run((tx, outbox, now) =>
      setPresence(tx, this.database.dialect, principal.orgId, principal.agentId, status, now, outbox),
    );
  }

  /** A live socket's heartbeat: keeps the agent from being swept offline. */
  async heartbeat(principal: Principal): Promise<void> {
    await this.database.db
      .updateTable('agents')
      .set({ last_seen_at: this.clock() })
      .where('id', '=', principal.agentId)
      .execute();
  }

  /**
   * One maintenance pass; each instance runs it periodically. Only organisations with something
   * to do are visited (and locked), so an idle organisation costs the sweep nothing but its share
   * of a few indexed reads.
   */
  async sweep(): Promise<void> {
    const orgs = await organisationsWithWork(this.database.readDb, this.clock(), this.presenceTimeoutMs);
    for (const id of orgs) {
      await this.run((tx, outbox, now) =>
        sweepOrganisation(tx, this.database.dialect, id, now, this.presenceTimeoutMs, outbox),
      );
    }
  }

  async getConversation(principal: Principal, id: string): Promise<Conversation> {
    const row = await this.database.readDb
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', id)
      .where('org_id', '=', principal.orgId)
      .executeTakeFirst();
    if (!row) throw notFound('Conversation');
    return conversationDto(row);
  }

  async listConversations(principal: Principal, filter: ConversationFilter): Promise<Conversation[]> {
    let query = this.database.readDb
      .selectFrom('conversations')
      .selectAll()
      .where('org_id', '=', principal.orgId)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.assigneeId === null) query = query.where('assignee_id', 'is', null);
    else if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
    if (filter.before !== undefined) query = query.where('updated_at', '<', filter.before);
    return (await query.execute()).map(conversationDto);
  }

  async listAgents(principal: Principal): Promise<Agent[]> {
    const org = await this.database.readDb
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', principal.orgId)
      .executeTakeFirstOrThrow();
    const rows = await this.database.readDb
      .selectFrom('agents')
      .selectAll()
      .select(
        sql<number>`(select count(*) from conversations c where c.assignee_id = agents.id and c.status in ('open', 'pending'))`.as(
          'load',
        ),
      )
      .where('org_id', '=', principal.orgId)
      .where('disabled_at', 'is', null)
      .orderBy('name')
      .execute();
    return rows.map((row) => agentDto(row, Number(row.load), org.max_open_per_agent));
  }

  async getAgent(principal: Principal, agentId: string): Promise<Agent> {
    const agent = (await this.listAgents(principal)).find((a) => a.id === agentId);
    if (!agent) throw notFound('Agent');
    return agent;
  }

  /**
   * Admins change organisation settings. A raised cap assigns waiting conversations at once, and
   * a shortened grace period redistributes what it now releases, in the same transaction.
   */
  async updateOrganisation(
    principal: Principal,
    patch: { name?: string; maxOpenPerAgent?: number; offlineGraceSeconds?: number },
  ): Promise<Organisation> {
    if (!hasRole(principal, 'admin')) throw forbidden('Only admins can change organisation settings');
    const changes: Partial<OrganisationsTable> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.maxOpenPerAgent !== undefined) changes.max_open_per_agent = patch.maxOpenPerAgent;
    if (patch.offlineGraceSeconds !== undefined) changes.offline_grace_seconds = patch.offlineGraceSeconds;
    if (Object.keys(changes).length === 0) throw new ApiError(400, 'invalid_request', 'Nothing to change');
    return this.run(async (tx, outbox, now) => {
      const before = await lockOrganisation(tx, this.database.dialect, principal.orgId);
      if (!before) throw notFound('Organisation');
      await tx.updateTable('organisations').set(changes).where('id', '=', before.id).execute();
      const org = { ...before, ...changes };
      if (org.offline_grace_seconds < before.offline_grace_seconds) {
        await sweepOrganisation(tx, this.database.dialect, org.id, now, this.presenceTimeoutMs, outbox);
      } else if (org.max_open_per_agent > before.max_open_per_agent) {
        await drainBacklog(tx, org, now, outbox);
      }
      return organisationDto(org);
    });
  }

  /** Leads tune routing (cap, languages, skills); only admins change roles or disable accounts. */
  async updateAgent(
    principal: Principal,
    agentId: string,
    patch: {
      maxOpen?: number | null;
      languages?: string[];
      skills?: string[];
      role?: Principal['role'];
      disabled?: boolean;
    },
  ): Promise<Agent> {
    if (!hasRole(principal, 'lead')) throw forbidden('Only leads and admins can change agents');
    if ((patch.role !== undefined || patch.disabled !== undefined) && !hasRole(principal, 'admin')) {
      throw forbidden('Only admins can change roles or disable agents');
    }
    if (patch.disabled && agentId === principal.agentId) {
      throw new ApiError(400, 'invalid_request', 'You cannot disable yourself');
    }
    await this.run(async (tx, outbox, now) => {
      const org = await lockOrganisation(tx, this.database.dialect, principal.orgId);
      const agent = await tx
        .selectFrom('agents')
        .selectAll()
        .where('id', '=', agentId)
        .where('org_id', '=', principal.orgId)
        .executeTakeFirst();
      if (!org || !agent) throw notFound('Agent');
      const changes: Record<string, unknown> = {};
      if (patch.maxOpen !== undefined) changes.max_open = patch.maxOpen;
      if (patch.languages) changes.languages = JSON.stringify(patch.languages);
      if (patch.skills) changes.skills = JSON.stringify(patch.skills);
      if (patch.role) changes.role = patch.role;
      if (patch.disabled !== undefined) changes.disabled_at = patch.disabled ? now : null;
      if (Object.keys(changes).length === 0) throw new ApiError(400, 'invalid_request', 'Nothing to change');
      await tx.updateTable('agents').set(changes).where('id', '=', agentId).execute();
      if (patch.disabled) {
        await tx.updateTable('tokens').set({ revoked_at: now }).where('agent_id', '=', agentId).execute();
        await sweepOrganisation(tx, this.database.dialect, org.id, now, this.presenceTimeoutMs, outbox);
      } else if (
        // `maxOpen: null` means "back to the organisation's cap", which may be a raise too.
        capOf({ max_open: patch.maxOpen !== undefined ? patch.maxOpen : agent.max_open }, org) >
          capOf(agent, org) ||
        patch.skills ||
        patch.languages
      ) {
        await drainBacklog(tx, org, now, outbox);
      }
    });
    return this.getAgent(principal, agentId);
  }
}
