import { sql } from 'kysely';
import { chunks } from '../storage/chunks';
import type { AgentsTable, ConversationsTable, OrganisationsTable } from '../storage/schema';
import type { Tx } from '../storage/transaction';
import { conversationDto, parseList } from './dto';
import type { Outbox } from './outbox';
import { type Candidate, chooseAgent } from './policy';

export const COUNTED_STATUSES = ['open', 'pending'] as const;

/** Open + pending conversations assigned to `agentId`: the number the cap applies to. */
export async function loadOf(tx: Tx, agentId: string): Promise<number> {
  const row = await tx
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('load'))
    .where('assignee_id', '=', agentId)
    .where('status', 'in', COUNTED_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.load);
}

export const capOf = (
  agent: Pick<AgentsTable, 'max_open'>,
  org: Pick<OrganisationsTable, 'max_open_per_agent'>,
) => agent.max_open ?? org.max_open_per_agent;

async function onlineCandidates(tx: Tx, org: OrganisationsTable): Promise<Candidate[]> {
  const rows = await tx
    .selectFrom('agents')
    .select(['id', 'max_open', 'languages', 'skills', 'last_assigned_at'])
    .select(
      sql<number>`(select count(*) from conversations c where c.assignee_id = agents.id and c.status in ('open', 'pending'))`.as(
        'load',
      ),
    )
    .where('org_id', '=', org.id)
    .where('status', '=', 'online')
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    load: Number(row.load),
    cap: capOf(row, org),
    languages: parseList(row.languages),
    skills: parseList(row.skills),
    lastAssignedAt: row.last_assigned_at,
  }));
}

/**
 * Assigns as much of the backlog as online capacity allows, most urgent and longest waiting
 * first. Must run inside a transaction holding the organisation lock.
 */
export async function drainBacklog(
  tx: Tx,
  org: OrganisationsTable,
  now: number,
  outbox: Outbox,
): Promise<number> {
  const candidates = (await onlineCandidates(tx, org)).filter((c) => c.load < c.cap);
  if (candidates.length === 0) return 0;
  const spare = candidates.reduce((sum, c) => sum + (c.cap - c.load), 0);
  const backlog = await tx
    .selectFrom('conversations')
    .selectAll()
    .where('org_id', '=', org.id)
    .where('queued_at', 'is not', null)
    .orderBy('priority', 'desc')
    .orderBy('queued_at', 'asc')
    .orderBy('id', 'asc')
    // Some waiting conversations may need a skill nobody online has; look a little past them.
    .limit(spare * 4 + 50)
    .execute();

  /** Conversations given to each agent in this pass: one UPDATE per agent, not one per conversation. */
  const assignments = new Map<Candidate, string[]>();
  let assigned = 0;
  for (const row of backlog) {
    const agent = chooseAgent(
      {
        priority: row.priority,
        queuedAt: row.queued_at ?? now,
        language: row.language,
        skill: row.skill,
        preferredAgentId: row.preferred_agent_id,
      },
      candidates,
    );
    if (!agent) continue;
    agent.load += 1;
    agent.lastAssignedAt = now;
    const ids = assignments.get(agent);
    if (ids) ids.push(row.id);
    else assignments.set(agent, [row.id]);
    assigned += 1;
    const updated: ConversationsTable = {
      ...row,
      assignee_id: agent.id,
      assigned_at: now,
      queued_at: null,
      preferred_agent_id: null,
      updated_at: now,
    };
    outbox.push(org.id, {
      type: 'conversation.assigned',
      conversation: conversationDto(updated),
      previousAssigneeId: row.assignee_id,
      reason: 'auto',
      at: now,
    });
    if (assigned >= spare) break;
  }
  for (const [agent, ids] of assignments) {
    for (const part of chunks(ids)) {
      await tx
        .updateTable('conversations')
        .set({
          assignee_id: agent.id,
          assigned_at: now,
          queued_at: null,
          preferred_agent_id: null,
          updated_at: now,
        })
        .where('id', 'in', part)
        .execute();
    }
  }
  for (const part of chunks([...assignments.keys()].map((agent) => agent.id))) {
    await tx.updateTable('agents').set({ last_assigned_at: now }).where('id', 'in', part).execute();
  }
  return assigned;
}
