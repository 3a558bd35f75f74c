import type { TimelineMessage } from '../../../../background/customer-types';

/** Timeline order: by time, ties by id (the store's index order). */
export function compareMessages(a: TimelineMessage, b: TimelineMessage): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Adds or replaces messages (a re-capture may bring text a placeholder lacked) and keeps the
 * timeline order. New messages almost always belong at the end, so that case stays cheap.
 */
export function mergeMessages(
  current: readonly TimelineMessage[],
  incoming: readonly TimelineMessage[],
): TimelineMessage[] {
  if (incoming.length === 0) return current as TimelineMessage[];
  const byId = new Map(incoming.map((message) => [message.id, message]));
  const next = current.map((message) => {
    const replacement = byId.get(message.id);
    if (replacement) byId.delete(message.id);
    return replacement ?? message;
  });
  const added = [...byId.values()].sort(compareMessages);
  if (added.length === 0) return next;
  const last = next[next.length - 1];
  if (!last || compareMessages(last, added[0]!) < 0) return [...next, ...added];
  return [...next, ...added].sort(compareMessages);
}
