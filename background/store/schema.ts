/**
 * The IndexedDB schema, one `version()` per step. Never edit a published version: add one.
 * Only indexed fields appear in the strings; records carry more (see records.ts).
 */
import { Dexie, type Table, type Transaction } from 'dexie';
import { nameKey } from '../identity/names';
import { clustersOf, REFUND_FACTS_KEY } from '../rules/inquiries';
import type {
  AccountRecord,
  CustomerRecord,
  IdentityRecord,
  InquiryRecord,
  MentionRecord,
  MergeHistoryRecord,
  MessageRecord,
  NoteRecord,
  OutboxRecord,
  SettingRecord,
  SuggestionRecord,
  TagRecord,
  TemplateRecord,
  TemplateStatsRecord,
  ThreadRecord,
} from './records';

export const DEFAULT_DB_NAME = 'switchboard';

/** v1: the first published shape. */
export const SCHEMA_V1 = {
  accounts: 'id, channel, workspace',
  customers: 'id, workspace, lastContact',
  identities: 'id, &[workspace+kind+value], customerId',
  threads: 'id, customerId, accountId',
  // [threadId+timestamp] pages a thread in time order; a customer's timeline merges its threads.
  messages: 'id, [threadId+timestamp], accountId',
  notes: 'id, customerId, createdAt',
  tags: '[customerId+tag], customerId, tag',
  mentions: 'id, [workspace+kind+value], threadId',
  suggestions: 'id, a, b, status',
  mergeHistory: 'id, at, *customerIds',
  templates: 'id, workspace, name',
  templateStats: 'templateId',
  outbox: '++seq, &id, status, createdAt',
  settings: 'key',
} as const;

/**
 * v2: customers get `nameKey` (accent-free name) with an index, backfilled from `name`, so name
 * suggestions can look up exact-key candidates; messages get [threadId+direction+timestamp] so
 * priority rules read only inbound messages of a window.
 */
export const SCHEMA_V2 = {
  customers: 'id, workspace, lastContact, nameKey',
  messages: 'id, [threadId+timestamp], [threadId+direction+timestamp], accountId',
} as const;

export async function backfillNameKeys(tx: Transaction): Promise<void> {
  await tx
    .table('customers')
    .toCollection()
    .modify((customer: Partial<CustomerRecord>) => {
      customer.nameKey = nameKey(customer.name ?? null);
      customer.aliases ??= [];
      customer.keepApart ??= [];
    });
}

/**
 * v3: `inquiries`, one row per cluster of a thread's inbound messages (see rules/inquiries.ts),
 * maintained at ingest and backfilled here from every thread's inbound messages, so the customer
 * card counts inquiries and refund requests from a few small rows instead of every message.
 */
export const SCHEMA_V3 = {
  inquiries: '[threadId+start], [threadId+end]',
} as const;

export async function backfillInquiries(tx: Transaction): Promise<void> {
  const threadIds = (await tx.table('threads').toCollection().primaryKeys()) as string[];
  for (const threadId of threadIds) {
    const inbound = (await tx
      .table('messages')
      .where('[threadId+direction+timestamp]')
      .between([threadId, 'in', Dexie.minKey], [threadId, 'in', Dexie.maxKey])
      .toArray()) as MessageRecord[];
    const rows: InquiryRecord[] = clustersOf(inbound).map((cluster) => ({
      threadId,
      ...cluster,
      factsKey: REFUND_FACTS_KEY,
    }));
    if (rows.length > 0) await tx.table('inquiries').bulkPut(rows);
  }
}

export class SwitchboardDb extends Dexie {
  accounts!: Table<AccountRecord, string>;
  customers!: Table<CustomerRecord, string>;
  identities!: Table<IdentityRecord, string>;
  threads!: Table<ThreadRecord, string>;
  messages!: Table<MessageRecord, string>;
  notes!: Table<NoteRecord, string>;
  tags!: Table<TagRecord, [string, string]>;
  mentions!: Table<MentionRecord, string>;
  suggestions!: Table<SuggestionRecord, string>;
  mergeHistory!: Table<MergeHistoryRecord, string>;
  templates!: Table<TemplateRecord, string>;
  templateStats!: Table<TemplateStatsRecord, string>;
  outbox!: Table<OutboxRecord, number>;
  settings!: Table<SettingRecord, string>;
  inquiries!: Table<InquiryRecord, [string, number]>;

  constructor(name: string = DEFAULT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // Nothing subscribes to liveQuery. With these two in the stack every write request computes
    // the key ranges it touched and every committed read-write transaction broadcasts them over a
    // BroadcastChannel (a postMessage per captured batch, received by nobody).
    this.unuse({ stack: 'dbcore', name: 'Observability' });
    this.unuse({ stack: 'dbcore', name: 'Cache' });
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(backfillNameKeys);
    this.version(3).stores(SCHEMA_V3).upgrade(backfillInquiries);
  }
}

export interface OpenOptions {
  /** For tests and benches: another IndexedDB implementation (fake-indexeddb) or factory. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export async function openDatabase(
  name: string = DEFAULT_DB_NAME,
  options: OpenOptions = {},
): Promise<SwitchboardDb> {
  const db = new SwitchboardDb(name, {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  });
  await db.open();
  return db;
}
