/**
 * The customer card the sidebar paints: one read transaction, bounded by the rule windows. Its
 * cost does not grow with the number of messages: inquiries and refund requests come from the
 * per-thread inquiry clusters kept at ingest (schema v3), message counts from the threads' counters.
 */
import { Dexie } from 'dexie';
import {
  evaluateRules,
  evaluateRulesOnInquiries,
  INQUIRY_GAP_MS,
  longestWindowMs,
  type RuleEvaluation,
  rulesNeedText,
} from '../rules/evaluate';
import {
  clustersOf,
  type InquiryCluster,
  isRefundText,
  mergeClusters,
  REFUND_FACTS_KEY,
} from '../rules/inquiries';
import type { PriorityRule } from '../rules/rule-types';
import type {
  CustomerRecord,
  IdentityRecord,
  MergeHistoryMerge,
  NoteRecord,
  TagRecord,
  ThreadRecord,
} from './records';
import type { SwitchboardDb } from './schema';

const DAY_MS = 86_400_000;

export interface CustomerStats {
  firstContact: number | null;
  lastContact: number | null;
  /** Separate contacts (inbound after a quiet gap, across channels) in the last 30 days. */
  inquiriesLast30Days: number;
  messageCount: number;
  threadCount: number;
}

export interface CustomerView {
  customer: CustomerRecord;
  identities: IdentityRecord[];
  threads: ThreadRecord[];
  /** Newest first. */
  notes: NoteRecord[];
  tags: TagRecord[];
  stats: CustomerStats;
  /** Flags raised by the team's priority rules (e.g. "priority"), with the matches that raised them. */
  rules: RuleEvaluation;
  /** Automatic merges into this customer that want a human look (a shared family phone). */
  flaggedMerges: Array<
    Pick<MergeHistoryMerge, 'id' | 'at' | 'absorbedId' | 'reason' | 'flagged'> & {
      absorbedName: string | null;
    }
  >;
  openSuggestions: number;
}

async function inboundSince(db: SwitchboardDb, threads: readonly ThreadRecord[], since: number) {
  const perThread = await Promise.all(
    threads.map((thread) =>
      db.messages
        .where('[threadId+direction+timestamp]')
        .between([thread.id, 'in', since], [thread.id, 'in', Dexie.maxKey], true, true)
        .toArray(),
    ),
  );
  return perThread.flat().map((message) => ({ timestamp: message.timestamp, text: message.text }));
}

/**
 * The inquiry clusters of the customer's threads that end at or after `since` (a few small rows
 * per thread, whatever the number of messages). Clusters computed with another refund keyword list
 * get their refund ids recomputed here from their messages, and `stale` names their threads so
 * the caller can store the fresh facts.
 */
async function clustersSince(
  db: SwitchboardDb,
  threads: readonly ThreadRecord[],
  since: number,
  stale: Set<string>,
): Promise<InquiryCluster[]> {
  const perThread = await Promise.all(
    threads.map(async (thread) => {
      const rows = await db.inquiries
        .where('[threadId+end]')
        .between([thread.id, since], [thread.id, Dexie.maxKey], true, true)
        .toArray();
      return Promise.all(
        rows.map(async (row): Promise<InquiryCluster> => {
          if (row.factsKey === REFUND_FACTS_KEY) return row;
          stale.add(thread.id);
          const messages = await db.messages
            .where('[threadId+direction+timestamp]')
            .between([thread.id, 'in', row.start], [thread.id, 'in', row.end], true, true)
            .toArray();
          return { ...row, refundIds: messages.filter((m) => isRefundText(m.text)).map((m) => m.id) };
        }),
      );
    }),
  );
  return perThread.flat();
}

/**
 * A thread's message count: the counter ingest keeps in the thread row, in the same transaction
 * as the rows it adds. Counting the index instead walks every entry (about 200 ms for 10,000
 * messages in Chromium), and the card waits for it. Only a row without the counter is counted.
 */
function messageCountOf(db: SwitchboardDb, thread: ThreadRecord): Promise<number> | number {
  if (typeof thread.messageCount === 'number') return thread.messageCount;
  return db.messages
    .where('[threadId+timestamp]')
    .between([thread.id, Dexie.minKey], [thread.id, Dexie.maxKey], true, true)
    .count();
}

/** Recomputes a thread's inquiry clusters from its messages (a changed refund keyword list). */
export async function rebuildInquiries(db: SwitchboardDb, threadId: string): Promise<void> {
  const inbound = await db.messages
    .where('[threadId+direction+timestamp]')
    .between([threadId, 'in', Dexie.minKey], [threadId, 'in', Dexie.maxKey])
    .toArray();
  await db.inquiries
    .where('[threadId+start]')
    .between([threadId, Dexie.minKey], [threadId, Dexie.maxKey])
    .delete();
  const rows = clustersOf(inbound).map((cluster) => ({ threadId, ...cluster, factsKey: REFUND_FACTS_KEY }));
  if (rows.length > 0) await db.inquiries.bulkPut(rows);
}

export async function readCustomerView(
  db: SwitchboardDb,
  customerId: string,
  rules: readonly PriorityRule[],
  now: number,
  /** Receives the threads whose stored refund facts are stale (see rebuildInquiries). */
  onStale?: (threadIds: string[]) => void,
): Promise<CustomerView | null> {
  const customer = await db.customers.get(customerId);
  if (!customer) return null;
  const [identities, threads, notes, tags, history, asA, asB] = await Promise.all([
    db.identities.where('customerId').equals(customerId).toArray(),
    db.threads.where('customerId').equals(customerId).toArray(),
    db.notes.where('customerId').equals(customerId).toArray(),
    db.tags.where('customerId').equals(customerId).toArray(),
    db.mergeHistory.where('customerIds').equals(customerId).toArray(),
    db.suggestions
      .where('a')
      .equals(customerId)
      .filter((s) => s.status === 'open')
      .count(),
    db.suggestions
      .where('b')
      .equals(customerId)
      .filter((s) => s.status === 'open')
      .count(),
  ]);
  // The 30-day statistic looks back one quiet gap further too, so an inquiry that began before
  // the window is never counted as a new one.
  const since = now - Math.max(longestWindowMs(rules), 30 * DAY_MS + INQUIRY_GAP_MS);
  const stale = new Set<string>();
  const [clusters, counts] = await Promise.all([
    clustersSince(db, threads, since, stale),
    Promise.all(threads.map((thread) => messageCountOf(db, thread))),
  ]);
  if (stale.size > 0) onStale?.([...stale]);
  const inquiries = mergeClusters(clusters);
  // Rules with their own keywords need the texts: only they read the messages of their window.
  const evaluation = rulesNeedText(rules)
    ? evaluateRules(rules, { now, inbound: await inboundSince(db, threads, since), tags })
    : evaluateRulesOnInquiries(rules, {
        now,
        tags,
        inquiries: inquiries.map((inquiry) => ({
          start: inquiry.start,
          refund: inquiry.refundIds.length > 0,
        })),
      });

  const flaggedMerges = history
    .filter((h): h is MergeHistoryMerge => h.kind !== 'unlink' && h.survivorId === customerId)
    .filter((h) => h.flagged !== null && h.undoneAt === null)
    .map((h) => ({
      id: h.id,
      at: h.at,
      absorbedId: h.absorbedId,
      reason: h.reason,
      flagged: h.flagged,
      absorbedName: h.before.absorbed.name,
    }));

  return {
    customer,
    identities,
    threads,
    notes: notes.sort((a, b) => b.createdAt - a.createdAt),
    tags,
    stats: {
      firstContact: customer.firstContact,
      lastContact: customer.lastContact,
      inquiriesLast30Days: inquiries.filter((inquiry) => inquiry.start >= now - 30 * DAY_MS).length,
      messageCount: counts.reduce((sum, count) => sum + count, 0),
      threadCount: threads.length,
    },
    rules: evaluation,
    flaggedMerges,
    openSuggestions: asA + asB,
  };
}
