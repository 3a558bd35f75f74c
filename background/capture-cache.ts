import type { CapturedBatch, CapturedMessage } from '../extension/api/protocol';

interface Entry {
  message: CapturedMessage;
  /** Order of first capture, which breaks ties between equal (or missing) timestamps. */
  seq: number;
}

interface ThreadMessages {
  byId: Map<string, Entry>;
  /** By timestamp (a missing one counts as 0), then by first capture: what list() returns. */
  ordered: Entry[];
}

const before = (a: Entry, b: Entry) =>
  (a.message.timestamp ?? 0) - (b.message.timestamp ?? 0) || a.seq - b.seq;

/** Where an entry goes in `ordered`: after every entry that comes before it (binary search). */
function position(ordered: readonly Entry[], entry: Entry): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(ordered[mid]!, entry) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Messages captured from host pages, per account and thread, deduplicated by host message id.
 * The DOM only ever holds a window of a conversation, so this is what remembers the rest while
 * the page is open; the durable store (background/store) keeps it across restarts.
 *
 * Kept in list order as messages arrive (nearly always at the end), because the list is read
 * for every suggestion request: sorting the whole thread each time grew with the conversation.
 */
export class CaptureCache {
  private readonly threads = new Map<string, ThreadMessages>();
  private seq = 0;

  private static key(batch: Pick<CapturedBatch, 'account' | 'conversation'>): string {
    return `${batch.account.app}|${batch.account.id ?? ''}|${batch.conversation.threadId}`;
  }

  add(batch: CapturedBatch): CapturedMessage[] {
    const key = CaptureCache.key(batch);
    const thread = this.threads.get(key) ?? { byId: new Map<string, Entry>(), ordered: [] };
    this.threads.set(key, thread);
    const added: CapturedMessage[] = [];
    for (const message of batch.messages) {
      const known = thread.byId.get(message.hostId);
      // A placeholder read earlier may gain its text later (recycled rows re-render): keep the richer one.
      if (known && (known.message.text || known.message.media || !message.text)) continue;
      if (known) {
        // Its time may have been unknown: take it out from where it was, put it where it goes now.
        thread.ordered.splice(position(thread.ordered, known), 1);
        known.message = message;
        thread.ordered.splice(position(thread.ordered, known), 0, known);
        continue;
      }
      const entry = { message, seq: this.seq++ };
      thread.byId.set(message.hostId, entry);
      thread.ordered.splice(position(thread.ordered, entry), 0, entry);
      added.push(message);
    }
    return added;
  }

  list(batch: Pick<CapturedBatch, 'account' | 'conversation'>): CapturedMessage[] {
    return this.threads.get(CaptureCache.key(batch))?.ordered.map((entry) => entry.message) ?? [];
  }
}
