import { type Kysely, sql } from 'kysely';
import type { AgentStatus } from '../protocol/v1';
import type { Dialect } from '../storage/database';
import type { Schema } from '../storage/schema';
import type { Tx } from '../storage/transaction';
import { COUNTED_STATUSES, drainBacklog } from './assignment';
import { conversationDto } from './dto';
import { lockOrganisation } from './organisation-lock';
import type { Outbox } from './outbox';

/** Sets an agent's presence; going online immediately pulls work from the backlog. */
export async function setPresence(
  tx: Tx,
  dialect: Dialect,
  orgId: string,
  agentId: string,
  status: AgentStatus,
  now: number,
  outbox: Outbox,
): Promise<void> {
  const org = await lockOrganisation(tx, dialect, orgId);
  const agent = await tx
    .selectFrom('agents')
    .select(['status', 'offline_since'])
    .where('id', '=', agentId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!org || !agent) return;
  await tx
    .updateTable('agents')
    .set({
      status,
      last_seen_at: now,
      // Keep the original moment when an offline agent is marked offline again.
      offline_since: status === 'offline' ? (agent.status === 'offline' ? agent.offline_since : now) : null,
    })
    .where('id', '=', agentId)
    .execute();
  if (agent.status !== status) outbox.push(orgId, { type: 'agent.presence', agentId, status, at: now });
  if (status === 'online') await drainBacklog(tx, org, now, outbox);
}

/** Marks stale agents offline and redistributes conversations of agents offline past the grace period. */
export async function sweepOrganisation(
  tx: Tx,
  dialect: Dialect,
  orgId: string,
  now: number,
  presenceTimeoutMs: number,
  outbox: Outbox,
): Promise<void> {
  const org = await lockOrganisation(tx, dialect, orgId);
  if (!org) return;

  const stale = await tx
    .selectFrom('agents')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', '!=', 'offline')
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', now - presenceTimeoutMs)]))
    .execute();
  for (const { id } of stale) {
    await tx
      .updateTable('agents')
      .set({ status: 'offline', offline_since: now })
      .where('id', '=', id)
      .execute();
    outbox.push(orgId, { type: 'agent.presence', agentId: id, status: 'offline', at: now });
  }

  const graceEnded = now - org.offline_grace_seconds * 1000;
  const orphaned = await tx
    .selectFrom('conversations')
    .innerJoin('agents', 'agents.id', 'conversations.assignee_id')
    .selectAll('conversations')
    .where('conversations.org_id', '=', orgId)
    .where('conversations.status', 'in', ['open', 'pending'])
    .where((eb) =>
      eb.or([
        eb('agents.disabled_at', 'is not', null),
        eb.and([eb('agents.status', '=', 'offline'), eb('agents.offline_since', '<=', graceEnded)]),
      ]),
    )
    .execute();
  for (const row of orphaned) {
    // Customers who have waited longest go first when the backlog is drained.
    const queuedAt = Math.min(now, row.last_customer_message_at ?? now);
    await tx
      .updateTable('conversations')
      .set({
        assignee_id: null,
        assigned_at: null,
        queued_at: queuedAt,
        preferred_agent_id: null,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    outbox.push(orgId, {
      type: 'conversation.assigned',
      conversation: conversationDto({
        ...row,
        assignee_id: null,
        assigned_at: null,
        queued_at: queuedAt,
        updated_at: now,
      }),
      previousAssigneeId: row.assignee_id,
      reason: 'offline_reassign',
      at: now,
    });
  }

  const snoozed = await tx
    .selectFrom('conversations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .execute();
  for (const row of snoozed) {
    const woken = {
      ...row,
      status: 'open' as const,
      snoozed_until: null,
      preferred_agent_id: row.assignee_id,
      assignee_id: null,
      assigned_at: null,
      queued_at: now,
      updated_at: now,
    };
    await tx.updateTable('conversations').set(woken).where('id', '=', row.id).execute();
    outbox.push(orgId, { type: 'conversation.updated', conversation: conversationDto(woken), at: now });
  }

  await drainBacklog(tx, org, now, outbox);
}

/**
 * The organisations a maintenance sweep has something to do in right now: an agent whose
 * heartbeats stopped, conversations held by an agent offline past the grace period (or
 * disabled), a snooze that is due, or a backlog next to an online agent with room (a safety net:
 * every change that frees capacity already assigns in its own transaction). Read without locks;
 * the sweep of each organisation re-checks everything under its lock.
 */
export async function organisationsWithWork(
  db: Kysely<Schema>,
  now: number,
  presenceTimeoutMs: number,
): Promise<string[]> {
  const found = new Set<string>();
  const stale = await db
    .selectFrom('agents')
    .select('org_id')
    .distinct()
    .where('status', '!=', 'offline')
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', now - presenceTimeoutMs)]))
    .execute();
  const orphaned = await db
    .selectFrom('agents')
    .innerJoin('organisations', 'organisations.id', 'agents.org_id')
    .select('agents.org_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb('agents.disabled_at', 'is not', null),
        eb.and([
          eb('agents.status', '=', 'offline'),
          eb(
            'agents.offline_since',
            '<=',
            sql<number>`cast(${now} as bigint) - organisations.offline_grace_seconds * 1000`,
          ),
        ]),
      ]),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversations')
          .select('conversations.id')
          .whereRef('conversations.assignee_id', '=', 'agents.id')
          .where('conversations.status', 'in', COUNTED_STATUSES),
      ),
    )
    .execute();
  const snoozed = await db
    .selectFrom('conversations')
    .select('org_id')
    .distinct()
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .execute();
  const waiting = await db
    .selectFrom('organisations')
    .select('organisations.id as org_id')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversations')
          .select('conversations.id')
          .whereRef('conversations.org_id', '=', 'organisations.id')
          .where('conversations.queued_at', 'is not', null),
      ),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('agents')
          .select('agents.id')
          .whereRef('agents.org_id', '=', 'organisations.id')
          .where('agents.status', '=', 'online')
          .where('agents.disabled_at', 'is', null)
          .where(
            sql<number>`(select count(*) from conversations c where c.assignee_id = agents.id and c.status in ('open', 'pending'))`,
            '<',
            sql<number>`coalesce(agents.max_open, organisations.max_open_per_agent)`,
          ),
      ),
    )
    .execute();
  for (const rows of [stale, orphaned, snoozed, waiting]) for (const { org_id } of rows) found.add(org_id);
  return [...found].sort();
}
