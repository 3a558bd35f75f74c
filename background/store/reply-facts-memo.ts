/**
 * What reply facts are computed from, per customer, kept between reads: suggestions ask for the
 * open chat's facts with every captured customer message, and the answer only changes when the
 * customer's threads' inquiry clusters do (an ingest, which tells this what it wrote) or when
 * anything else is written (which forgets everything here, when it starts and once committed).
 *
 * A read remembers what it read only if no other write started or committed while it ran. An
 * ingest running meanwhile is fine: IndexedDB orders the read before or after the ingest as a
 * whole, and the ingest's changes are applied here when it commits — before any read that began
 * after it can have seen them, and after any read that began before it has finished.
 */
import type { ClusterChanges } from './ingest';
import type { ReplyFactsSource } from './reply-facts';

export class ReplyFactsMemo {
  private writes = 0;
  private readonly sources = new Map<string, ReplyFactsSource>();
  private readonly customerOfThread = new Map<string, string>();

  forget(): void {
    this.writes++;
    this.sources.clear();
    this.customerOfThread.clear();
  }

  /** Taken when a read starts, handed back to remember(). */
  ticket(): number {
    return this.writes;
  }

  remember(ticket: number, source: ReplyFactsSource): void {
    if (ticket !== this.writes) return;
    this.sources.set(source.customerId, source);
    for (const threadId of source.threadIds) this.customerOfThread.set(threadId, source.customerId);
  }

  ofCustomer(customerId: string): ReplyFactsSource | undefined {
    return this.sources.get(customerId);
  }

  ofThread(threadId: string): ReplyFactsSource | undefined {
    const customerId = this.customerOfThread.get(threadId);
    return customerId === undefined ? undefined : this.sources.get(customerId);
  }

  /** An ingest of this thread committed these cluster changes. */
  ingested(threadId: string, changes: ClusterChanges): void {
    const source = this.ofThread(threadId);
    if (!source || (changes.put.length === 0 && changes.deleted.length === 0)) return;
    const replaced = new Set([...changes.deleted, ...changes.put.map((cluster) => cluster.start)]);
    source.clusters = [
      ...source.clusters.filter((cluster) => cluster.threadId !== threadId || !replaced.has(cluster.start)),
      ...changes.put,
    ];
  }
}
