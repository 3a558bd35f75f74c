/**
 * What reply suggestions need to know about a customer: a handful of indexed reads, where the
 * full card (identities, notes, tags, merge history, rule evaluation) costs many more. Suggestions
 * are asked for on every captured message, so this runs at the capture rate.
 */
import { Dexie, type PromiseExtended } from 'dexie';
import { INQUIRY_GAP_MS } from '../rules/evaluate';
import { mergeClusters } from '../rules/inquiries';
import type { CustomerRecord } from './records';
import type { SwitchboardDb } from './schema';

const DAY_MS = 86_400_000;
const RECENT_MS = 30 * DAY_MS;

export interface ReplyFacts {
  name: CustomerRecord['name'];
  priority: CustomerRecord['priority'];
  /** Counted as the card counts them (see view.ts). */
  inquiriesLast30Days: number;
}

/**
 * Inside the caller's read transaction. A chain of Dexie promises rather than awaits: a native
 * await inside a transaction costs a train of zone-keeping microtasks, at the capture rate here.
 */
export function readReplyFacts(
  db: SwitchboardDb,
  customerId: string,
  now: number,
): PromiseExtended<ReplyFacts | null> {
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
    ).then((clusters) => {
      const recent = mergeClusters(clusters.flat()).filter((cluster) => cluster.start >= now - RECENT_MS);
      return { name: customer.name, priority: customer.priority, inquiriesLast30Days: recent.length };
    });
  });
}
