/**
 * What reply suggestions need to know about a customer: a handful of indexed reads, where the
 * full card (identities, notes, tags, merge history, rule evaluation) costs many more. Suggestions
 * are asked for on every captured message, so this runs at the capture rate.
 */
import { Dexie, type PromiseExtended } from 'dexie';
import { INQUIRY_GAP_MS } from '../rules/evaluate';
import { mergeClusters } from '../rules/inquiries';
import type { CustomerRecord, InquiryRecord } from './records';
import type { SwitchboardDb } from './schema';

const DAY_MS = 86_400_000;
const RECENT_MS = 30 * DAY_MS;

export interface ReplyFacts {
  name: CustomerRecord['name'];
  priority: CustomerRecord['priority'];
  /** Counted as the card counts them (see view.ts). */
  inquiriesLast30Days: number;
}

/** What the facts are computed from; the Store keeps it between reads (reply-facts-memo.ts). */
export interface ReplyFactsSource {
  customerId: string;
  name: CustomerRecord['name'];
  priority: CustomerRecord['priority'];
  threadIds: string[];
  /** Every cluster of those threads that may count: ending at most one quiet gap before the window. */
  clusters: InquiryRecord[];
}

export function replyFactsOf(source: ReplyFactsSource, now: number): ReplyFacts {
  // More clusters than the window needs change nothing: an older one only merges into clusters
  // that start before the window anyway.
  const recent = mergeClusters(source.clusters).filter((cluster) => cluster.start >= now - RECENT_MS);
  return { name: source.name, priority: source.priority, inquiriesLast30Days: recent.length };
}

/**
 * Inside the caller's read transaction. A chain of Dexie promises rather than awaits: a native
 * await inside a transaction costs a train of zone-keeping microtasks, at the capture rate here.
 */
export function readReplyFactsSource(
  db: SwitchboardDb,
  customerId: string,
  now: number,
): PromiseExtended<ReplyFactsSource | null> {
  return Dexie.Promise.all([
    db.customers.get(customerId),
    db.threads.where('customerId').equals(customerId).primaryKeys(),
  ]).then(([customer, threadIds]) => {
    if (!customer) return null;
    // One quiet gap further back, so an inquiry that began before the window is not a new one.
    const since = now - RECENT_MS - INQUIRY_GAP_MS;
    return Dexie.Promise.all(
      threadIds.map((threadId) =>
        db.inquiries
          .where('[threadId+end]')
          .between([threadId, since], [threadId, Dexie.maxKey], true, true)
          .toArray(),
      ),
    ).then((clusters) => ({
      customerId,
      name: customer.name,
      priority: customer.priority,
      threadIds,
      clusters: clusters.flat(),
    }));
  });
}
