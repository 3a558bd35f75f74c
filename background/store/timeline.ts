/**
 * A customer's history from every thread in one time order, newest page first. Each thread is
 * read backwards on its [threadId+timestamp] index (so a page costs `limit` rows per thread, not
 * the whole history) and the per-thread pages are merged.
 */
import { Dexie } from 'dexie';
import type { Channel, MessageRecord } from './records';
import type { SwitchboardDb } from './schema';

/** Position of the oldest message of a page; pass it back as `before` for the next page. */
export interface TimelineCursor {
  timestamp: number;
  id: string;
}

export interface TimelineOptions {
  before?: TimelineCursor | undefined;
  limit?: number | undefined;
}

export interface TimelineMessage extends MessageRecord {
  threadTitle: string | null;
  threadChannel: Channel;
}

export interface TimelinePage {
  /** Oldest first, ready to render top to bottom. */
  messages: TimelineMessage[];
  /** null when this page reached the beginning of the history. */
  next: TimelineCursor | null;
}

/** Newest first; ties on timestamp are ordered by id, the same order the index uses. */
function newerFirst(a: MessageRecord, b: MessageRecord): number {
  if (a.timestamp !== b.timestamp) return b.timestamp - a.timestamp;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export async function readTimeline(
  db: SwitchboardDb,
  customerId: string,
  options: TimelineOptions,
): Promise<TimelinePage> {
  const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
  const before = options.before;
  const threads = await db.threads.where('customerId').equals(customerId).toArray();
  const pages = await Promise.all(
    threads.map((thread) => {
      const upper = before ? [thread.id, before.timestamp] : [thread.id, Dexie.maxKey];
      let collection = db.messages
        .where('[threadId+timestamp]')
        .between([thread.id, Dexie.minKey], upper, true, true)
        .reverse();
      // Within the cursor's own timestamp, skip what the previous page already returned.
      if (before) collection = collection.filter((m) => m.timestamp < before.timestamp || m.id < before.id);
      return collection.limit(limit + 1).toArray();
    }),
  );
  const byThread = new Map(threads.map((thread) => [thread.id, thread]));
  const merged = pages.flat().sort(newerFirst);
  const page = merged.slice(0, limit);
  const oldest = page[page.length - 1];
  return {
    messages: page.reverse().map((message) => ({
      ...message,
      threadTitle: byThread.get(message.threadId)?.title ?? null,
      threadChannel: byThread.get(message.threadId)?.channel ?? message.channel,
    })),
    next: merged.length > limit && oldest ? { timestamp: oldest.timestamp, id: oldest.id } : null,
  };
}
