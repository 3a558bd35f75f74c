import type { Principal } from '../auth/principal';
import { type CapturedEvent, canonicalCustomerRef, type EventBatchResult } from '../protocol/v1';
import { chunks } from '../storage/chunks';
import type { Dialect } from '../storage/database';
import { uuidv7 } from '../storage/ids';
import type { ConversationsTable, EventsTable } from '../storage/schema';
import type { Tx } from '../storage/transaction';
import { drainBacklog } from './assignment';
import { conversationDto, priorityRank } from './dto';
import { lockOrganisation } from './organisation-lock';
import type { Outbox } from './outbox';

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

function newConversation(
  orgId: string,
  channel: CapturedEvent['channel'],
  customerRef: string,
  first: CapturedEvent,
  author: Principal,
  now: number,
): ConversationsTable {
  return {
    id: uuidv7(),
    org_id: orgId,
    channel,
    customer_ref: customerRef,
    status: 'open',
    priority: priorityRank('normal'),
    language: null,
    skill: null,
    assignee_id: null,
    // An agent who writes first to a customer keeps that conversation if they have room.
    preferred_agent_id: first.kind === 'message.out' ? author.agentId : null,
    // The customer has waited since their message, not since it reached us: "oldest first" uses it.
    queued_at: Math.min(now, first.occurredAt),
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

/** One caller's batch of events, as it arrived (in order). */
export interface IngestRequest {
  author: Principal;
  events: readonly CapturedEvent[];
}

const conversationKey = (channel: string, customerRef: string) => `${channel}\u0000${customerRef}`;

/** Existing conversations for the given keys: one indexed query per channel and chunk, not one per key. */
async function findConversations(
  tx: Tx,
  orgId: string,
  keys: ReadonlyMap<string, { channel: CapturedEvent['channel']; customerRef: string }>,
): Promise<Map<string, ConversationsTable>> {
  const refsByChannel = new Map<CapturedEvent['channel'], string[]>();
  for (const { channel, customerRef } of keys.values()) {
    const refs = refsByChannel.get(channel);
    if (refs) refs.push(customerRef);
    else refsByChannel.set(channel, [customerRef]);
  }
  const found = new Map<string, ConversationsTable>();
  for (const [channel, refs] of refsByChannel) {
    for (const part of chunks(refs)) {
      const rows = await tx
        .selectFrom('conversations')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('channel', '=', channel)
        .where('customer_ref', 'in', part)
        .execute();
      for (const row of rows) found.set(conversationKey(row.channel, row.customer_ref), row);
    }
  }
  return found;
}

/**
 * Stores several callers' batches of events exactly once each (by idempotency key), updates
 * their conversations and assigns new or reopened ones, all in one transaction with one
 * assignment pass: when the responses are sent, everything they acknowledge is durable. The
 * outcome is the same as running the requests one after another in the given order; only the
 * number of statements and passes shrinks (a few bulk statements instead of one per event).
 */
export async function ingestBatch(
  tx: Tx,
  dialect: Dialect,
  orgId: string,
  requests: readonly IngestRequest[],
  now: number,
  outbox: Outbox,
): Promise<EventBatchResult[]> {
  const org = await lockOrganisation(tx, dialect, orgId);
  if (!org) throw new Error(`organisation ${orgId} vanished`);
  requests = requests.map(({ author, events }) => ({
    author,
    events: events.map((e) => ({ ...e, customerRef: canonicalCustomerRef(e.channel, e.customerRef) })),
  }));

  // Every conversation the batch touches, with the event (and author) that would open it.
  const keys = new Map<
    string,
    { channel: CapturedEvent['channel']; customerRef: string; first: CapturedEvent; author: Principal }
  >();
  for (const { author, events } of requests) {
    for (const event of events) {
      const key = conversationKey(event.channel, event.customerRef);
      if (!keys.has(key))
        keys.set(key, { channel: event.channel, customerRef: event.customerRef, first: event, author });
    }
  }
  const rows = await findConversations(tx, org.id, keys);

  // Which events are new is known before anything is written: under the organisation lock no
  // one else inserts this organisation's events, and within the batch the first occurrence of a
  // key wins, exactly as if the requests had run one after another.
  const known = new Set<string>();
  const batchKeys = [...new Set(requests.flatMap(({ events }) => events.map((e) => e.id)))];
  for (const part of chunks(batchKeys)) {
    const found = await tx
      .selectFrom('events')
      .select('key')
      .where('org_id', '=', org.id)
      .where('key', 'in', part)
      .execute();
    for (const { key } of found) known.add(key);
  }

  /** Each existing conversation an event changes, as it was before this batch. */
  const before = new Map<string, ConversationsTable>();
  const created = new Map<string, ConversationsTable>();
  const accepted: EventsTable[] = [];
  let needsDrain = false;
  const results = requests.map(({ author, events }) => {
    const items: EventBatchResult['results'] = [];
    let count = 0;
    for (const event of events) {
      const key = conversationKey(event.channel, event.customerRef);
      let row = rows.get(key);
      if (!row) {
        const opening = keys.get(key) as { first: CapturedEvent; author: Principal };
        row = newConversation(org.id, event.channel, event.customerRef, opening.first, opening.author, now);
        rows.set(key, row);
        created.set(key, row);
        needsDrain = true;
      }
      const isNew = !known.has(event.id);
      items.push({ id: event.id, status: isNew ? 'accepted' : 'duplicate', conversationId: row.id });
      if (!isNew) continue;
      known.add(event.id);
      count += 1;
      accepted.push({
        org_id: org.id,
        key: event.id,
        conversation_id: row.id,
        kind: event.kind,
        agent_id: event.kind === 'message.out' ? author.agentId : null,
        occurred_at: event.occurredAt,
        received_at: now,
        text: event.text ?? null,
      });
      if (!created.has(key) && !before.has(key)) before.set(key, { ...row });
      if (applyEvent(row, event, author, now)) needsDrain = true;
    }
    return { accepted: count, duplicates: events.length - count, results: items };
  });

  // New conversations are written once, already in their state after the batch's events.
  for (const part of chunks([...created.values()]))
    await tx.insertInto('conversations').values(part).execute();
  for (const part of chunks(accepted)) await tx.insertInto('events').values(part).execute();
  for (const [key, original] of before) {
    const row = rows.get(key) as ConversationsTable;
    row.updated_at = now;
    // Only the columns that changed: SQLite then leaves the indexes on the others alone, which
    // for the usual follow-up message is all but one of them.
    const changes: Partial<ConversationsTable> = {};
    for (const column of Object.keys(row) as (keyof ConversationsTable)[]) {
      if (row[column] !== original[column]) (changes as Record<string, unknown>)[column] = row[column];
    }
    await tx.updateTable('conversations').set(changes).where('id', '=', row.id).execute();
  }
  for (const [key, row] of rows) {
    const previous = before.get(key)?.status;
    const reopened =
      previous !== undefined && previous !== row.status && row.status === 'open' && row.assignee_id === null;
    if (created.has(key) || reopened)
      outbox.push(org.id, { type: 'conversation.updated', conversation: conversationDto(row), at: now });
  }

  if (needsDrain) await drainBacklog(tx, org, now, outbox);
  return results;
}

/** One caller's batch on its own (see ingestBatch). */
export async function ingestEvents(
  tx: Tx,
  dialect: Dialect,
  author: Principal,
  events: readonly CapturedEvent[],
  now: number,
  outbox: Outbox,
): Promise<EventBatchResult> {
  const [result] = await ingestBatch(tx, dialect, author.orgId, [{ author, events }], now, outbox);
  return result as EventBatchResult;
}
