import type {
  CapturedBatch,
  CapturedMessage,
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
 */
export class CaptureQueue {
  private readonly seen = new Map<string, Map<string, number>>();
  private pending = new Map<string, CapturedBatch>();

  constructor(private readonly send: (batch: CapturedBatch) => Promise<unknown>) {}

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

  /** Sends everything queued; a failed batch is queued again (its ids stay "seen"). */
  async flush(): Promise<boolean> {
    if (this.pending.size === 0) return true;
    const batches = [...this.pending.values()];
    this.pending = new Map();
    let ok = true;
    for (const batch of batches) {
      try {
        await this.send(batch);
      } catch {
        ok = false;
        const key = CaptureQueue.key(batch.account, batch.conversation);
        const again = this.pending.get(key);
        if (again) again.messages.unshift(...batch.messages);
        else this.pending.set(key, batch);
      }
    }
    return ok;
  }

  /** Forget a thread (e.g. after the background restarted and lost its cache). */
  reset(): void {
    this.seen.clear();
  }
}
