/** The customer card the sidebar paints: one read transaction, bounded by the rule windows. */
import { Dexie } from 'dexie';
import { evaluateRules, groupInquiries, longestWindowMs, type RuleEvaluation } from '../rules/evaluate';
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

export async function readCustomerView(
  db: SwitchboardDb,
  customerId: string,
  rules: readonly PriorityRule[],
  now: number,
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
  const window = Math.max(longestWindowMs(rules), 30 * DAY_MS);
  const inbound = await inboundSince(db, threads, now - window);
  const inquiries = groupInquiries(inbound).filter((inquiry) => inquiry.start >= now - 30 * DAY_MS);

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
      inquiriesLast30Days: inquiries.length,
      messageCount: threads.reduce((sum, thread) => sum + thread.messageCount, 0),
      threadCount: threads.length,
    },
    rules: evaluateRules(rules, { now, inbound, tags }),
    flaggedMerges,
    openSuggestions: asA + asB,
  };
}
