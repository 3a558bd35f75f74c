import type {
  CaptureAck,
  CapturedBatch,
  CapturedMessage,
  CaptureFrame,
  HostAccount,
  OpenConversation,
} from '../../extension/api/protocol';

/** How much of a message we have seen: a richer reading (text arrived) is worth re-sending. */
function richness(m: CapturedMessage): number {
  return (m.text ? 4 : 0) + (m.media ? 2 : 0) + (m.timestamp !== null ? 1 : 0);
}

const MAX_IDS_PER_THREAD = 2000;
const MAX_THREADS = 8;

/**
 * The content script's small cache of what it already sent, per account+thread, by host message
 * id. Virtualized lists re-render the same rows again and again (scrolling, recycling,
 * placeholders refilled, chat switched back); only first sightings — or a richer reading of a
 * message first seen half-rendered — go to the background, which dedupes again (it may have
 * restarted). Bounded: old threads and the oldest ids fall out; the worst case is a re-send.
 *
 * Batches go out as numbered one-way frames and stay here until the background acknowledges
 * them (it does so in coalesced acks once they are stored): a batch it reports failed, or every
 * unacknowledged one when the port died with the worker, is queued again.
 */
export class CaptureQueue {
  private readonly seen = new Map<string, Map<string, number>>();
  private pending = new Map<string, CapturedBatch>();
  private readonly unacknowledged = new Map<number, CapturedBatch>();
  private nextSeq = 1;

  constructor(private readonly send: (frame: CaptureFrame) => void) {}

  private static key(account: HostAccount, conversation: OpenConversation): string {
    return `${account.app}|${account.id ?? ''}|${conversation.threadId}`;
  }

  /** Returns how many of the messages were new (or richer) and are now queued. */
  offer(account: HostAccount, conversation: OpenConversation, messages: CapturedMessage[]): number {
    if (messages.length === 0) return 0;
    const key = CaptureQueue.key(account, conversation);
    let ids = this.seen.get(key);
    if (!ids) {
      ids = new Map();
      this.seen.set(key, ids);
      while (this.seen.size > MAX_THREADS) this.seen.delete(this.seen.keys().next().value as string);
    } else {
      // Map order doubles as LRU order for threads.
      this.seen.delete(key);
      this.seen.set(key, ids);
    }
    const fresh: CapturedMessage[] = [];
    for (const message of messages) {
      const known = ids.get(message.hostId);
      const score = richness(message);
      if (known !== undefined && known >= score) continue;
      ids.set(message.hostId, score);
      fresh.push(message);
    }
    while (ids.size > MAX_IDS_PER_THREAD) ids.delete(ids.keys().next().value as string);
    if (fresh.length === 0) return 0;
    const batch = this.pending.get(key) ?? { account, conversation, messages: [] };
    batch.conversation = conversation;
    batch.messages.push(...fresh);
    this.pending.set(key, batch);
    return fresh.length;
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Batches sent and not acknowledged yet. */
  get inFlight(): number {
    return this.unacknowledged.size;
  }

  /** Sends everything queued; false when the port could not take it (it stays queued). */
  flush(): boolean {
    for (const [key, batch] of this.pending) {
      const seq = this.nextSeq++;
      try {
        this.send({ k: 'cap', seq, j: JSON.stringify(batch) });
      } catch {
        return false;
      }
      this.unacknowledged.set(seq, batch);
      this.pending.delete(key);
    }
    return true;
  }

  /** Forgets what the background stored; returns false when a batch failed and is queued again. */
  acknowledge(ack: CaptureAck): boolean {
    const failed = new Set(ack.failed);
    const again: CapturedBatch[] = [];
    for (const [seq, batch] of this.unacknowledged) {
      if (seq > ack.upTo) break;
      this.unacknowledged.delete(seq);
      if (failed.has(seq)) again.push(batch);
    }
    this.requeue(again);
    return again.length === 0;
  }

  /** The port died: the restarted worker may never have stored what it had not acknowledged. */
  requeueUnacknowledged(): void {
    const again = [...this.unacknowledged.values()];
    this.unacknowledged.clear();
    this.requeue(again);
  }

  /** Older batches go before what was queued since, so the background sees the page's order. */
  private requeue(batches: CapturedBatch[]): void {
    if (batches.length === 0) return;
    const merged = new Map<string, CapturedBatch>();
    for (const batch of [...batches, ...this.pending.values()]) {
      const key = CaptureQueue.key(batch.account, batch.conversation);
      const into = merged.get(key);
      if (!into) merged.set(key, { ...batch, messages: [...batch.messages] });
      else {
        into.conversation = batch.conversation;
        into.messages.push(...batch.messages);
      }
    }
    this.pending = merged;
  }

  /** Forget a thread (e.g. after the background restarted and lost its cache). */
  reset(): void {
    this.seen.clear();
  }
}
