import type { Browser } from 'wxt/browser';
import type { Envelope } from '../extension/api/port-endpoint';
import type { CaptureAck, CapturedBatch } from '../extension/api/protocol';

/**
 * One ack per this many ms at most while batches keep coming: every ack is a task on the host
 * page's main thread, and the content script only needs one to forget what it sent.
 */
export const ACK_INTERVAL_MS = 1000;

export interface CaptureHandlers {
  /** In-memory work done the moment a batch arrives (the sidebars hear of it at once). */
  received(batch: CapturedBatch): void;
  /** The durable writes; resolved = stored, and the batch may be acknowledged. */
  persist(batch: CapturedBatch): Promise<void>;
}

interface Arrived {
  seq: number;
  batch: CapturedBatch;
}

const batchKey = (b: CapturedBatch) => `${b.account.app}|${b.account.id ?? ''}|${b.conversation.threadId}`;

/**
 * Batches that arrived while the previous write ran, one per thread: the store ingests them in
 * one transaction each instead of one per message (a burst keeps the write queue short).
 */
export function mergeArrivals(arrivals: readonly Arrived[]): { seqs: number[]; batch: CapturedBatch }[] {
  const merged = new Map<string, { seqs: number[]; batch: CapturedBatch }>();
  for (const { seq, batch } of arrivals) {
    const key = batchKey(batch);
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { seqs: [seq], batch: { ...batch, messages: [...batch.messages] } });
      continue;
    }
    into.seqs.push(seq);
    into.batch.conversation = batch.conversation;
    into.batch.account = batch.account;
    into.batch.messages.push(...batch.messages);
  }
  return [...merged.values()];
}

/**
 * Serves one content script's capture frames: `received` runs on arrival, the writes run one
 * after the other (what arrived meanwhile merged), and acks are coalesced to one per
 * ACK_INTERVAL_MS (the first after a quiet spell goes at once). Nothing is acknowledged before
 * it is stored, so a worker stopped in between leaves it unacknowledged and the content script
 * sends it again.
 */
export function serveCaptures(port: Browser.runtime.Port, handlers: CaptureHandlers): void {
  let waiting: Arrived[] = [];
  let writing = false;
  let connected = true;
  let upTo = 0;
  let failed: number[] = [];
  let lastAck = Number.NEGATIVE_INFINITY;
  let ackTimer: ReturnType<typeof setTimeout> | null = null;

  const sendAck = () => {
    ackTimer = null;
    if (!connected) return;
    lastAck = Date.now();
    const ack: CaptureAck = { k: 'ack', upTo, failed };
    failed = [];
    try {
      port.postMessage(ack satisfies Envelope<never>);
    } catch {
      // The port closed; the content script re-sends what it did not hear back about.
    }
  };
  const scheduleAck = () => {
    if (ackTimer !== null) return;
    // A failure is told at once: the content script sends that batch again.
    const wait = failed.length > 0 ? 0 : lastAck + ACK_INTERVAL_MS - Date.now();
    if (wait <= 0) sendAck();
    else ackTimer = setTimeout(sendAck, wait);
  };

  const drain = async () => {
    writing = true;
    while (waiting.length > 0 && connected) {
      const arrivals = waiting;
      waiting = [];
      for (const { seqs, batch } of mergeArrivals(arrivals)) {
        try {
          await handlers.persist(batch);
        } catch (error) {
          console.warn('Switchboard: could not store captured messages', error);
          failed.push(...seqs);
        }
      }
      upTo = Math.max(upTo, ...arrivals.map((a) => a.seq));
      scheduleAck();
    }
    writing = false;
  };

  port.onMessage.addListener((raw: unknown) => {
    const frame = raw as Envelope<never>;
    if (frame?.k !== 'cap' || typeof frame.j !== 'string' || typeof frame.seq !== 'number') return;
    const batch = JSON.parse(frame.j) as CapturedBatch;
    try {
      handlers.received(batch);
    } catch (error) {
      console.warn('Switchboard: could not relay captured messages', error);
    }
    waiting.push({ seq: frame.seq, batch });
    if (!writing) void drain();
  });
  port.onDisconnect.addListener(() => {
    connected = false;
    if (ackTimer !== null) clearTimeout(ackTimer);
    ackTimer = null;
  });
}
