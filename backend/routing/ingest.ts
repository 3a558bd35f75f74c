import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal';
import type { CapturedEvent, EventBatchResult } from '../protocol/v1';
import type { Dialect } from '../storage/database';
import type { ConversationsTable } from '../storage/schema';
import type { Tx } from '../storage/transaction';
import { drainBacklog } from './assignment';
import { conversationDto, priorityRank } from './dto';
import { lockOrganisation } from './organisation-lock';
import type { Outbox } from './outbox';

interface Group {
  channel: CapturedEvent['channel'];
  customerRef: string;
  events: { event: CapturedEvent; index: number }[];
}

/** Events of one conversation stay in batch order; conversations are visited in key order so
 * two batches touching the same customers lock their rows in the same order (no deadlocks). */
function groupByConversation(events: readonly CapturedEvent[]): Group[] {
  const groups = new Map<string, Group>();
  events.forEach((event, index) => {
    const key = `${event.channel}\u0000${event.customerRef}`;
    let group = groups.get(key);
    if (!group) {
      group = { channel: event.channel, customerRef: event.customerRef, events: [] };
      groups.set(key, group);
    }
    group.events.push({ event, index });
  });
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

const max = (a: number | null, b: number) => (a === null || b > a ? b : a);
const min = (a: number | null, b: number) => (a === null || b < a ? b : a);

/** Applies one event to the conversation row in memory; returns whether it needs an assignment. */
function applyEvent(row: ConversationsTable, event: CapturedEvent, author: Principal, now: number): boolean {
  let needsAgent = false;
  if (event.priority) row.priority = priorityRank(event.priority);
  if (event.language) row.language = event.language;
  if (event.skill) row.skill = event.skill;
  if (event.kind === 'message.in') {
    row.first_customer_message_at = min(row.first_customer_message_at, event.occurredAt);
    row.last_customer_message_at = max(row.last_customer_message_at, event.occurredAt);
    if (row.status === 'resolved' || row.status === 'snoozed') {
      // A customer writing again reopens the conversation; the last owner is favoured for continuity.
      if (row.status === 'resolved') {
        row.reopen_count += 1;
        row.resolved_at = null;
      }
      row.status = 'open';
      row.snoozed_until = null;
      row.preferred_agent_id = row.assignee_id ?? row.preferred_agent_id;
      row.assignee_id = null;
      row.assigned_at = null;
      row.queued_at = Math.min(now, event.occurredAt);
      needsAgent = true;
    } else if (row.status === 'pending') {
      row.status = 'open';
    }
  } else {
    row.first_agent_reply_at = min(row.first_agent_reply_at, event.occurredAt);
    row.last_agent_message_at = max(row.last_agent_message_at, event.occurredAt);
    if (row.assignee_id === null && row.queued_at !== null) row.preferred_agent_id ??= author.agentId;
  }
  return needsAgent;
}

function newConversation(orgId: string, group: Group, author: Principal, now: number): ConversationsTable {
  const first = group.events[0]?.event;
  return {
    id: randomUUID(),
    org_id: orgId,
    channel: group.channel,
    customer_ref: group.customerRef,
    status: 'open',
    priority: priorityRank('normal'),
    language: null,
    skill: null,
    assignee_id: null,
    // An agent who writes first to a customer keeps that conversation if they have room.
    preferred_agent_id: first?.kind === 'message.out' ? author.agentId : null,
    // The customer has waited since their message, not since it reached us: "oldest first" uses it.
    queued_at: Math.min(now, first?.occurredAt ?? now),
    assigned_at: null,
    first_customer_message_at: null,
    last_customer_message_at: null,
    first_agent_reply_at: null,
    last_agent_message_at: null,
    resolved_at: null,
    snoozed_until: null,
    reopen_count: 0,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Stores a batch of captured events exactly once each (by idempotency key), updates their
 * conversations and assigns new or reopened ones, all in one transaction: when the response is
 * sent, everything it acknowledges is durable.
 */
export async function ingestEvents(
  tx: Tx,
  dialect: Dialect,
  author: Principal,
  events: readonly CapturedEvent[],
  now: number,
  outbox: Outbox,
): Promise<EventBatchResult> {
  const org = await lockOrganisation(tx, dialect, author.orgId);
  if (!org) throw new Error(`organisation ${author.orgId} vanished`);
  const results: EventBatchResult['results'] = new Array(events.length);
  let accepted = 0;
  let needsDrain = false;

  for (const group of groupByConversation(events)) {
    let row = await tx
      .selectFrom('conversations')
      .selectAll()
      .where('org_id', '=', org.id)
      .where('channel', '=', group.channel)
      .where('customer_ref', '=', group.customerRef)
      .executeTakeFirst();
    const created = !row;
    if (!row) {
      row = newConversation(org.id, group, author, now);
      await tx.insertInto('conversations').values(row).execute();
      needsDrain = true;
    }
    const before = { ...row };
    let changed = false;
    for (const { event, index } of group.events) {
      const inserted = await tx
        .insertInto('events')
        .values({
          org_id: org.id,
          key: event.id,
          conversation_id: row.id,
          kind: event.kind,
          agent_id: event.kind === 'message.out' ? author.agentId : null,
          occurred_at: event.occurredAt,
          received_at: now,
          text: event.text ?? null,
        })
        .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
        .executeTakeFirst();
      const isNew = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
      results[index] = { id: event.id, status: isNew ? 'accepted' : 'duplicate', conversationId: row.id };
      if (!isNew) continue;
      accepted += 1;
      changed = true;
      if (applyEvent(row, event, author, now)) needsDrain = true;
    }
    if (changed || created) {
      row.updated_at = now;
      await tx.updateTable('conversations').set(row).where('id', '=', row.id).execute();
    }
    const reopened = before.status !== row.status && row.status === 'open' && row.assignee_id === null;
    if (created || reopened)
      outbox.push(org.id, { type: 'conversation.updated', conversation: conversationDto(row), at: now });
  }

  if (needsDrain) await drainBacklog(tx, org, now, outbox);
  return { accepted, duplicates: events.length - accepted, results };
}
