/**
 * Idempotent bulk ingest of captured messages. One transaction per batch: when the promise
 * resolves the batch is committed, and replaying it (after a crash, or because the DOM showed the
 * same window again) adds nothing, since each row's key is derived from its host id.
 */
import type { BulkError } from 'dexie';
import { extractTypedIdentifiers } from '../identity/typed-identifiers';
import { StoreInputError } from './inputs';
import { messageKey, threadKey } from './keys';
import type { AccountRecord, MentionRecord, MessageRecord, ThreadRecord } from './records';
import type { SwitchboardDb } from './schema';
import { suggestFromMentions } from './suggestions';

export interface ParsedThread {
  hostThreadId: string;
  e2ee?: boolean | undefined;
  isGroup?: boolean | undefined;
  title?: string | null | undefined;
}

export interface ParsedMessage {
  hostId: string;
  direction: 'in' | 'out';
  sender?: string | null | undefined;
  text?: string | undefined;
  timestamp: number;
  quoted?: { text: string; sender?: string | null | undefined } | null | undefined;
  media?: MessageRecord['media'] | undefined;
}

export interface IngestResult {
  threadId: string;
  customerId: string | null;
  /** Messages not stored before this call. */
  added: number;
  /** Messages already stored (updated in place, never doubled). */
  duplicates: number;
}

/** WhatsApp group JIDs end in @g.us; a group is never a customer. */
export function looksLikeGroup(account: AccountRecord, thread: ParsedThread): boolean {
  return thread.isGroup ?? (account.channel === 'whatsapp' && thread.hostThreadId.endsWith('@g.us'));
}

/** Finds or creates the thread row (inside the caller's transaction). */
export async function ensureThread(
  db: SwitchboardDb,
  account: AccountRecord,
  thread: ParsedThread,
  prefetched?: ThreadRecord | undefined,
): Promise<ThreadRecord> {
  const e2ee = thread.e2ee ?? false;
  const id = threadKey(account.id, thread.hostThreadId, e2ee);
  const existing = prefetched ?? (await db.threads.get(id));
  if (existing) {
    if (thread.title && thread.title !== existing.title) {
      existing.title = thread.title;
      await db.threads.update(id, { title: thread.title });
    }
    return existing;
  }
  const created: ThreadRecord = {
    id,
    accountId: account.id,
    channel: account.channel,
    hostThreadId: thread.hostThreadId,
    e2ee,
    isGroup: looksLikeGroup(account, thread),
    title: thread.title ?? null,
    customerId: null,
    identityIds: [],
    firstMessageAt: null,
    lastMessageAt: null,
    messageCount: 0,
  };
  await db.threads.add(created);
  return created;
}

function toRecord(
  account: AccountRecord,
  threadId: string,
  message: ParsedMessage,
  capturedAt: number,
): MessageRecord {
  return {
    id: messageKey(account.id, account.channel, message.hostId),
    accountId: account.id,
    channel: account.channel,
    threadId,
    hostMessageId: message.hostId,
    direction: message.direction,
    sender: message.sender ?? null,
    text: message.text ?? '',
    timestamp: message.timestamp,
    quoted: message.quoted ? { text: message.quoted.text, sender: message.quoted.sender ?? null } : null,
    media: message.media ?? null,
    capturedAt,
  };
}

/**
 * Adds rows whose key is new and updates the others in place. `bulkAdd` first, because in the
 * common case (new messages) that is exactly one write per row — as cheap as a raw `bulkPut` —
 * and the failures tell us which rows existed without a read per row.
 */
async function addOrUpdate(
  db: SwitchboardDb,
  rows: MessageRecord[],
): Promise<{ added: MessageRecord[]; existing: number }> {
  let failedPositions: number[] = [];
  try {
    await db.messages.bulkAdd(rows);
  } catch (error) {
    if ((error as BulkError).name !== 'BulkError') throw error;
    const failures = (error as BulkError).failuresByPos;
    failedPositions = Object.keys(failures).map(Number);
    const notDuplicate = failedPositions.find((pos) => failures[pos]?.name !== 'ConstraintError');
    if (notDuplicate !== undefined) throw failures[notDuplicate];
  }
  if (failedPositions.length === 0) return { added: rows, existing: 0 };
  const failed = new Set(failedPositions);
  const again = failedPositions.map((pos) => rows[pos]!);
  const stored = await db.messages.bulkGet(again.map((row) => row.id));
  // Keep when we first saw it; take the newer capture for everything else (text may have loaded).
  await db.messages.bulkPut(
    again.map((row, i) => ({ ...row, capturedAt: stored[i]?.capturedAt ?? row.capturedAt })),
  );
  return { added: rows.filter((_, pos) => !failed.has(pos)), existing: again.length };
}

function mentionsOf(account: AccountRecord, rows: readonly MessageRecord[]): MentionRecord[] {
  const mentions: MentionRecord[] = [];
  for (const row of rows) {
    if (row.direction !== 'in' || row.text === '') continue;
    for (const found of extractTypedIdentifiers(row.text, account.region)) {
      mentions.push({
        id: `${row.id}|${found.kind}|${found.value}`,
        workspace: account.workspace,
        kind: found.kind,
        value: found.value,
        threadId: row.threadId,
        messageId: row.id,
        at: row.timestamp,
      });
    }
  }
  return mentions;
}

/** The body of `Store.ingestMessages`; runs inside one rw transaction opened by the caller. */
export async function ingestBatch(
  db: SwitchboardDb,
  accountId: string,
  threadInput: ParsedThread,
  messages: readonly ParsedMessage[],
  now: number,
): Promise<IngestResult> {
  // Requests are issued together where they do not depend on each other: every round trip to
  // IndexedDB inside the transaction is latency the raw bulkPut baseline does not pay.
  const [account, prefetched] = await Promise.all([
    db.accounts.get(accountId),
    db.threads.get(threadKey(accountId, threadInput.hostThreadId, threadInput.e2ee ?? false)),
  ]);
  if (!account) throw new StoreInputError(`Unknown account ${accountId}; call upsertAccount first`);
  const thread = await ensureThread(db, account, threadInput, prefetched);
  // The same host id twice in one batch is one message: the last copy wins.
  const byId = new Map<string, MessageRecord>();
  for (const message of messages) {
    const row = toRecord(account, thread.id, message, now);
    byId.set(row.id, row);
  }
  const rows = [...byId.values()];
  if (rows.length === 0)
    return { threadId: thread.id, customerId: thread.customerId, added: 0, duplicates: 0 };

  const [{ added, existing }, customer] = await Promise.all([
    addOrUpdate(db, rows),
    thread.customerId ? db.customers.get(thread.customerId) : undefined,
  ]);

  let first = thread.firstMessageAt;
  let last = thread.lastMessageAt;
  for (const row of rows) {
    if (first === null || row.timestamp < first) first = row.timestamp;
    if (last === null || row.timestamp > last) last = row.timestamp;
  }
  const writes: Array<Promise<unknown>> = [
    db.threads.update(thread.id, {
      firstMessageAt: first,
      lastMessageAt: last,
      messageCount: thread.messageCount + added.length,
    }),
  ];
  if (customer && first !== null && last !== null) {
    const firstContact = customer.firstContact === null ? first : Math.min(first, customer.firstContact);
    const lastContact = customer.lastContact === null ? last : Math.max(last, customer.lastContact);
    if (firstContact !== customer.firstContact || lastContact !== customer.lastContact) {
      writes.push(db.customers.update(customer.id, { firstContact, lastContact }));
    }
  }
  await Promise.all(writes);

  const mentions = mentionsOf(account, added);
  if (mentions.length > 0) {
    await db.mentions.bulkPut(mentions);
    if (thread.customerId && !thread.isGroup) await suggestFromMentions(db, mentions, now);
  }
  return { threadId: thread.id, customerId: thread.customerId, added: added.length, duplicates: existing };
}
