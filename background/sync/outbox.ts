/**
 * The durable outbox: every outgoing team event is written here (IndexedDB, the Store's `outbox`
 * table) BEFORE anything is sent, and removed only after the backend acknowledged it. Delivery
 * is strictly in insertion order (`seq`), so each conversation's events reach the backend in the
 * order they happened; captured messages travel in batches as large as the server accepts (it
 * says so in its welcome; 500 if it does not) under their idempotency key (the backend answers
 * "duplicate" to a re-send), so a crash between "sent" and "deleted" re-sends the batches whose
 * deletion had not committed and changes nothing. Commands (take, transfer, resolve, reopen,
 * presence) are idempotent in effect on the backend (taking what you own, resolving what is
 * resolved: no-ops).
 */
import type { Table } from 'dexie';
import {
  BASE_EVENTS_PER_BATCH,
  type CapturedEvent,
  type Conversation,
  capturedEventSchema,
  type EventBatchResult,
  MAX_EVENTS_PER_BATCH,
} from '../../backend/protocol/v1';
import type { OutboxRecord } from '../store/records';
import { DeliveryError } from './rest';

export type CommandItem =
  | { kind: 'presence'; status: 'online' | 'away' }
  | { kind: 'replying'; conversationId: string; active: boolean }
  | { kind: 'take'; conversationId: string }
  | { kind: 'transfer'; conversationId: string; agentId: string }
  | { kind: 'resolve'; conversationId: string }
  | { kind: 'reopen'; conversationId: string };

export type OutboxItem = { kind: 'event'; event: CapturedEvent } | CommandItem;

export interface OutboxEntry extends OutboxRecord {
  seq: number;
  payload: OutboxItem;
}

/** How queued items reach the backend (REST and the socket in production, fakes in tests). */
export interface OutboxTransport {
  /** Events one sendEvents may carry (the server's limit); BASE_EVENTS_PER_BATCH when unset. */
  readonly maxEventsPerBatch?: number;
  sendEvents(events: CapturedEvent[]): Promise<EventBatchResult>;
  /** Resolves with the conversation as the backend left it, when the command concerns one. */
  sendCommand(item: CommandItem): Promise<Conversation | null>;
}

export interface OutboxListener {
  delivered?(entries: readonly OutboxEntry[], result: EventBatchResult | Conversation | null): void;
  /** The backend refused an item for good (4xx); it stays in the table marked failed. */
  rejected?(entry: OutboxEntry, error: DeliveryError): void;
}

interface Chunk {
  entries: OutboxEntry[];
  refused: number[];
}

export interface DrainReport {
  delivered: number;
  rejected: number;
  /** Set when draining stopped early because the backend is unreachable (retry later). */
  stoppedBy: DeliveryError | null;
}

/** "Replying now" older than this is no longer true: dropped instead of sent late. */
export const REPLYING_STALE_MS = 30_000;
/** Keep a batch's JSON under the backend's 1 MiB body limit. */
const MAX_BATCH_BYTES = 900 * 1024;
const READ_AHEAD = 2_000;

const PRESENCE_ID = 'presence';

function outboxId(item: OutboxItem): string {
  if (item.kind === 'event') return `event:${item.event.id}`;
  if (item.kind === 'presence') return PRESENCE_ID;
  return `${item.kind}:${crypto.randomUUID()}`;
}

export class Outbox {
  private draining: Promise<DrainReport> | null = null;
  private again = false;

  constructor(
    private readonly table: Table<OutboxRecord, number>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Writes items durably; resolves once committed. Events whose id is already queued are skipped
   * (the same message captured twice). A new presence replaces queued presence items: only the
   * latest matters.
   */
  async add(items: readonly OutboxItem[], ids?: readonly string[]): Promise<number> {
    if (items.length === 0) return 0;
    const now = this.now();
    const records: OutboxRecord[] = items.map((item, index) => {
      if (item.kind === 'event') capturedEventSchema.parse(item.event);
      return {
        id: ids?.[index] ?? outboxId(item),
        kind: item.kind,
        payload: item,
        status: 'pending',
        attempts: 0,
        createdAt: now,
      };
    });
    return this.table.db.transaction('rw', this.table, async () => {
      // One presence entry at most (a fixed id, found through the index): the latest wins and
      // takes its place at the end of the queue.
      if (items.some((item) => item.kind === 'presence'))
        await this.table.where('id').equals(PRESENCE_ID).delete();
      const known = new Set(
        (
          await this.table
            .where('id')
            .anyOf(records.map((r) => r.id))
            .toArray()
        ).map((r) => r.id),
      );
      const fresh = records.filter((r) => {
        if (known.has(r.id)) return false;
        known.add(r.id);
        return true;
      });
      if (fresh.length > 0) await this.table.bulkAdd(fresh);
      return fresh.length;
    });
  }

  /** Items waiting to be delivered (not counting ones the backend refused). */
  pending(): Promise<number> {
    return this.table.where('status').equals('pending').count();
  }

  failed(): Promise<OutboxEntry[]> {
    return this.table.where('status').equals('failed').toArray() as Promise<OutboxEntry[]>;
  }

  /**
   * The next pending entries after `afterSeq`, in insertion order, and the refused entries read
   * among them (they stay in the table, so a delete must not sweep over them).
   */
  private async head(afterSeq: number, limit: number): Promise<Chunk> {
    const rows = (await this.table.where(':id').above(afterSeq).limit(limit).toArray()) as OutboxEntry[];
    const entries = rows.filter((r) => r.status === 'pending');
    // Keep the cursor moving past a chunk made only of refused entries.
    if (entries.length === 0 && rows.length > 0) return this.head((rows.at(-1) as OutboxEntry).seq, limit);
    const refused = rows.filter((r) => r.status !== 'pending').map((r) => r.seq);
    return { entries, refused };
  }

  /**
   * Removes a delivered batch. Its entries are consecutive in the table unless a refused entry
   * sits between them (new entries only ever get higher keys), so one key-range delete usually
   * does it: one IndexedDB request instead of one per entry, which at thousands of entries is
   * most of the drain's time.
   */
  private removeDelivered(batch: readonly OutboxEntry[], refused: readonly number[]): Promise<unknown> {
    const first = (batch[0] as OutboxEntry).seq;
    const last = (batch.at(-1) as OutboxEntry).seq;
    if (refused.some((seq) => seq > first && seq < last))
      return this.table.bulkDelete(batch.map((e) => e.seq));
    return this.table.where(':id').between(first, last, true, true).delete();
  }

  /**
   * Delivers everything queued, in order. Concurrent calls join the running drain (and make it
   * look again once done, for items added meanwhile). Stops at the first transient failure.
   */
  drain(transport: OutboxTransport, listener: OutboxListener = {}): Promise<DrainReport> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    const run = async (): Promise<DrainReport> => {
      const total: DrainReport = { delivered: 0, rejected: 0, stoppedBy: null };
      do {
        this.again = false;
        const report = await this.drainOnce(transport, listener);
        total.delivered += report.delivered;
        total.rejected += report.rejected;
        total.stoppedBy = report.stoppedBy;
      } while (this.again && !total.stoppedBy);
      return total;
    };
    this.draining = run().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainOnce(transport: OutboxTransport, listener: OutboxListener): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, rejected: 0, stoppedBy: null };
    // Deleting a delivered batch overlaps with sending the next one; all deletes finish before
    // the table is read again. (A crash in between re-sends that batch: duplicates, no change.)
    let deletes: Promise<unknown>[] = [];
    // Reads go by primary key from a cursor, so the next chunk is read while this one is sent
    // (no need to wait for the deletes of what was delivered).
    const limit = Math.max(
      1,
      Math.min(transport.maxEventsPerBatch ?? BASE_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH),
    );
    // A chunk holds at least one full batch, so the next batch is read while this one is sent.
    const chunk = Math.max(READ_AHEAD, limit);
    let next = this.head(0, chunk);
    for (;;) {
      const { entries: head, refused } = await next;
      if (head.length === 0) break;
      next = this.head((head.at(-1) as OutboxEntry).seq, chunk);
      let index = 0;
      while (index < head.length) {
        const entry = head[index] as OutboxEntry;
        try {
          if (entry.payload.kind === 'event') {
            const batch = this.eventRun(head, index, limit);
            index += batch.length;
            const result = await this.sendEventBatch(transport, batch, listener, report);
            if (result) {
              deletes.push(this.removeDelivered(batch, refused));
              report.delivered += batch.length;
              listener.delivered?.(batch, result);
            }
          } else {
            index += 1;
            const item = entry.payload;
            if (item.kind === 'replying' && this.now() - entry.createdAt > REPLYING_STALE_MS) {
              deletes.push(this.table.delete(entry.seq));
              continue;
            }
            const result = await transport.sendCommand(item);
            deletes.push(this.table.delete(entry.seq));
            report.delivered += 1;
            listener.delivered?.([entry], result);
          }
        } catch (error) {
          const failure = asDeliveryError(error);
          if (failure.transient || failure.unauthorized) {
            report.stoppedBy = failure;
            await Promise.all(deletes);
            await next.catch(() => {});
            return report;
          }
          await this.reject(entry, failure, listener);
          report.rejected += 1;
        }
      }
      if (deletes.length > 64) {
        await Promise.all(deletes);
        deletes = [];
      }
    }
    await Promise.all(deletes);
    return report;
  }

  /** The leading run of event items from `start`, bounded by the batch size and body limit. */
  private eventRun(head: readonly OutboxEntry[], start: number, limit: number): OutboxEntry[] {
    const run: OutboxEntry[] = [];
    let bytes = 0;
    for (let i = start; i < head.length && run.length < limit; i++) {
      const entry = head[i] as OutboxEntry;
      if (entry.payload.kind !== 'event') break;
      const size = utf8Length(JSON.stringify(entry.payload.event)) + 1;
      if (run.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      bytes += size;
      run.push(entry);
    }
    return run;
  }

  /**
   * Sends one batch. A permanent refusal of a multi-event batch is retried one event at a time,
   * so one bad event is set aside and the others still go through.
   */
  private async sendEventBatch(
    transport: OutboxTransport,
    batch: readonly OutboxEntry[],
    listener: OutboxListener,
    report: DrainReport,
  ): Promise<EventBatchResult | null> {
    const events = batch.map((e) => (e.payload as { kind: 'event'; event: CapturedEvent }).event);
    try {
      return await transport.sendEvents(events);
    } catch (error) {
      const failure = asDeliveryError(error);
      if (failure.transient || failure.unauthorized || batch.length === 1) throw failure;
    }
    for (const entry of batch) {
      try {
        const result = await transport.sendEvents([(entry.payload as { event: CapturedEvent }).event]);
        await this.table.delete(entry.seq);
        report.delivered += 1;
        listener.delivered?.([entry], result);
      } catch (error) {
        const failure = asDeliveryError(error);
        if (failure.transient || failure.unauthorized) throw failure;
        await this.reject(entry, failure, listener);
        report.rejected += 1;
      }
    }
    return null;
  }

  private async reject(entry: OutboxEntry, error: DeliveryError, listener: OutboxListener): Promise<void> {
    await this.table.update(entry.seq, { status: 'failed', attempts: entry.attempts + 1 });
    listener.rejected?.(entry, error);
  }
}

/**
 * Bytes of a string in UTF-8, the body limit's unit: its length counts UTF-16 units, which for
 * non-Latin text is a half or a third of the bytes sent.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair (4 bytes) counts 2 units: one extra byte for each of them.
    if (code >= 0x800) bytes += code >= 0xd800 && code <= 0xdfff ? 1 : 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError(String((error as Error)?.message ?? error), 0, 'unreachable');
}
