/**
 * Tells whether an inserted template was sent, and whether the agent edited it first, without
 * watching the composer: Switchboard never reads what the agent types. Instead:
 *
 * 1. When the sidebar inserts a template into the host composer, this remembers, per account and
 *    thread, the template id, the exact inserted text, the time, and which outgoing messages of
 *    that thread were already known (so an old message is never taken for the new one).
 * 2. The adapters capture the agent's own outgoing messages like any other. The first outgoing
 *    message of that thread that was not known at insertion and arrives within the window
 *    (15 minutes by default) is the one the agent sent: the template counts as sent, and as
 *    edited when its text was changed (rules in sent-text.ts).
 * 3. With no such message in the window, the insertion is dropped: the template stays counted as
 *    chosen (at insertion) but not sent. Inserting another template into the same thread before
 *    sending replaces the first one, which likewise stays chosen but not sent.
 *
 * Pending insertions live in a session area (storage.session in the worker): the MV3 worker may
 * be stopped while the agent edits, and the insertion must survive that, but nothing of it needs
 * to outlive the browser session.
 */
import type { CapturedBatch, CapturedMessage } from '../../extension/api/protocol';
import { compareSentText, type SentComparison, wasEdited } from './sent-text';

export const SEND_WINDOW_MS = 15 * 60_000;
/** Outgoing ids remembered per insertion: the rendered window of a chat is far smaller. */
const KNOWN_OUTGOING_LIMIT = 200;

export interface PendingInsertion {
  /** account + thread, as threadKey() builds it. */
  thread: string;
  templateId: string;
  text: string;
  insertedAt: number;
  knownOutgoing: string[];
  /**
   * The newest host timestamp among the thread's messages known at insertion. A message stamped
   * before it is history the agent scrolled to, not the reply. Host times, not the browser's
   * clock: the two can differ (minute rounding, the page's own idea of the time).
   */
  latestKnownAt: number | null;
}

/** Where pending insertions are kept between worker restarts. */
export interface InsertionArea {
  read(): Promise<PendingInsertion[]>;
  write(pending: readonly PendingInsertion[]): Promise<void>;
}

export interface SentTemplate {
  templateId: string;
  hostId: string;
  comparison: SentComparison;
  edited: boolean;
}

export interface TemplateInsertionsDeps {
  area: InsertionArea;
  /** Records the outcome in the template's stats. */
  recordSent: (templateId: string, edited: boolean) => Promise<void>;
  now?: () => number;
  windowMs?: number;
}

export type ThreadRef = Pick<CapturedBatch, 'account' | 'conversation'>;

/** Same identity as the capture cache's: app, logged-in account, host thread id. */
export function threadKey(ref: ThreadRef): string {
  return JSON.stringify([ref.account.app, ref.account.id ?? '', ref.conversation.threadId]);
}

export interface TemplateInsertions {
  /** The sidebar put `text` of `templateId` into this thread's composer. */
  inserted(
    ref: ThreadRef,
    insertion: { templateId: string; text: string; knownMessages: readonly CapturedMessage[] },
  ): Promise<void>;
  /** Messages the adapter captured in a thread; resolves with the template it found sent, if any. */
  captured(batch: CapturedBatch): Promise<SentTemplate | null>;
  /** Insertions still waiting for their send (for tests and diagnostics). */
  pending(): Promise<PendingInsertion[]>;
}

export function createTemplateInsertions(deps: TemplateInsertionsDeps): TemplateInsertions {
  const now = deps.now ?? Date.now;
  const windowMs = deps.windowMs ?? SEND_WINDOW_MS;
  // The worker is the only writer, so after one read the memory copy is the truth; captures
  // with no pending insertion then cost a map lookup, not a storage read.
  let loaded: PendingInsertion[] | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };

  async function current(): Promise<PendingInsertion[]> {
    loaded ??= await deps.area.read().catch(() => []);
    const cutoff = now() - windowMs;
    const live = loaded.filter((p) => p.insertedAt >= cutoff);
    if (live.length !== loaded.length) await save(live);
    return live;
  }

  async function save(next: PendingInsertion[]): Promise<void> {
    loaded = next;
    await deps.area.write(next);
  }

  function findSent(pending: PendingInsertion, messages: readonly CapturedMessage[]) {
    const known = new Set(pending.knownOutgoing);
    return messages.find(
      (m) =>
        m.direction === 'out' &&
        m.text.trim() !== '' &&
        !known.has(m.hostId) &&
        (m.timestamp === null || pending.latestKnownAt === null || m.timestamp >= pending.latestKnownAt),
    );
  }

  return {
    inserted(ref, insertion) {
      return serial(async () => {
        const thread = threadKey(ref);
        const knownOutgoing = insertion.knownMessages
          .filter((m) => m.direction === 'out')
          .slice(-KNOWN_OUTGOING_LIMIT)
          .map((m) => m.hostId);
        const stamps = insertion.knownMessages.flatMap((m) => (m.timestamp === null ? [] : [m.timestamp]));
        const latestKnownAt = stamps.length > 0 ? Math.max(...stamps) : null;
        const others = (await current()).filter((p) => p.thread !== thread);
        await save([
          ...others,
          {
            thread,
            templateId: insertion.templateId,
            text: insertion.text,
            insertedAt: now(),
            knownOutgoing,
            latestKnownAt,
          },
        ]);
      });
    },

    captured(batch) {
      // Most batches are the customer's messages: no need to wait for the queue.
      if (!batch.messages.some((m) => m.direction === 'out')) return Promise.resolve(null);
      return serial(async () => {
        const thread = threadKey(batch);
        const all = await current();
        const pending = all.find((p) => p.thread === thread);
        if (!pending) return null;
        const sent = findSent(pending, batch.messages);
        if (!sent) return null;
        const comparison = compareSentText(pending.text, sent.text);
        const edited = wasEdited(comparison);
        // Forget it first: a failed stats write must not make the next message count again.
        await save(all.filter((p) => p !== pending));
        await deps.recordSent(pending.templateId, edited);
        return { templateId: pending.templateId, hostId: sent.hostId, comparison, edited };
      });
    },

    pending() {
      return serial(current);
    },
  };
}
