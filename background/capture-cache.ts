import type { CapturedBatch, CapturedMessage } from '../extension/api/protocol';

/**
 * Messages captured from host pages, per account and thread, deduplicated by host message id.
 * The DOM only ever holds a window of a conversation, so this is what remembers the rest while
 * the page is open; the durable store (background/store) keeps it across restarts.
 */
export class CaptureCache {
  private readonly threads = new Map<string, Map<string, CapturedMessage>>();

  private static key(batch: Pick<CapturedBatch, 'account' | 'conversation'>): string {
    return `${batch.account.app}|${batch.account.id ?? ''}|${batch.conversation.threadId}`;
  }

  add(batch: CapturedBatch): CapturedMessage[] {
    const key = CaptureCache.key(batch);
    const thread = this.threads.get(key) ?? new Map<string, CapturedMessage>();
    this.threads.set(key, thread);
    const added: CapturedMessage[] = [];
    for (const message of batch.messages) {
      const known = thread.get(message.hostId);
      // A placeholder read earlier may gain its text later (recycled rows re-render): keep the richer one.
      if (known && (known.text || known.media || !message.text)) continue;
      thread.set(message.hostId, message);
      if (!known) added.push(message);
    }
    return added;
  }

  list(batch: Pick<CapturedBatch, 'account' | 'conversation'>): CapturedMessage[] {
    const thread = this.threads.get(CaptureCache.key(batch));
    if (!thread) return [];
    // Stable order: by timestamp when known, else by capture order.
    const all = [...thread.values()];
    const order = new Map(all.map((m, i) => [m, i]));
    return all.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || order.get(a)! - order.get(b)!);
  }
}
