/**
 * The Store: the only way the rest of the extension reaches customer data. The background
 * exposes one instance over comlink, so every method takes and returns plain data. Each write
 * method is one IndexedDB transaction: when its promise resolves the change is committed; when it
 * rejects nothing of it was written.
 */
import type { Transaction } from 'dexie';
import { z } from 'zod';
import { normalizeIdentity, type RawIdentity } from '../identity/normalize';
import { DEFAULT_PRIORITY_RULES, type PriorityRule, rulesSchema } from '../rules/rule-types';
import { type IngestResult, ingestBatch, ingestTables, type ParsedThread } from './ingest';
import { IngestMemo } from './ingest-memo';
import {
  type AccountInput,
  accountInputSchema,
  type MessageInput,
  parseInput,
  parseMessages,
  rawIdentitySchema,
  StoreInputError,
  StoreStateError,
  type ThreadInput,
  threadInputSchema,
} from './inputs';
import { accountKey, newId, threadKey } from './keys';
import { mergeCustomers, undoMerge, undoUnlink, unlinkIdentity } from './merge';
import type {
  AccountRecord,
  CustomerRecord,
  IdentityRecord,
  IdentitySource,
  MergeHistoryRecord,
  MessageRecord,
  NoteRecord,
  Priority,
  SuggestionRecord,
  TagRecord,
  ThreadRecord,
} from './records';
import { PRIORITY_ORDER } from './records';
import { type ReplyFacts, type ReplyFactsSource, readReplyFactsSource, replyFactsOf } from './reply-facts';
import { ReplyFactsMemo } from './reply-facts-memo';
import { afterCommit, ResolutionCache, resolutionKey } from './resolution-cache';
import { type ResolveThreadResult, resolveThreadInTx } from './resolve';
import { DEFAULT_DB_NAME, type OpenOptions, openDatabase, type SwitchboardDb } from './schema';
import { readTimeline, type TimelineOptions, type TimelinePage } from './timeline';
import { type CustomerView, readCustomerView, rebuildInquiries } from './view';

export interface StoreOptions {
  /** Clock, injectable for tests. */
  now?: () => number;
}

export interface MergeSummary {
  mergeId: string;
  survivorId: string;
  absorbedId: string;
}

export interface SuggestionView extends SuggestionRecord {
  /** The customer on the other side, as a small card. */
  other: Pick<CustomerRecord, 'id' | 'name' | 'lastContact'> | null;
}

export interface CustomerExport {
  format: 'switchboard.customer.v1';
  exportedAt: number;
  customer: CustomerRecord;
  identities: IdentityRecord[];
  threads: ThreadRecord[];
  messages: MessageRecord[];
  notes: NoteRecord[];
  tags: TagRecord[];
  mergeHistory: MergeHistoryRecord[];
  suggestions: SuggestionRecord[];
}

export interface DeleteReport {
  identities: number;
  threads: number;
  messages: number;
  notes: number;
  tags: number;
  history: number;
}

const RULES_KEY = 'priorityRules';
/** How stale an account's lastSeenAt may get before an upsert rewrites an otherwise equal row. */
const ACCOUNT_SEEN_EVERY_MS = 60_000;

function nextAccount(
  id: string,
  parsed: z.output<typeof accountInputSchema>,
  existing: AccountRecord | undefined,
  now: number,
): AccountRecord {
  return {
    id,
    channel: parsed.channel,
    hostAccountId: parsed.hostAccountId,
    name: parsed.name ?? existing?.name ?? null,
    workspace: parsed.workspace ?? existing?.workspace ?? 'default',
    region: parsed.region ?? existing?.region ?? null,
    createdAt: existing?.createdAt ?? now,
    lastSeenAt: now,
  };
}

function accountNeedsWrite(stored: AccountRecord, next: AccountRecord): boolean {
  const sameFacts =
    stored.name === next.name && stored.workspace === next.workspace && stored.region === next.region;
  return !sameFacts || next.lastSeenAt - stored.lastSeenAt >= ACCOUNT_SEEN_EVERY_MS;
}
const prioritySchema = z.enum(PRIORITY_ORDER as unknown as [Priority, ...Priority[]]);
const resolveOptionsSchema = z.object({
  displayName: z.string().nullish(),
  identities: z.array(rawIdentitySchema).default([]),
  source: z.enum(['captured', 'business-api', 'agent']).optional(),
});

export type ResolveOptions = z.input<typeof resolveOptionsSchema>;

export interface CaptureResult {
  resolved: ResolveThreadResult;
  ingested: IngestResult;
}

export class Store {
  readonly db: SwitchboardDb;
  private readonly now: () => number;
  private readonly resolutions = new ResolutionCache();
  /** Committed account rows: only upsertAccount writes them, and it keeps this in step. */
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly lastIngest = new IngestMemo();
  private readonly replyFacts = new ReplyFactsMemo();
  /** Settles once the last ingest asked for has committed or failed: they run in that order. */
  private ingested: Promise<unknown> = Promise.resolve();

  constructor(db: SwitchboardDb, options: StoreOptions = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
  }

  static async open(
    name: string = DEFAULT_DB_NAME,
    options: OpenOptions & StoreOptions = {},
  ): Promise<Store> {
    return new Store(await openDatabase(name, options), options);
  }

  close(): void {
    this.db.close();
  }

  /** Every write but an ingest's: what the memos remember is forgotten (see forgetWrites). */
  private rw<T>(scope: (tx: Transaction) => Promise<T>): Promise<T> {
    this.forgetWrites();
    // Async on purpose, as in rwIdentities: the scopes below await.
    return this.db.transaction('rw', this.db.tables, async (tx) => {
      afterCommit(() => this.forgetWrites());
      return await scope(tx);
    });
  }

  /**
   * What the memos remember (ingest-memo.ts, reply-facts-memo.ts) is only certain until something
   * other than an ingest writes.
   */
  private forgetWrites(): void {
    this.lastIngest.forget();
    this.replyFacts.forget();
  }

  /** One batch in one transaction of its own, starting from what the thread's last batch wrote. */
  private ingest(
    accountId: string,
    thread: ParsedThread,
    messages: readonly MessageInput[],
    account: AccountRecord | undefined,
  ): Promise<IngestResult> {
    const threadId = threadKey(accountId, thread.hostThreadId, thread.e2ee ?? false);
    const { ticket, known } = this.lastIngest.take(threadId);
    const done = this.db.transaction('rw', ingestTables(this.db), () =>
      ingestBatch(this.db, accountId, thread, messages, this.now(), account, known).then((result) => {
        const rows = result.known;
        // Copies: the result goes to the caller, who may change it.
        const kept = rows && {
          thread: { ...rows.thread },
          customer: rows.customer && { ...rows.customer },
          tail: rows.tail && { ...rows.tail },
        };
        const clusters = {
          put: result.clusters.put.map((c) => ({ ...c })),
          deleted: result.clusters.deleted,
        };
        afterCommit(() => {
          if (kept) this.lastIngest.keep(ticket, threadId, kept);
          this.replyFacts.ingested(threadId, clusters);
        });
        return result;
      }),
    );
    this.ingested = done.catch(() => undefined);
    return done;
  }

  /**
   * Remembered facts, as a read transaction asked for now would tell them: after the ingests
   * already asked for, whose changes reach the memo when they commit.
   */
  private async rememberedFacts(find: () => ReplyFactsSource | undefined): Promise<ReplyFacts | undefined> {
    if (!find()) return undefined;
    await this.ingested;
    const source = find();
    return source && replyFactsOf(source, this.now());
  }

  /**
   * A write that may change who owns a handle or a thread (merge, split, undo, erase, account
   * region). Known resolutions are forgotten when it is asked for, so no capture queued after it
   * uses an answer from before, and again once it committed, for resolutions that ran meanwhile.
   */
  private rwIdentities<T>(scope: (tx: Transaction) => Promise<T>): Promise<T> {
    this.resolutions.forget();
    // Async on purpose: Dexie follows native awaits only inside a scope that is an async function.
    return this.rw(async (tx) => {
      afterCommit(() => this.resolutions.forget());
      return await scope(tx);
    });
  }

  private async requireAccount(accountId: string): Promise<AccountRecord> {
    const account = await this.db.accounts.get(accountId);
    if (!account) throw new StoreInputError(`Unknown account ${accountId}; call upsertAccount first`);
    return account;
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────────────

  /** Registers (or refreshes) a logged-in host account; its `id` keys all its threads and messages. */
  async upsertAccount(input: AccountInput): Promise<AccountRecord> {
    const parsed = parseInput(accountInputSchema, input, 'account');
    const id = accountKey(parsed.channel, parsed.hostAccountId);
    // Every captured batch upserts its account: an unchanged row seen lately is not even read.
    const known = this.accounts.get(id);
    if (known && !accountNeedsWrite(known, nextAccount(id, parsed, known, this.now()))) return { ...known };
    // Forgotten until this upsert commits: an ingest queued behind it reads the row it writes.
    this.accounts.delete(id);
    return this.rw(async () => {
      const existing = await this.db.accounts.get(id);
      const record = nextAccount(id, parsed, existing, this.now());
      const stored = existing && !accountNeedsWrite(existing, record) ? existing : record;
      afterCommit(() => this.accounts.set(id, stored));
      if (stored === existing) return existing;
      // Region and workspace decide how handles normalise and where they are looked up.
      if (existing?.region !== record.region || existing?.workspace !== record.workspace) {
        this.resolutions.forget();
        afterCommit(() => this.resolutions.forget());
      }
      await this.db.accounts.put(record);
      return record;
    });
  }

  listAccounts(): Promise<AccountRecord[]> {
    return this.db.accounts.toArray();
  }

  // ── capture ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Stores a batch of captured messages of one thread. Idempotent: the key of each row comes from
   * account + channel + host message id, so replaying a batch doubles nothing. `added` counts
   * the messages that were not stored before.
   */
  async ingestMessages(
    accountId: string,
    thread: ThreadInput,
    messages: readonly MessageInput[],
  ): Promise<IngestResult> {
    const parsedThread = parseInput(threadInputSchema, thread, 'thread');
    const parsed = parseMessages(messages);
    return this.ingest(accountId, parsedThread, parsed, this.accounts.get(accountId));
  }

  /**
   * One captured batch: the account, the thread's customer and the messages, committed together
   * (resolved = all of it stored). A burst repeats the same account and thread on every batch;
   * when the account row is known committed and the thread's resolution is remembered, the batch
   * is one transaction over the tables ingest writes instead of one over every table with two
   * more nested in it.
   */
  async capture(
    account: AccountInput,
    thread: ThreadInput,
    options: ResolveOptions,
    messages: readonly MessageInput[],
  ): Promise<CaptureResult> {
    const parsedAccount = parseInput(accountInputSchema, account, 'account');
    const parsedThread = parseInput(threadInputSchema, thread, 'thread');
    const parsedOptions = parseInput(resolveOptionsSchema, options, 'identities');
    const parsedMessages = parseMessages(messages);
    const accountId = accountKey(parsedAccount.channel, parsedAccount.hostAccountId);
    const known = this.accounts.get(accountId);
    const resolved =
      known && !accountNeedsWrite(known, nextAccount(accountId, parsedAccount, known, this.now()))
        ? this.resolutions.get(
            resolutionKey({
              accountId,
              thread: parsedThread,
              displayName: parsedOptions.displayName ?? null,
              identities: parsedOptions.identities,
              source: parsedOptions.source ?? 'captured',
            }),
          )
        : undefined;
    if (known && resolved) {
      return { resolved, ingested: await this.ingest(accountId, parsedThread, parsedMessages, known) };
    }
    return this.rw(async () => {
      const accountRecord = await this.upsertAccount(account);
      const resolvedNow = await this.resolveThread(accountRecord.id, thread, options);
      const ingested = await this.ingestMessages(accountRecord.id, thread, messages);
      return { resolved: resolvedNow, ingested };
    });
  }

  /**
   * Finds or creates the customer for a thread from the identities seen on it, merging strong
   * matches automatically (see resolve.ts) and recording weaker ones as suggestions.
   */
  async resolveThread(
    accountId: string,
    thread: ThreadInput,
    options: ResolveOptions,
  ): Promise<ResolveThreadResult> {
    const parsedThread = parseInput(threadInputSchema, thread, 'thread');
    const parsed = parseInput(resolveOptionsSchema, options, 'identities');
    const key = resolutionKey({
      accountId,
      thread: parsedThread,
      displayName: parsed.displayName ?? null,
      identities: parsed.identities,
      source: parsed.source ?? 'captured',
    });
    const known = this.resolutions.get(key);
    if (known) return known;
    return this.rw(async () => {
      const account = await this.requireAccount(accountId);
      const result = await resolveThreadInTx(
        this.db,
        account,
        parsedThread,
        parsed.displayName ?? null,
        parsed.identities,
        parsed.source ?? 'captured',
        this.now(),
      );
      afterCommit(() => this.resolutions.remember(key, result));
      return result;
    });
  }

  /** The thread row (with its customer) for a host thread, or null when never seen. */
  async findThread(accountId: string, hostThreadId: string, e2ee = false): Promise<ThreadRecord | null> {
    return (await this.db.threads.get(threadKey(accountId, hostThreadId, e2ee))) ?? null;
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────────

  async getCustomerView(customerId: string): Promise<CustomerView | null> {
    const rules = await this.getRules();
    let stale: string[] = [];
    const view = await this.db.transaction('r', this.db.tables, () =>
      readCustomerView(this.db, customerId, rules, this.now(), (threadIds) => {
        stale = threadIds;
      }),
    );
    // The view was computed right (from text); store the fresh facts for the next read. Lazy and
    // best effort: a failure here only means the next read recomputes again.
    if (stale.length > 0) void this.rebuildInquiries(stale).catch(() => {});
    return view;
  }

  /** The little reply suggestions need of a customer (see reply-facts.ts); null when unknown. */
  async getReplyFacts(customerId: string): Promise<ReplyFacts | null> {
    const known = await this.rememberedFacts(() => this.replyFacts.ofCustomer(customerId));
    if (known) return known;
    const ticket = this.replyFacts.ticket();
    const source = await this.db.transaction(
      'r',
      [this.db.customers, this.db.threads, this.db.inquiries],
      () => readReplyFactsSource(this.db, customerId, this.now()),
    );
    if (!source) return null;
    this.replyFacts.remember(ticket, source);
    return replyFactsOf(source, this.now());
  }

  /**
   * getReplyFacts for a thread's customer, found and read in one transaction (suggestions ask
   * with every captured message). Undefined when the thread is unknown or has no customer yet.
   */
  async getThreadReplyFacts(
    accountId: string,
    hostThreadId: string,
    e2ee = false,
  ): Promise<ReplyFacts | null | undefined> {
    const threadId = threadKey(accountId, hostThreadId, e2ee);
    const known = await this.rememberedFacts(() => this.replyFacts.ofThread(threadId));
    if (known) return known;
    const ticket = this.replyFacts.ticket();
    const source = await this.db.transaction(
      'r',
      [this.db.customers, this.db.threads, this.db.inquiries],
      () =>
        this.db.threads
          .get(threadId)
          .then((thread) =>
            thread?.customerId ? readReplyFactsSource(this.db, thread.customerId, this.now()) : undefined,
          ),
    );
    if (!source) return source;
    this.replyFacts.remember(ticket, source);
    return replyFactsOf(source, this.now());
  }

  /** Recomputes threads' inquiry clusters from their messages (after a refund keyword change). */
  async rebuildInquiries(threadIds: readonly string[]): Promise<void> {
    this.forgetWrites();
    await this.db.transaction('rw', [this.db.messages, this.db.inquiries], async () => {
      for (const threadId of threadIds) await rebuildInquiries(this.db, threadId);
    });
    this.forgetWrites();
  }

  getTimeline(customerId: string, options: TimelineOptions = {}): Promise<TimelinePage> {
    return this.db.transaction('r', [this.db.threads, this.db.messages], () =>
      readTimeline(this.db, customerId, options),
    );
  }

  getMergeHistory(customerId: string): Promise<MergeHistoryRecord[]> {
    return this.db.mergeHistory.where('customerIds').equals(customerId).sortBy('at');
  }

  // ── the agent's edits ───────────────────────────────────────────────────────────────────────

  async addNote(customerId: string, text: string, author: string | null = null): Promise<NoteRecord> {
    if (text.trim() === '') throw new StoreInputError('A note needs some text');
    return this.rw(async () => {
      await this.requireCustomer(customerId);
      const note: NoteRecord = { id: newId(), customerId, text, author, createdAt: this.now() };
      await this.db.notes.add(note);
      return note;
    });
  }

  async deleteNote(noteId: string): Promise<void> {
    await this.db.notes.delete(noteId);
  }

  async addTag(customerId: string, tag: string): Promise<TagRecord> {
    const name = tag.trim();
    if (name === '') throw new StoreInputError('A tag needs a name');
    return this.rw(async () => {
      await this.requireCustomer(customerId);
      const existing = await this.db.tags.get([customerId, name]);
      if (existing) return existing;
      const record: TagRecord = { customerId, tag: name, createdAt: this.now() };
      await this.db.tags.add(record);
      return record;
    });
  }

  async removeTag(customerId: string, tag: string): Promise<void> {
    await this.db.tags.delete([customerId, tag.trim()]);
  }

  async setPriority(customerId: string, priority: Priority): Promise<void> {
    const parsed = parseInput(prioritySchema, priority, 'priority');
    await this.rw(async () => {
      await this.requireCustomer(customerId);
      await this.db.customers.update(customerId, { priority: parsed });
    });
  }

  /** Adds a handle the agent learned (a phone, an email); a strong match merges as on capture. */
  async addIdentity(customerId: string, identity: RawIdentity, source: IdentitySource = 'agent') {
    const raw = parseInput(rawIdentitySchema, identity, 'identity');
    return this.rwIdentities(async () => {
      const customer = await this.requireCustomer(customerId);
      const threads = await this.db.threads.where('customerId').equals(customerId).toArray();
      const home = threads[0];
      const account = home ? await this.db.accounts.get(home.accountId) : undefined;
      const region = account?.region ?? null;
      const outcome = normalizeIdentity(raw, { region });
      if (!outcome.ok) throw new StoreInputError(`Cannot use ${raw.kind} "${raw.value}": ${outcome.reason}`);
      const merges: MergeSummary[] = [];
      const added: IdentityRecord[] = [];
      for (const normalized of outcome.identities) {
        const owner = await this.db.identities
          .where('[workspace+kind+value]')
          .equals([customer.workspace, normalized.kind, normalized.value])
          .first();
        if (owner && owner.customerId !== customerId) {
          // The agent asserts this handle belongs here; that is a link, not a guess.
          const record = await this.linkInTx(customerId, owner.customerId, `agent added ${normalized.kind}`);
          merges.push(record);
          continue;
        }
        if (owner) continue;
        const survivor = merges[merges.length - 1]?.survivorId ?? customerId;
        const record: IdentityRecord = {
          id: newId(),
          workspace: customer.workspace,
          customerId: survivor,
          channel: null,
          kind: normalized.kind,
          value: normalized.value,
          sameAs: normalized.sameAs,
          source,
          createdAt: this.now(),
        };
        await this.db.identities.add(record);
        added.push(record);
      }
      return { added, merges };
    });
  }

  // ── linking ─────────────────────────────────────────────────────────────────────────────────

  listSuggestions(customerId: string): Promise<SuggestionView[]> {
    return this.db.transaction('r', [this.db.suggestions, this.db.customers], async () => {
      const [asA, asB] = await Promise.all([
        this.db.suggestions.where('a').equals(customerId).toArray(),
        this.db.suggestions.where('b').equals(customerId).toArray(),
      ]);
      const open = [...asA, ...asB].filter((s) => s.status === 'open').sort((x, y) => y.score - x.score);
      const others = await this.db.customers.bulkGet(open.map((s) => (s.a === customerId ? s.b : s.a)));
      return open.map((suggestion, i) => {
        const other = others[i];
        return {
          ...suggestion,
          other: other ? { id: other.id, name: other.name, lastContact: other.lastContact } : null,
        };
      });
    });
  }

  async confirmSuggestion(suggestionId: string): Promise<MergeSummary> {
    return this.rwIdentities(async () => {
      const suggestion = await this.db.suggestions.get(suggestionId);
      if (suggestion?.status !== 'open') throw new StoreStateError(`No open suggestion ${suggestionId}`);
      const reason = suggestion.reasons.map((r) => `${r.reason} (${r.detail})`).join('; ');
      const summary = await this.linkInTx(suggestion.a, suggestion.b, reason, 'confirm');
      await this.db.suggestions.update(suggestionId, { status: 'confirmed', decidedAt: this.now() });
      return summary;
    });
  }

  async dismissSuggestion(suggestionId: string): Promise<void> {
    await this.rw(async () => {
      const suggestion = await this.db.suggestions.get(suggestionId);
      if (!suggestion) throw new StoreStateError(`No suggestion ${suggestionId}`);
      // Kept (not deleted) so the same pair is not proposed again.
      await this.db.suggestions.update(suggestionId, { status: 'dismissed', decidedAt: this.now() });
    });
  }

  /** The agent says two customers are one person. The older customer record survives. */
  link(customerA: string, customerB: string): Promise<MergeSummary> {
    return this.rwIdentities(() => this.linkInTx(customerA, customerB, 'linked by agent', 'link'));
  }

  private async linkInTx(
    customerA: string,
    customerB: string,
    reason: string,
    kind: 'link' | 'confirm' = 'link',
  ): Promise<MergeSummary> {
    const a = await this.requireCustomer(customerA);
    const b = await this.requireCustomer(customerB);
    const [survivor, absorbed] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
    // An explicit link overrides an earlier "keep apart".
    await this.db.customers.update(survivor.id, {
      keepApart: survivor.keepApart.filter((id) => id !== absorbed.id),
    });
    await this.db.customers.update(absorbed.id, {
      keepApart: absorbed.keepApart.filter((id) => id !== survivor.id),
    });
    const record = await mergeCustomers(this.db, survivor.id, absorbed.id, {
      kind,
      reason,
      flagged: null,
      now: this.now(),
    });
    return { mergeId: record.id, survivorId: survivor.id, absorbedId: absorbed.id };
  }

  /** Splits an identity (and the threads carrying it) into a new customer, kept apart from the old. */
  unlink(identityId: string): Promise<{ mergeId: string; newCustomerId: string }> {
    return this.rwIdentities(async () => {
      const record = await unlinkIdentity(this.db, identityId, this.now());
      return { mergeId: record.id, newCustomerId: record.newCustomerId };
    });
  }

  /** Undoes a merge, link or unlink exactly (one click from the sidebar). */
  undoMerge(mergeId: string): Promise<void> {
    return this.rwIdentities(async () => {
      const record = await this.db.mergeHistory.get(mergeId);
      if (!record) throw new StoreStateError(`No merge ${mergeId}`);
      if (record.undoneAt !== null) throw new StoreStateError(`Merge ${mergeId} was already undone`);
      if (record.kind === 'unlink') await undoUnlink(this.db, record, this.now());
      else await undoMerge(this.db, record, this.now());
    });
  }

  // ── export and erase ────────────────────────────────────────────────────────────────────────

  exportCustomer(customerId: string): Promise<CustomerExport> {
    return this.db.transaction('r', this.db.tables, async () => {
      const customer = await this.requireCustomer(customerId);
      const threads = await this.db.threads.where('customerId').equals(customerId).toArray();
      const messages = (
        await Promise.all(
          threads.map((t) =>
            this.db.messages
              .where('[threadId+timestamp]')
              .between([t.id, -Infinity], [t.id, Infinity])
              .toArray(),
          ),
        )
      ).flat();
      const [identities, notes, tags, mergeHistory, asA, asB] = await Promise.all([
        this.db.identities.where('customerId').equals(customerId).toArray(),
        this.db.notes.where('customerId').equals(customerId).toArray(),
        this.db.tags.where('customerId').equals(customerId).toArray(),
        this.db.mergeHistory.where('customerIds').equals(customerId).toArray(),
        this.db.suggestions.where('a').equals(customerId).toArray(),
        this.db.suggestions.where('b').equals(customerId).toArray(),
      ]);
      return {
        format: 'switchboard.customer.v1' as const,
        exportedAt: this.now(),
        customer,
        identities,
        threads,
        messages: messages.sort((x, y) => x.timestamp - y.timestamp),
        notes,
        tags,
        mergeHistory,
        suggestions: [...asA, ...asB],
      };
    });
  }

  /**
   * Erases a customer everywhere: identities, threads and their messages and typed identifiers,
   * notes, tags, suggestions, and the merge history that holds snapshots of their data.
   */
  deleteCustomer(customerId: string): Promise<DeleteReport> {
    return this.rwIdentities(async () => {
      await this.requireCustomer(customerId);
      const db = this.db;
      const threadIds = await db.threads.where('customerId').equals(customerId).primaryKeys();
      let messages = 0;
      for (const threadId of threadIds) {
        messages += await db.messages
          .where('[threadId+timestamp]')
          .between([threadId, -Infinity], [threadId, Infinity])
          .delete();
        await db.mentions.where('threadId').equals(threadId).delete();
        await db.inquiries
          .where('[threadId+start]')
          .between([threadId, -Infinity], [threadId, Infinity])
          .delete();
      }
      const report: DeleteReport = {
        identities: await db.identities.where('customerId').equals(customerId).delete(),
        threads: threadIds.length,
        messages,
        notes: await db.notes.where('customerId').equals(customerId).delete(),
        tags: await db.tags.where('customerId').equals(customerId).delete(),
        history: await db.mergeHistory.where('customerIds').equals(customerId).delete(),
      };
      await db.threads.bulkDelete(threadIds);
      await db.suggestions.where('a').equals(customerId).delete();
      await db.suggestions.where('b').equals(customerId).delete();
      await db.customers
        .filter((customer) => customer.keepApart.includes(customerId))
        .modify((customer) => {
          customer.keepApart = customer.keepApart.filter((id) => id !== customerId);
        });
      await db.customers.delete(customerId);
      return report;
    });
  }

  // ── rules ───────────────────────────────────────────────────────────────────────────────────

  async getRules(): Promise<PriorityRule[]> {
    const stored = await this.db.settings.get(RULES_KEY);
    if (!stored) return DEFAULT_PRIORITY_RULES;
    const parsed = rulesSchema.safeParse(stored.value);
    // A corrupt setting must not hide priorities: fall back to the defaults.
    return parsed.success ? parsed.data : DEFAULT_PRIORITY_RULES;
  }

  async setRules(rules: PriorityRule[]): Promise<void> {
    const parsed = parseInput(rulesSchema, rules, 'priority rules');
    await this.db.settings.put({ key: RULES_KEY, value: parsed });
  }

  private async requireCustomer(customerId: string): Promise<CustomerRecord> {
    const customer = await this.db.customers.get(customerId);
    if (!customer) throw new StoreStateError(`No customer ${customerId}`);
    return customer;
  }
}
