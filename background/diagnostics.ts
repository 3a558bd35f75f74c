/**
 * A small diagnostic surface on the worker's global scope, for the end-to-end tests and the
 * benchmarks (they reach it with CDP `Runtime.evaluate` on the worker target). The host page
 * and other extensions cannot reach a service worker's globals. The ingest bench's databases use
 * their own names and are deleted afterwards; the customer data lives only in the one Store.
 */
import type { CapturedBatch, CapturedMessage, HostApp } from '../extension/api/protocol';
import { storeCapture } from './capture-ingest';
import { type IngestMeasurement, measureIngestRatio } from './store/ingest-measure';
import { openDatabase } from './store/schema';
import type { Store } from './store/store';

export interface SeedRequest {
  app: HostApp;
  threadId: string;
  title: string;
  count: number;
  /** Newest message time; older ones are a minute apart. */
  endAt?: number;
  batchSize?: number;
}

const SAMPLE_TEXTS = [
  'Hi, is my order shipped?',
  'Thanks! Could you check the tracking please',
  'Yes, it left the warehouse this morning 📦',
  'Can I change the delivery address?',
  'Perfect, thank you so much',
  'Do you have the blue kettle in stock?',
];

function syntheticMessages(prefix: string, count: number, endAt: number): CapturedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    hostId: `${prefix}-${i}`,
    direction: i % 3 === 0 ? 'out' : 'in',
    sender: null,
    text: SAMPLE_TEXTS[i % SAMPLE_TEXTS.length]!,
    timestamp: endAt - (count - i) * 60_000,
    quoted: null,
    media: null,
  }));
}

export interface SwitchboardDiagnostics {
  countMessages(): Promise<number>;
  /** Host ids of the stored messages of one thread of the (unidentified) account of an app. */
  hostIdsOfThread(app: HostApp, threadId: string): Promise<string[]>;
  seed(request: SeedRequest): Promise<{ customerId: string | null }>;
  /** Store ingest vs a raw bulkPut of the same rows, on this worker's real IndexedDB. */
  measureIngestRatio(rows: number, batchSize?: number, rounds?: number): Promise<IngestMeasurement>;
  /** Messages per thread of every stored thread (for the memory bench's sanity check). */
  totals(): Promise<{ messages: number; threads: number; customers: number }>;
}

export function installDiagnostics(getStore: () => Promise<Store>): void {
  const diagnostics: SwitchboardDiagnostics = {
    async countMessages() {
      return (await getStore()).db.messages.count();
    },
    async hostIdsOfThread(app, threadId) {
      const store = await getStore();
      // No index on hostThreadId: the threads table is small, a scan is fine for diagnostics.
      const threads = (await store.db.threads.toArray()).filter((t) => t.hostThreadId === threadId);
      const ids: string[] = [];
      for (const thread of threads.filter((t) => t.channel === app)) {
        const rows = await store.db.messages
          .where('[threadId+timestamp]')
          .between([thread.id, -Infinity], [thread.id, Infinity])
          .toArray();
        ids.push(...rows.map((row) => row.hostMessageId));
      }
      return ids;
    },
    async seed({ app, threadId, title, count, endAt = Date.now(), batchSize = 1000 }) {
      const store = await getStore();
      const all = syntheticMessages(`seed-${threadId}`, count, endAt);
      let customerId: string | null = null;
      for (let i = 0; i < all.length; i += batchSize) {
        const batch: CapturedBatch = {
          account: { app, id: null, name: null },
          conversation: { threadId, title, isGroup: false, identities: [] },
          messages: all.slice(i, i + batchSize),
        };
        customerId = (await storeCapture(store, batch)).customerId;
      }
      return { customerId };
    },
    measureIngestRatio: (rows, batchSize, rounds) =>
      measureIngestRatio((name) => openDatabase(name), rows, {
        ...(batchSize ? { batchSize } : {}),
        ...(rounds ? { rounds } : {}),
      }),
    async totals() {
      const db = (await getStore()).db;
      const [messages, threads, customers] = await Promise.all([
        db.messages.count(),
        db.threads.count(),
        db.customers.count(),
      ]);
      return { messages, threads, customers };
    },
  };
  (globalThis as { __switchboard?: SwitchboardDiagnostics }).__switchboard = diagnostics;
}
