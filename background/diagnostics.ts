/**
 * A small diagnostic surface on the worker's global scope, for the end-to-end tests and the
 * benchmarks (they reach it with CDP `Runtime.evaluate` on the worker target). The host page
 * and other extensions cannot reach a service worker's globals. Bench databases use their own
 * names and are deleted afterwards; the customer data lives only in the one Store.
 */
import type { CapturedBatch, CapturedMessage, HostApp } from '../extension/api/protocol';
import { messageInputs, storeCapture } from './capture-ingest';
import { Store } from './store/store';

export interface SeedRequest {
  app: HostApp;
  threadId: string;
  title: string;
  count: number;
  /** Newest message time; older ones are a minute apart. */
  endAt?: number;
  batchSize?: number;
}

export interface IngestRatio {
  rows: number;
  batchSize: number;
  storeMs: number;
  rawMs: number;
  /** raw time / store time: 1 means the Store costs nothing over a bare put of the same rows. */
  ratio: number;
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

/** Raw IndexedDB with the same object store and indexes as the Store's messages table. */
function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const messages = request.result.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('[threadId+timestamp]', ['threadId', 'timestamp']);
      messages.createIndex('[threadId+direction+timestamp]', ['threadId', 'direction', 'timestamp']);
      messages.createIndex('accountId', 'accountId');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function rawPut(db: IDBDatabase, rows: readonly object[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('messages', 'readwrite', { durability: 'default' });
    const table = tx.objectStore('messages');
    for (const row of rows) table.put(row);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Store ingest vs raw puts of the very rows the Store wrote, same batch sizes, same run. */
async function measureIngestRatio(rows: number, batchSize = 100): Promise<IngestRatio> {
  const storeName = `switchboard-bench-store-${crypto.randomUUID()}`;
  const rawName = `switchboard-bench-raw-${crypto.randomUUID()}`;
  const store = await Store.open(storeName);
  const raw = await openRaw(rawName);
  try {
    const account = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'bench' });
    const thread = { hostThreadId: '15551234567@c.us', title: 'Bench' };
    const messages = messageInputs(syntheticMessages('bench', rows, Date.now()), Date.now());
    let storeMs = 0;
    for (let i = 0; i < messages.length; i += batchSize) {
      const started = performance.now();
      await store.ingestMessages(account.id, thread, messages.slice(i, i + batchSize));
      storeMs += performance.now() - started;
    }
    const stored = await store.db.messages.toArray();
    let rawMs = 0;
    for (let i = 0; i < stored.length; i += batchSize) {
      const started = performance.now();
      await rawPut(raw, stored.slice(i, i + batchSize));
      rawMs += performance.now() - started;
    }
    return { rows, batchSize, storeMs, rawMs, ratio: rawMs / storeMs };
  } finally {
    store.close();
    raw.close();
    await Promise.all([deleteDb(storeName), deleteDb(rawName)]);
  }
}

export interface SwitchboardDiagnostics {
  countMessages(): Promise<number>;
  /** Host ids of the stored messages of one thread of the (unidentified) account of an app. */
  hostIdsOfThread(app: HostApp, threadId: string): Promise<string[]>;
  seed(request: SeedRequest): Promise<{ customerId: string | null }>;
  measureIngestRatio(rows: number, batchSize?: number): Promise<IngestRatio>;
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
    measureIngestRatio,
  };
  (globalThis as { __switchboard?: SwitchboardDiagnostics }).__switchboard = diagnostics;
}
