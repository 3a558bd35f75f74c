import { ApiError, conflict, forbidden, notFound } from '../api/errors';
import { hasRole, type Principal } from '../auth/principal';
import type { Conversation, Priority } from '../protocol/v1';
import type { Dialect } from '../storage/database';
import type { ConversationsTable, OrganisationsTable } from '../storage/schema';
import type { Tx } from '../storage/transaction';
import { capOf, drainBacklog, loadOf } from './assignment';
import { conversationDto, priorityRank } from './dto';
import { lockOrganisation } from './organisation-lock';
import type { Outbox } from './outbox';

interface Context {
  tx: Tx;
  dialect: Dialect;
  principal: Principal;
  now: number;
  outbox: Outbox;
}

async function lockedConversation(
  ctx: Context,
  id: string,
): Promise<{ org: OrganisationsTable; row: ConversationsTable }> {
  const org = await lockOrganisation(ctx.tx, ctx.dialect, ctx.principal.orgId);
  // Scoped by organisation: another organisation's conversation is indistinguishable from none.
  const row = await ctx.tx
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', ctx.principal.orgId)
    .executeTakeFirst();
  if (!org || !row) throw notFound('Conversation');
  return { org, row };
}

async function save(
  ctx: Context,
  row: ConversationsTable,
  changes: Partial<ConversationsTable>,
): Promise<ConversationsTable> {
  const next = { ...row, ...changes, updated_at: ctx.now };
  await ctx.tx
    .updateTable('conversations')
    .set({ ...changes, updated_at: ctx.now })
    .where('id', '=', row.id)
    .execute();
  return next;
}

/** Checks the hard cap for a manual assignment (take or transfer) under the organisation lock. */
async function ensureRoom(ctx: Context, org: OrganisationsTable, agentId: string): Promise<void> {
  const agent = await ctx.tx
    .selectFrom('agents')
    .selectAll()
    .where('id', '=', agentId)
    .where('org_id', '=', org.id)
    .executeTakeFirst();
  if (!agent || agent.disabled_at !== null) throw notFound('Agent');
  if (agent.status === 'offline') throw conflict('agent_offline', `${agent.name} is offline`);
  const cap = capOf(agent, org);
  if ((await loadOf(ctx.tx, agentId)) >= cap) {
    throw conflict('at_capacity', `${agent.name} already has ${cap} open conversations (the cap)`);
  }
}

function ensureActive(row: ConversationsTable): void {
  if (row.status !== 'open' && row.status !== 'pending') {
    throw conflict('not_open', `The conversation is ${row.status}; reopen it first`);
  }
}

async function assignTo(
  ctx: Context,
  org: OrganisationsTable,
  row: ConversationsTable,
  agentId: string,
  reason: 'take' | 'transfer',
): Promise<Conversation> {
  await ensureRoom(ctx, org, agentId);
  const next = await save(ctx, row, {
    assignee_id: agentId,
    assigned_at: ctx.now,
    queued_at: null,
    preferred_agent_id: null,
  });
  await ctx.tx.updateTable('agents').set({ last_assigned_at: ctx.now }).where('id', '=', agentId).execute();
  const conversation = conversationDto(next);
  ctx.outbox.push(org.id, {
    type: 'conversation.assigned',
    conversation,
    previousAssigneeId: row.assignee_id,
    reason,
    at: ctx.now,
  });
  // The previous owner just got room for someone waiting.
  if (row.assignee_id) await drainBacklog(ctx.tx, org, ctx.now, ctx.outbox);
  return conversation;
}

/** An agent takes a waiting conversation (leads may also take one owned by someone else). */
export async function takeConversation(ctx: Context, id: string): Promise<Conversation> {
  const { org, row } = await lockedConversation(ctx, id);
  ensureActive(row);
  if (row.assignee_id === ctx.principal.agentId) return conversationDto(row);
  if (row.assignee_id && !hasRole(ctx.principal, 'lead')) {
    throw conflict(
      'already_assigned',
      'Another agent owns this conversation; ask them or a lead to transfer it',
    );
  }
  return assignTo(ctx, org, row, ctx.principal.agentId, 'take');
}

export async function transferConversation(
  ctx: Context,
  id: string,
  toAgentId: string,
): Promise<Conversation> {
  const { org, row } = await lockedConversation(ctx, id);
  ensureActive(row);
  if (row.assignee_id !== ctx.principal.agentId && !hasRole(ctx.principal, 'lead')) {
    throw forbidden('Only the owner of a conversation or a lead can transfer it');
  }
  if (row.assignee_id === toAgentId) return conversationDto(row);
  return assignTo(ctx, org, row, toAgentId, 'transfer');
}

export async function resolveConversation(ctx: Context, id: string): Promise<Conversation> {
  const { org, row } = await lockedConversation(ctx, id);
  if (row.status === 'resolved') return conversationDto(row);
  if (row.assignee_id && row.assignee_id !== ctx.principal.agentId && !hasRole(ctx.principal, 'lead')) {
    throw forbidden('Only the owner of a conversation or a lead can resolve it');
  }
  // The owner stays recorded (who resolved it); resolved conversations no longer count as load.
  const next = await save(ctx, row, {
    status: 'resolved',
    resolved_at: ctx.now,
    queued_at: null,
    snoozed_until: null,
  });
  const conversation = conversationDto(next);
  ctx.outbox.push(org.id, { type: 'conversation.updated', conversation, at: ctx.now });
  if (row.assignee_id && (row.status === 'open' || row.status === 'pending')) {
    await drainBacklog(ctx.tx, org, ctx.now, ctx.outbox);
  }
  return conversation;
}

/**
 * Puts a conversation aside until `until`: it stops counting as its owner's load (so someone
 * waiting is assigned at once) and leaves the backlog; it wakes into the backlog at that moment,
 * favouring its owner, or as soon as the customer writes again.
 */
export async function snoozeConversation(ctx: Context, id: string, until: number): Promise<Conversation> {
  const { org, row } = await lockedConversation(ctx, id);
  if (row.status === 'resolved') throw conflict('not_open', 'The conversation is resolved; reopen it first');
  if (row.assignee_id && row.assignee_id !== ctx.principal.agentId && !hasRole(ctx.principal, 'lead')) {
    throw forbidden('Only the owner of a conversation or a lead can snooze it');
  }
  if (until <= ctx.now) throw new ApiError(400, 'invalid_request', 'until must be in the future');
  const next = await save(ctx, row, { status: 'snoozed', snoozed_until: until, queued_at: null });
  const conversation = conversationDto(next);
  ctx.outbox.push(org.id, { type: 'conversation.updated', conversation, at: ctx.now });
  if (row.assignee_id && (row.status === 'open' || row.status === 'pending')) {
    await drainBacklog(ctx.tx, org, ctx.now, ctx.outbox);
  }
  return conversation;
}

export async function reopenConversation(ctx: Context, id: string): Promise<Conversation> {
  const { org, row } = await lockedConversation(ctx, id);
  if (row.status === 'open' || row.status === 'pending') return conversationDto(row);
  const next = await save(ctx, row, {
    status: 'open',
    resolved_at: null,
    snoozed_until: null,
    reopen_count: row.status === 'resolved' ? row.reopen_count + 1 : row.reopen_count,
    preferred_agent_id: row.assignee_id ?? row.preferred_agent_id,
    assignee_id: null,
    assigned_at: null,
    queued_at: ctx.now,
  });
  ctx.outbox.push(org.id, { type: 'conversation.updated', conversation: conversationDto(next), at: ctx.now });
  await drainBacklog(ctx.tx, org, ctx.now, ctx.outbox);
  const final = await ctx.tx
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return conversationDto(final);
}

export async function updateConversation(
  ctx: Context,
  id: string,
  patch: { priority?: Priority; language?: string | null; skill?: string | null },
): Promise<Conversation> {
  const { org, row } = await lockedConversation(ctx, id);
  if (
    row.assignee_id !== ctx.principal.agentId &&
    !hasRole(ctx.principal, 'lead') &&
    row.assignee_id !== null
  ) {
    throw forbidden('Only the owner of a conversation or a lead can change it');
  }
  const changes: Partial<ConversationsTable> = {};
  if (patch.priority !== undefined) changes.priority = priorityRank(patch.priority);
  if (patch.language !== undefined) changes.language = patch.language;
  if (patch.skill !== undefined) changes.skill = patch.skill;
  if (Object.keys(changes).length === 0) throw new ApiError(400, 'invalid_request', 'Nothing to change');
  const next = await save(ctx, row, changes);
  const conversation = conversationDto(next);
  ctx.outbox.push(org.id, { type: 'conversation.updated', conversation, at: ctx.now });
  if (next.queued_at !== null) await drainBacklog(ctx.tx, org, ctx.now, ctx.outbox);
  return conversation;
}

export type ConversationActionContext = Context;
