/**
 * Measures Store.ingestMessages against the physical limit: a raw Dexie `bulkPut` of the very
 * same rows into the same kind of database, in the same run. No Node APIs, so the extension's
 * service worker can call it on real IndexedDB (the browser bench does).
 */
import { median } from '../../bench/kit';
import { messageKey } from './keys';
import type { MessageRecord } from './records';
import type { SwitchboardDb } from './schema';
import { Store } from './store';

export interface IngestMeasurement {
  messages: number;
  batchSize: number;
  /** Messages per second through Store.ingestMessages (median of rounds). */
  storeRate: number;
  /** Messages per second through raw bulkPut of identical rows (median of rounds). */
  rawRate: number;
  /** storeRate / rawRate; the target is ≥ 0.8. */
  ratio: number;
}

export interface MeasureOptions {
  batchSize?: number;
  rounds?: number;
}

const HOST_ACCOUNT = '5511900000000@c.us';
const HOST_THREAD = '5511987654321@c.us';
const PHRASES = [
  'oi, tudo bem?',
  'my order has not arrived yet',
  '¿tienen talla 42?',
  'ok, thanks!',
  'manda o link',
];

function sampleMessages(count: number, start: number) {
  return Array.from({ length: count }, (_, i) => ({
    hostId: `false_${HOST_THREAD}_3EB0${i.toString(16).padStart(12, '0')}`,
    direction: (i % 3 === 0 ? 'out' : 'in') as 'in' | 'out',
    sender: null,
    text: `${PHRASES[i % PHRASES.length]} (${i})`,
    timestamp: start + i * 1000,
  }));
}

/** The rows exactly as the Store writes them, for the raw baseline. */
function asRows(messages: ReturnType<typeof sampleMessages>, capturedAt: number): MessageRecord[] {
  const accountId = `whatsapp:${HOST_ACCOUNT}`;
  const threadId = `${accountId}|${HOST_THREAD}`;
  return messages.map((m) => ({
    id: messageKey(accountId, 'whatsapp', m.hostId),
    accountId,
    channel: 'whatsapp',
    threadId,
    hostMessageId: m.hostId,
    direction: m.direction,
    sender: null,
    text: m.text,
    timestamp: m.timestamp,
    quoted: null,
    media: null,
    capturedAt,
  }));
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function timeRaw(db: SwitchboardDb, rows: MessageRecord[], batchSize: number): Promise<number> {
  const started = performance.now();
  for (const batch of batches(rows, batchSize)) await db.messages.bulkPut(batch);
  return performance.now() - started;
}

async function timeStore(
  db: SwitchboardDb,
  messages: ReturnType<typeof sampleMessages>,
  batchSize: number,
  now: number,
) {
  const store = new Store(db, { now: () => now });
  const account = await store.upsertAccount({
    channel: 'whatsapp',
    hostAccountId: HOST_ACCOUNT,
    region: 'BR',
  });
  await store.resolveThread(
    account.id,
    { hostThreadId: HOST_THREAD },
    { identities: [{ kind: 'wa_jid', value: HOST_THREAD }] },
  );
  const started = performance.now();
  let added = 0;
  for (const batch of batches(messages, batchSize)) {
    added += (await store.ingestMessages(account.id, { hostThreadId: HOST_THREAD }, batch)).added;
  }
  const elapsed = performance.now() - started;
  if (added !== messages.length) throw new Error(`ingest stored ${added} of ${messages.length}`);
  return elapsed;
}

/**
 * `openFresh(name)` opens an empty database (each measurement gets its own, so neither side
 * pays for a tree the other grew); `drop(db)` deletes it afterwards.
 */
export async function measureIngestRatio(
  openFresh: (name: string) => Promise<SwitchboardDb>,
  messageCount: number,
  options: MeasureOptions = {},
): Promise<IngestMeasurement> {
  const batchSize = options.batchSize ?? 200;
  const rounds = options.rounds ?? 5;
  const now = Date.now();
  const messages = sampleMessages(messageCount, now - messageCount * 1000);
  const rows = asRows(messages, now);
  const storeMs: number[] = [];
  const rawMs: number[] = [];
  // Round -1 warms up the JIT and the IndexedDB implementation and is not counted.
  for (let round = -1; round < rounds; round++) {
    // Alternate which side goes first so warm-up and GC do not favour one.
    const order = round % 2 !== 0 ? (['raw', 'store'] as const) : (['store', 'raw'] as const);
    for (const side of order) {
      const db = await openFresh(`ingest-bench-${side}-${round}-${Math.random().toString(36).slice(2)}`);
      try {
        const elapsed =
          side === 'raw' ? await timeRaw(db, rows, batchSize) : await timeStore(db, messages, batchSize, now);
        if (round >= 0) (side === 'raw' ? rawMs : storeMs).push(elapsed);
      } finally {
        db.close();
        await db.delete().catch(() => undefined);
      }
    }
  }
  const storeRate = (messageCount / median(storeMs)) * 1000;
  const rawRate = (messageCount / median(rawMs)) * 1000;
  return { messages: messageCount, batchSize, storeRate, rawRate, ratio: storeRate / rawRate };
}
