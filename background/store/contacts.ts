/** First/last contact of a customer, derived from its threads (kept current on ingest). */
import type { SwitchboardDb } from './schema';

export async function recomputeContacts(db: SwitchboardDb, customerId: string): Promise<void> {
  const threads = await db.threads.where('customerId').equals(customerId).toArray();
  let first: number | null = null;
  let last: number | null = null;
  for (const thread of threads) {
    if (thread.firstMessageAt !== null && (first === null || thread.firstMessageAt < first))
      first = thread.firstMessageAt;
    if (thread.lastMessageAt !== null && (last === null || thread.lastMessageAt > last))
      last = thread.lastMessageAt;
  }
  await db.customers.update(customerId, { firstContact: first, lastContact: last });
}
