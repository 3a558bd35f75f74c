import type { TimelineCursor, TimelineMessage, TimelinePage } from '../../../../background/customer-types';

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

/**
 * Pushed messages that belong in the loaded part of the timeline. While older history is still
 * in the store (`oldestLoaded` is the cursor of the oldest loaded message), a pushed message older
 * than it is left out: it arrives with its page when the agent scrolls up, in its place, once.
 */
export function withinLoaded(
  pushed: readonly TimelineMessage[],
  oldestLoaded: TimelineCursor | null,
): TimelineMessage[] {
  if (oldestLoaded === null) return [...pushed];
  return pushed.filter(
    (m) =>
      m.timestamp > oldestLoaded.timestamp ||
      (m.timestamp === oldestLoaded.timestamp && m.id > oldestLoaded.id),
  );
}

/**
 * The list to show when the newest page arrives: the page plus what was pushed while it was
 * being read (a capture committed after the read began is pushed, not in the page). Replacing
 * the list with the page alone would drop those messages, and with them the row the agent may
 * already have moved to with the keyboard.
 */
export function firstPageWithPushes(
  page: TimelinePage,
  pushedDuringLoad: readonly TimelineMessage[],
): TimelineMessage[] {
  return mergeMessages(page.messages, withinLoaded(pushedDuringLoad, page.next));
}
