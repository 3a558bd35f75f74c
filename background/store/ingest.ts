/**
 * Idempotent bulk ingest of captured messages. One transaction per batch: when the promise
 * resolves the batch is committed, and replaying it (after a crash, or because the DOM showed the
 * same window again) adds nothing, since each row's key is derived from its host id.
 */
import { type BulkError, Dexie, type PromiseExtended } from 'dexie';
import { extractTypedIdentifiers } from '../identity/typed-identifiers';
import { INQUIRY_GAP_MS } from '../rules/evaluate';
import { addInbound, type InboundPoint, isRefundText, REFUND_FACTS_KEY } from '../rules/inquiries';
import { StoreInputError } from './inputs';
import { messageKey, threadKey } from './keys';
import type {
  AccountRecord,
  CustomerRecord,
  InquiryRecord,
  MentionRecord,
  MessageRecord,
  ThreadRecord,
} from './records';
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
  /** The batch's rows as now stored, in batch order: what a re-read after commit would return. */
  rows: MessageRecord[];
  /** The thread row as now stored. */
  thread: ThreadRecord;
  /** The rows this ingest leaves committed, for the thread's next batch (see ingest-memo.ts). */
  known: KnownRows | undefined;
  /** The thread's inquiry clusters this ingest wrote, and the starts of those it deleted. */
  clusters: ClusterChanges;
}

export interface ClusterChanges {
  put: InquiryRecord[];
  deleted: number[];
}

/** Rows an ingest may start from instead of reading them, when they are known as committed. */
export interface KnownRows {
  thread: ThreadRecord;
  /** The thread's customer; undefined when the thread has none. */
  customer: CustomerRecord | undefined;
  /** The thread's cluster with the greatest end: null when it has none, undefined when unknown. */
  tail: InquiryRecord | null | undefined;
}

/** Every table an ingest may touch (mentions and the suggestions they make included). */
export function ingestTables(db: SwitchboardDb) {
  return [
    db.accounts,
    db.threads,
    db.messages,
    db.customers,
    db.inquiries,
    db.mentions,
    db.identities,
    db.suggestions,
  ];
}

/** WhatsApp group JIDs end in @g.us; a group is never a customer. */
export function looksLikeGroup(account: AccountRecord, thread: ParsedThread): boolean {
  return thread.isGroup ?? (account.channel === 'whatsapp' && thread.hostThreadId.endsWith('@g.us'));
}

function newThreadRecord(account: AccountRecord, thread: ParsedThread): ThreadRecord {
  return {
    id: threadKey(account.id, thread.hostThreadId, thread.e2ee ?? false),
    accountId: account.id,
    channel: account.channel,
    hostThreadId: thread.hostThreadId,
    e2ee: thread.e2ee ?? false,
    isGroup: looksLikeGroup(account, thread),
    title: thread.title ?? null,
    customerId: null,
    identityIds: [],
    firstMessageAt: null,
    lastMessageAt: null,
    messageCount: 0,
  };
}

/** Finds or creates the thread row (inside the caller's transaction). */
export async function ensureThread(
  db: SwitchboardDb,
  account: AccountRecord,
  thread: ParsedThread,
): Promise<ThreadRecord> {
  const id = threadKey(account.id, thread.hostThreadId, thread.e2ee ?? false);
  const existing = await db.threads.get(id);
  if (existing) {
    if (thread.title && thread.title !== existing.title) {
      existing.title = thread.title;
      await db.threads.update(id, { title: thread.title });
    }
    return existing;
  }
  const created = newThreadRecord(account, thread);
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

function sameMessage(a: MessageRecord, b: MessageRecord): boolean {
  return (
    a.threadId === b.threadId &&
    a.sender === b.sender &&
    a.text === b.text &&
    a.media === b.media &&
    a.quoted?.text === b.quoted?.text &&
    a.quoted?.sender === b.quoted?.sender &&
    (a.quoted === null) === (b.quoted === null)
  );
}

/**
 * Adds rows whose key is new and updates the others in place. `bulkAdd` first, because in the
 * common case (new messages) that is exactly one write per row — as cheap as a raw `bulkPut` —
 * and the failures tell us which rows existed without a read per row.
 *
 * A re-captured message keeps when we first saw it, its first-seen timestamp (an undated
 * Instagram message is stamped at capture; a later capture must not move it) and its direction;
 * everything else comes from the newer capture (text may have loaded).
 */
function addOrUpdate(db: SwitchboardDb, rows: MessageRecord[]): PromiseExtended<AddedOrUpdated> {
  return db.messages
    .bulkAdd(rows)
    .then(
      (): number[] => [],
      (error: unknown) => {
        if ((error as BulkError).name !== 'BulkError') throw error;
        const failures = (error as BulkError).failuresByPos;
        const failedPositions = Object.keys(failures).map(Number);
        const notDuplicate = failedPositions.find((pos) => failures[pos]?.name !== 'ConstraintError');
        if (notDuplicate !== undefined) throw failures[notDuplicate];
        return failedPositions;
      },
    )
    .then((failedPositions) => {
      if (failedPositions.length === 0) return { added: rows, updated: [] };
      const failed = new Set(failedPositions);
      const again = failedPositions.map((pos) => rows[pos]!);
      return db.messages.bulkGet(again.map((row) => row.id)).then((stored) => {
        const updated: AddedOrUpdated['updated'] = [];
        again.forEach((row, i) => {
          const before = stored[i];
          if (!before) return;
          updated.push({
            row: {
              ...row,
              capturedAt: before.capturedAt,
              timestamp: before.timestamp,
              direction: before.direction,
            },
            before,
          });
        });
        const result = { added: rows.filter((_, pos) => !failed.has(pos)), updated };
        // A re-sent batch (an ack lost with a stopped worker, the DOM showing the same window
        // again) mostly repeats rows as stored: only rows that really changed are written.
        const changed = updated.filter(({ row, before }) => !sameMessage(row, before));
        if (changed.length === 0) return result;
        return db.messages.bulkPut(changed.map((u) => u.row)).then(() => result);
      });
    });
}

interface AddedOrUpdated {
  added: MessageRecord[];
  updated: Array<{ row: MessageRecord; before: MessageRecord }>;
}

interface NearClusters {
  min: number;
  max: number;
  rows: InquiryRecord[];
  /**
   * The greatest-end cluster among those ending at or after min − INQUIRY_GAP_MS (near or
   * later): null when there is none, undefined when the read did not see them all.
   */
  last: InquiryRecord | null | undefined;
}

/**
 * Near clusters from the thread's known tail instead of a read. Clusters of a thread are more
 * than INQUIRY_GAP_MS apart, so when the batch starts no earlier than the tail does, every other
 * cluster ends before min − INQUIRY_GAP_MS: the tail is the only one that can be near.
 */
function nearFromTail(tail: InquiryRecord | null, min: number, max: number): NearClusters | null {
  if (tail && min < tail.start) return null;
  const near = tail && tail.end >= min - INQUIRY_GAP_MS ? tail : null;
  return { min, max, rows: near ? [near] : [], last: near };
}

/** Clusters read in one request before falling back to a cursor (a burst touches one or two). */
const NEAR_CLUSTERS_READ = 8;

/**
 * The thread's clusters within INQUIRY_GAP_MS of [min, max]. A thread's clusters never overlap,
 * so in [threadId+end] order their starts ascend too: past the first one starting too late,
 * none is near.
 */
function readNearClusters(
  db: SwitchboardDb,
  threadId: string,
  min: number,
  max: number,
): PromiseExtended<NearClusters> {
  const from = () =>
    db.inquiries
      .where('[threadId+end]')
      .between([threadId, min - INQUIRY_GAP_MS], [threadId, Dexie.maxKey], true, true);
  const tooLate = (cluster: InquiryRecord) => cluster.start > max + INQUIRY_GAP_MS;
  const near = (rows: InquiryRecord[], last: InquiryRecord | null | undefined) => ({
    min,
    max,
    rows: rows.filter((cluster) => !tooLate(cluster)),
    last,
  });
  return from()
    .limit(NEAR_CLUSTERS_READ)
    .toArray()
    .then((rows) => {
      const last = rows[rows.length - 1];
      if (rows.length < NEAR_CLUSTERS_READ) return near(rows, last ?? null);
      if (!last || tooLate(last)) return near(rows, undefined);
      return from()
        .until(tooLate, true)
        .toArray()
        .then((all) => near(all, undefined));
    });
}

/**
 * Keeps the thread's inquiry clusters (schema v3) in step with the batch: new inbound messages
 * join, extend, bridge or start clusters; re-captured ones may change refund status. Reads only
 * the clusters near the batch, writes only those that changed. Resolves with what it changed and
 * the thread's tail afterwards when known (`tail` as it was, for a batch without inbound ones).
 */
function updateInquiries(
  db: SwitchboardDb,
  threadId: string,
  points: InboundPoint[],
  prefetched: NearClusters | null,
  tail: InquiryRecord | null | undefined,
): PromiseExtended<ClusterChanges & { tail: InquiryRecord | null | undefined }> {
  if (points.length === 0) return Dexie.Promise.resolve({ put: [], deleted: [], tail });
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const point of points) {
    min = Math.min(min, point.timestamp);
    max = Math.max(max, point.timestamp);
  }
  // Read alongside the message writes from the batch's timestamps; a re-captured message whose
  // stored timestamp lies outside that range needs a read of its own.
  const read =
    prefetched && prefetched.min <= min && prefetched.max >= max
      ? Dexie.Promise.resolve(prefetched)
      : readNearClusters(db, threadId, min, max);
  return read.then((near) => {
    const relevant = near.rows;
    const stale = relevant.filter((cluster) => cluster.factsKey !== REFUND_FACTS_KEY);
    const next = addInbound(relevant, points);
    const same = (a: InquiryRecord, b: { start: number; end: number; refundIds: string[] }) =>
      a.start === b.start &&
      a.end === b.end &&
      a.refundIds.length === b.refundIds.length &&
      a.refundIds.every((id, i) => id === b.refundIds[i]);
    const kept = new Set<InquiryRecord>();
    const puts: InquiryRecord[] = [];
    let newest: InquiryRecord | null = null;
    for (const cluster of next) {
      const unchanged = relevant.find((old) => !stale.includes(old) && same(old, cluster));
      if (unchanged) kept.add(unchanged);
      else puts.push({ threadId, ...cluster, factsKey: stale.length > 0 ? STALE_FACTS : REFUND_FACTS_KEY });
      newest = unchanged ?? puts[puts.length - 1]!;
    }
    // Every cluster ending after min − INQUIRY_GAP_MS was seen (`near.last` says so) and the new
    // ones end at or after min: the tail is the newest of them, untouched or just written.
    const untouched = near.last && !relevant.includes(near.last) ? near.last : null;
    const after =
      near.last === undefined
        ? undefined
        : untouched && (!newest || untouched.end > newest.end)
          ? untouched
          : newest;
    // A put overwrites a cluster that keeps its start, so only the other replaced ones are
    // deleted; the two requests touch different keys and go out together.
    const putStarts = new Set(puts.map((cluster) => cluster.start));
    const deletes = relevant
      .filter((old) => !kept.has(old) && !putStarts.has(old.start))
      .map((old) => [threadId, old.start] as [string, number]);
    return Dexie.Promise.all([
      deletes.length > 0 ? db.inquiries.bulkDelete(deletes) : null,
      puts.length > 0 ? db.inquiries.bulkPut(puts) : null,
    ]).then(() => ({ put: puts, deleted: deletes.map(([, start]) => start), tail: after }));
  });
}

/** Marks a cluster merged from one computed with an older keyword list: recompute it lazily. */
export const STALE_FACTS = 'stale';

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

/**
 * The body of `Store.ingestMessages`; runs inside one rw transaction opened by the caller.
 *
 * Written as a chain of Dexie promises, without `await`: inside a transaction every native await
 * of a Dexie promise makes Dexie keep its zone alive with a train of microtasks (up to a hundred
 * per await), and this runs for every captured batch. Requests that do not depend on each other
 * are issued together: every round trip is latency the raw bulkPut baseline does not pay.
 */
export function ingestBatch(
  db: SwitchboardDb,
  accountId: string,
  threadInput: ParsedThread,
  messages: readonly ParsedMessage[],
  now: number,
  /** The account row when the caller knows it as committed (saves a read per batch). */
  knownAccount?: AccountRecord | undefined,
  /** The thread's rows when the caller knows them as committed (see ingest-memo.ts). */
  known?: KnownRows | undefined,
): PromiseExtended<IngestResult> {
  const threadId = threadKey(accountId, threadInput.hostThreadId, threadInput.e2ee ?? false);
  const knownThread = known?.thread.id === threadId ? known : undefined;
  return Dexie.Promise.all([
    knownAccount ?? db.accounts.get(accountId),
    knownThread?.thread ?? db.threads.get(threadId),
  ]).then(([account, existing]) => {
    if (!account) throw new StoreInputError(`Unknown account ${accountId}; call upsertAccount first`);
    const thread = existing ?? newThreadRecord(account, threadInput);
    const title = threadInput.title && threadInput.title !== thread.title ? threadInput.title : thread.title;
    // The same host id twice in one batch is one message: the last copy wins.
    const byId = new Map<string, MessageRecord>();
    for (const message of messages) {
      const row = toRecord(account, thread.id, message, now);
      byId.set(row.id, row);
    }
    const rows = [...byId.values()];
    if (rows.length === 0) {
      const stored = { ...thread, title };
      const done = { threadId: thread.id, customerId: thread.customerId, added: 0, duplicates: 0 };
      const write = existing && title === thread.title ? null : db.threads.put(stored);
      const keep = knownThread && { ...knownThread, thread: stored };
      const clusters = { put: [], deleted: [] };
      return Dexie.Promise.resolve(write).then(() => ({
        ...done,
        rows: [],
        thread: stored,
        known: keep,
        clusters,
      }));
    }

    let inboundMin = Number.POSITIVE_INFINITY;
    let inboundMax = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      if (row.direction !== 'in') continue;
      inboundMin = Math.min(inboundMin, row.timestamp);
      inboundMax = Math.max(inboundMax, row.timestamp);
    }
    const knownCustomer = knownThread && knownThread.customer?.id === thread.customerId;
    const knownNear =
      inboundMin <= inboundMax && knownThread?.tail !== undefined
        ? nearFromTail(knownThread.tail, inboundMin, inboundMax)
        : null;
    return Dexie.Promise.all([
      addOrUpdate(db, rows),
      knownCustomer || !thread.customerId ? knownThread?.customer : db.customers.get(thread.customerId),
      knownNear ??
        (inboundMin <= inboundMax ? readNearClusters(db, thread.id, inboundMin, inboundMax) : null),
    ]).then(([{ added, updated }, customer, nearClusters]) => {
      let first = thread.firstMessageAt;
      let last = thread.lastMessageAt;
      for (const row of [...added, ...updated.map((u) => u.row)]) {
        if (first === null || row.timestamp < first) first = row.timestamp;
        if (last === null || row.timestamp > last) last = row.timestamp;
      }
      const points: InboundPoint[] = added
        .filter((row) => row.direction === 'in')
        .map((row) => ({ id: row.id, timestamp: row.timestamp, refund: isRefundText(row.text) }));
      for (const { row, before } of updated) {
        if (row.direction !== 'in' || row.text === before.text) continue;
        const refund = isRefundText(row.text);
        if (refund !== isRefundText(before.text))
          points.push({ id: row.id, timestamp: row.timestamp, refund });
      }
      const storedThread: ThreadRecord = {
        ...thread,
        title,
        firstMessageAt: first,
        lastMessageAt: last,
        messageCount: (thread.messageCount ?? 0) + added.length,
      };
      const threadChanged =
        !existing ||
        title !== thread.title ||
        first !== thread.firstMessageAt ||
        last !== thread.lastMessageAt ||
        added.length > 0;
      let storedCustomer = customer;
      if (customer && first !== null && last !== null) {
        const firstContact = customer.firstContact === null ? first : Math.min(first, customer.firstContact);
        const lastContact = customer.lastContact === null ? last : Math.max(last, customer.lastContact);
        if (firstContact !== customer.firstContact || lastContact !== customer.lastContact) {
          storedCustomer = { ...customer, firstContact, lastContact };
        }
      }
      const clusters = updateInquiries(db, thread.id, points, nearClusters, knownThread?.tail);
      const writes: Array<PromiseExtended<unknown> | null> = [
        // `thread` was read (or found missing) earlier in this same read-write transaction, or
        // known as committed with nothing written since, so a put of it can never lose another
        // ingest's increment.
        threadChanged ? db.threads.put(storedThread) : null,
        // A put of the whole row is one request, where Table.update reads the keys and the row
        // again before writing it.
        storedCustomer !== customer && storedCustomer ? db.customers.put(storedCustomer) : null,
      ];
      const mentions = mentionsOf(account, added);
      const written = new Map(updated.map(({ row }) => [row.id, row]));
      const result: IngestResult = {
        threadId: thread.id,
        customerId: thread.customerId,
        added: added.length,
        duplicates: updated.length,
        rows: rows.map((row) => written.get(row.id) ?? row),
        thread: storedThread,
        known: undefined,
        clusters: { put: [], deleted: [] },
      };
      return Dexie.Promise.all([clusters, Dexie.Promise.all(writes)])
        .then(([{ tail, ...changes }]) => {
          result.known = { thread: storedThread, customer: storedCustomer, tail };
          result.clusters = changes;
        })
        .then(() => (mentions.length > 0 ? db.mentions.bulkPut(mentions) : null))
        .then(() =>
          // Rare (a phone, email or order number typed in a message), and written with awaits.
          mentions.length > 0 && thread.customerId && !thread.isGroup
            ? suggestFromMentions(db, mentions, now)
            : null,
        )
        .then(() => result);
    });
  });
}
