import { ApiError } from '../../api/errors';
import type { Config } from '../../config/config';
import type { ChannelAccountsTable, ChannelMessagesTable } from '../../storage/schema';
import { inTransaction } from '../../storage/transaction';
import { callGraph, GraphConnections, type GraphResult } from './graph-client';
import { messagingRequest, type OutboundBody, whatsappRequest } from './outbound';
import type { ChannelStore } from './store';
import { applyWindow } from './windows';

type Update = Partial<ChannelMessagesTable>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends of one worker in flight at once (as many as the HTTP keep-alive pool holds). */
const MAX_IN_FLIGHT = 512;

/**
 * Per-number pacing: a token bucket refilled at the configured rate holding at most a twentieth
 * of a second of sends (at least one). Over any interval T at most rate·T + capacity requests
 * leave, so a late timer or a busy event loop is made up without ever exceeding Meta's limit.
 */
export class TokenBucket {
  readonly capacity: number;
  private tokens = 1;
  private at: number;

  constructor(
    readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, Math.floor(rate / 20));
    this.at = this.now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.rate) / 1_000);
    this.at = now;
  }

  /** Takes up to `wanted` whole tokens; returns how many were granted. */
  take(wanted: number): number {
    this.refill();
    const granted = Math.max(0, Math.min(wanted, Math.floor(this.tokens)));
    this.tokens -= granted;
    return granted;
  }

  refund(count: number): void {
    if (count > 0) this.tokens = Math.min(this.capacity, this.tokens + count);
  }

  /** How long until one whole token is there (at least 1 ms). */
  msUntilNext(): number {
    this.refill();
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1_000) / this.rate));
  }
}

/** Automatic answers carry their rule, or the `auto:` key the automation enqueues them with. */
const isAutomatic = (row: ChannelMessagesTable) =>
  row.rule_id !== null || (row.created_by === null && (row.client_key?.startsWith('auto:') ?? false));

/** A pause that doubles with each consecutive strike, reset by a success. */
interface Backoff {
  until: number;
  strikes: number;
}

/**
 * The outbound queue: one sending loop per channel account, fed from channel_messages.
 *
 * Crash policy (documented choice): a message is claimed by setting state `sending` with a lease
 * before its HTTP call. If the process dies before the result is stored, the lease expires and the
 * message becomes `unknown` ("possibly sent") — it is never resent automatically, because Meta may
 * already have delivered it. WhatsApp sends carry our id in `biz_opaque_callback_data`, so a status
 * webhook for such a message still resolves it to sent/delivered/read; an agent can resend the rest
 * deliberately. Nothing queued is ever lost: queued rows are only changed by a committed claim.
 */
export class DeliveryWorker {
  private readonly loops = new Map<string, Promise<void>>();
  private readonly pacers = new Map<string, TokenBucket>();
  private readonly recipients = new Map<string, { tokens: number; at: number; blocked: Backoff }>();
  private readonly accountPause = new Map<string, Backoff>();
  private readonly inflight = new Set<Promise<void>>();
  private writes: { row: ChannelMessagesTable; update: Update }[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  // Until start(): an app built with workers off (benches, tools) must not process on its own.
  private stopped = true;
  private polling = false;
  private connections = new GraphConnections();

  constructor(
    private readonly store: ChannelStore,
    private readonly config: Config,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.poll(), this.store.options.pollMs);
    this.timer.unref();
    void this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.loops.values()]);
    await Promise.allSettled([...this.inflight]);
    await this.flush();
    // Idle keep-alive sockets go now (a fresh, empty pool serves a later start()).
    this.connections.close();
    this.connections = new GraphConnections();
  }

  /** Looks for due work of every account (queued by another instance, or retries now due). */
  async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      await this.expireLeases();
      const now = this.store.clock();
      const due = await this.store.db
        .selectFrom('channel_messages')
        .select('account_id')
        .distinct()
        .where('state', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .execute();
      for (const { account_id } of due) this.kick(account_id);
    } catch (error) {
      this.store.log.warn({ err: error }, 'delivery poll failed');
    } finally {
      this.polling = false;
    }
  }

  kick(accountId: string): void {
    if (this.stopped || this.loops.has(accountId)) return;
    const loop = this.run(accountId)
      .catch((error: unknown) => this.store.log.warn({ err: error, accountId }, 'delivery loop failed'))
      .finally(() => this.loops.delete(accountId));
    this.loops.set(accountId, loop);
  }

  /** Resolves once nothing is due or in flight (tests and benches await it). */
  async idle(): Promise<void> {
    for (;;) {
      await this.poll();
      await Promise.allSettled([...this.loops.values(), ...this.inflight]);
      await this.flush();
      const due = await this.store.db
        .selectFrom('channel_messages')
        .select('id')
        .where('state', 'in', ['queued', 'sending'])
        .where('next_attempt_at', '<=', this.store.clock())
        .limit(1)
        .execute();
      if (due.length === 0 && this.loops.size === 0 && this.inflight.size === 0) return;
      await sleep(5);
    }
  }

  /** Claims left behind by a process that died mid-send: possibly sent, so reported, not resent. */
  async expireLeases(): Promise<void> {
    const now = this.store.clock();
    const stale = await this.store.db
      .selectFrom('channel_messages')
      .selectAll()
      .where('state', '=', 'sending')
      .where('lease_until', '<', now)
      .execute();
    const changed: ChannelMessagesTable[] = [];
    for (const row of stale) {
      const reason =
        'The sending process stopped before Meta answered: this message may or may not have been sent, so it was not resent automatically.';
      const result = await this.store.db
        .updateTable('channel_messages')
        .set({
          state: 'unknown',
          error_code: 'possibly_sent',
          error_reason: reason,
          lease_until: null,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .where('state', '=', 'sending')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) {
        changed.push({
          ...row,
          state: 'unknown',
          error_code: 'possibly_sent',
          error_reason: reason,
          lease_until: null,
        });
      }
    }
    this.store.pushMessages(changed);
    // Receipts may already be stored for them (matched by callback data).
    const known = changed.filter((r) => r.external_id).map((r) => r.external_id as string);
    if (known.length > 0) await this.store.reconcile('whatsapp', known);
  }

  private async claim(accountId: string, limit: number): Promise<ChannelMessagesTable[]> {
    const now = this.store.clock();
    const lease = now + this.store.options.sendLeaseMs;
    const dialect = this.store.database.dialect;
    return inTransaction(this.store.db, async (tx) => {
      let query = tx
        .selectFrom('channel_messages')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('state', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit);
      // SQLite serialises writers already (begin immediate); PostgreSQL instances skip each other's rows.
      if (dialect === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      if (rows.length === 0) return [];
      await tx
        .updateTable('channel_messages')
        .set({ state: 'sending', lease_until: lease, updated_at: now })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows.map((r) => ({ ...r, state: 'sending' as const, lease_until: lease }));
    });
  }

  private async run(accountId: string): Promise<void> {
    const account = await this.store.db
      .selectFrom('channel_accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!account) return;
    // A tenth of a second of sends per claim: one transaction claims (and leases) them all.
    const batch = Math.max(1, Math.min(500, Math.ceil(account.rate_per_second / 10)));
    const pacer = this.pacerFor(account);
    let claimed: ChannelMessagesTable[] = [];
    while (!this.stopped) {
      const pause = this.accountPause.get(accountId);
      const now = this.store.clock();
      if (pause && pause.until > now) {
        // Claimed rows wait out the pause in the queue, not in memory under a lease.
        for (const row of claimed.splice(0)) this.defer(row, pause.until);
        await sleep(Math.min(pause.until - now, 1_000));
        continue;
      }
      if (claimed.length === 0) {
        const rows = await this.claim(accountId, batch);
        if (rows.length === 0) break;
        claimed = await this.recheckWindows(rows);
        continue;
      }
      if (this.inflight.size >= MAX_IN_FLIGHT) {
        await Promise.race(this.inflight);
        continue;
      }
      const granted = pacer.take(Math.min(claimed.length, MAX_IN_FLIGHT - this.inflight.size));
      if (granted === 0) {
        await sleep(pacer.msUntilNext());
        continue;
      }
      const at = this.store.clock();
      let used = 0;
      for (const row of claimed.splice(0, granted)) {
        const wait = this.recipientWait(accountId, row.customer_id, at);
        if (wait > 0) {
          this.defer(row, at + wait);
          continue;
        }
        used += 1;
        const sending = this.send(account, row).catch((error: unknown) => {
          this.store.log.error({ err: error, message: row.id }, 'send failed unexpectedly');
        });
        this.inflight.add(sending);
        void sending.finally(() => this.inflight.delete(sending));
      }
      // A deferred row did not use its slot: the token goes back, nothing was sent with it.
      pacer.refund(granted - used);
    }
    // Stopped with rows claimed but never sent: they go back to the queue untouched.
    for (const row of claimed) this.defer(row, this.store.clock());
  }

  /**
   * The messaging window is checked again just before sending: a message queued inside it may
   * have waited (back-off, pacing, an outage) until after it closed. WhatsApp free text is then
   * failed as `outside_window` with the template advice, rather than sent for Meta to refuse with
   * 131047; Messenger/Instagram replies by an agent move to the HUMAN_AGENT tag while it allows.
   * Returns the rows still to send (with the body they go out with).
   */
  private async recheckWindows(rows: ChannelMessagesTable[]): Promise<ChannelMessagesTable[]> {
    const ids = [...new Set(rows.map((r) => r.conversation_id))];
    const conversations = await this.store.db
      .selectFrom('conversations')
      .select(['id', 'last_customer_message_at'])
      .where('id', 'in', ids)
      .execute();
    const last = new Map(conversations.map((c) => [c.id, c.last_customer_message_at]));
    const now = this.store.clock();
    const out: ChannelMessagesTable[] = [];
    for (const row of rows) {
      const body = JSON.parse(row.body) as OutboundBody;
      try {
        const allowed = applyWindow(
          row.channel,
          body.content,
          last.get(row.conversation_id) ?? null,
          now,
          isAutomatic(row) ? 'automation' : 'human',
        );
        const changed = allowed.messagingType !== body.messagingType || allowed.tag !== body.tag;
        out.push(changed ? { ...row, body: JSON.stringify({ ...body, ...allowed }) } : row);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        this.write(row, {
          state: 'failed',
          failed_at: now,
          lease_until: null,
          error_code: error.code,
          error_reason: `Not sent: the window closed while the message was queued. ${error.message}`,
        });
      }
    }
    return out;
  }

  /** One token bucket per number, kept across loops so a restarted loop cannot burst past it. */
  private pacerFor(account: ChannelAccountsTable): TokenBucket {
    let pacer = this.pacers.get(account.id);
    if (!pacer || pacer.rate !== account.rate_per_second) {
      pacer = new TokenBucket(account.rate_per_second);
      this.pacers.set(account.id, pacer);
    }
    return pacer;
  }

  /** 0 if a message may go to this customer now, else how long to wait (burst, then 1 per interval). */
  private recipientWait(accountId: string, customerId: string, now: number): number {
    const { recipientBurst, recipientIntervalMs } = this.store.options;
    const key = `${accountId}\u0000${customerId}`;
    let bucket = this.recipients.get(key);
    if (!bucket) {
      bucket = { tokens: recipientBurst, at: now, blocked: { until: 0, strikes: 0 } };
      this.recipients.set(key, bucket);
    }
    if (bucket.blocked.until > now) return bucket.blocked.until - now;
    bucket.tokens = Math.min(recipientBurst, bucket.tokens + (now - bucket.at) / recipientIntervalMs);
    bucket.at = now;
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) * recipientIntervalMs);
    bucket.tokens -= 1;
    if (this.recipients.size > 100_000) this.recipients.clear();
    return 0;
  }

  private defer(row: ChannelMessagesTable, until: number): void {
    this.write(row, { state: 'queued', next_attempt_at: until, lease_until: null });
  }

  private async send(account: ChannelAccountsTable, row: ChannelMessagesTable): Promise<void> {
    const { options } = this.store;
    const body = JSON.parse(row.body) as OutboundBody;
    const base = this.config.meta.graphApiBase;
    const token = this.config.meta.accessTokens[row.channel];
    const [url, request] =
      row.channel === 'whatsapp'
        ? [
            `${base}/${options.graphVersion}/${account.external_id}/messages`,
            whatsappRequest(row.id, row.customer_id, body, undefined),
          ]
        : // POST /<PAGE_ID>/messages (Instagram: the IG account through its Page) is the documented form.
          [
            `${base}/${options.graphVersion}/${account.external_id}/messages`,
            messagingRequest(row.customer_id, body),
          ];
    const requestedAt = this.store.clock();
    const result = await callGraph(url, token, request, options.httpTimeoutMs, this.connections);
    this.apply(account, row, result, requestedAt);
  }

  private apply(
    account: ChannelAccountsTable,
    row: ChannelMessagesTable,
    result: GraphResult,
    requestedAt: number,
  ): void {
    const { options } = this.store;
    const now = this.store.clock();
    const backoff = (b: Backoff, factor: number) => {
      const delay = Math.min(options.retryMaxMs, options.retryBaseMs * factor ** b.strikes);
      b.strikes += 1;
      b.until = now + delay;
      return b.until;
    };
    if (result.outcome === 'ok') {
      const messages = result.json.messages;
      const externalId =
        row.channel === 'whatsapp'
          ? Array.isArray(messages) && typeof messages[0]?.id === 'string'
            ? (messages[0].id as string)
            : null
          : typeof result.json.message_id === 'string'
            ? result.json.message_id
            : null;
      this.accountPause.delete(account.id);
      const bucket = this.recipients.get(`${account.id}\u0000${row.customer_id}`);
      if (bucket) bucket.blocked.strikes = 0;
      this.write(row, {
        state: 'sent',
        external_id: externalId ?? row.external_id,
        body: row.body,
        // When it was handed to Meta: what Messenger/Instagram read watermarks are compared with.
        sent_at: requestedAt,
        lease_until: null,
        error_code: null,
        error_reason: null,
      });
      return;
    }
    if (result.outcome === 'throttle') {
      const pause = this.accountPause.get(account.id) ?? { until: 0, strikes: 0 };
      this.accountPause.set(account.id, pause);
      const until = pause.until > now ? pause.until : backoff(pause, 2);
      this.store.log.info(
        { account: account.external_id, code: result.code, until },
        'throttled by Meta; backing off',
      );
      this.write(row, {
        state: 'queued',
        next_attempt_at: until,
        lease_until: null,
        error_code: result.code,
        error_reason: result.reason,
      });
      return;
    }
    if (result.outcome === 'pair_rate') {
      const key = `${account.id}\u0000${row.customer_id}`;
      const bucket = this.recipients.get(key) ?? { tokens: 0, at: now, blocked: { until: 0, strikes: 0 } };
      this.recipients.set(key, bucket);
      bucket.tokens = 0;
      // Meta: retry a pair-rate error after 4^X seconds.
      const until = bucket.blocked.until > now ? bucket.blocked.until : backoff(bucket.blocked, 4);
      this.write(row, {
        state: 'queued',
        next_attempt_at: until,
        lease_until: null,
        error_code: result.code,
        error_reason: result.reason,
      });
      return;
    }
    if (result.outcome === 'transient') {
      const attempts = row.attempts + 1;
      if (attempts >= options.maxAttempts) {
        this.write(row, {
          state: 'failed',
          attempts,
          failed_at: now,
          lease_until: null,
          error_code: result.code,
          error_reason: `${result.reason} (gave up after ${attempts} attempts)`,
        });
        return;
      }
      const delay = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** (attempts - 1));
      this.write(row, {
        state: 'queued',
        attempts,
        next_attempt_at: now + delay,
        lease_until: null,
        error_code: result.code,
        error_reason: result.reason,
      });
      return;
    }
    if (result.outcome === 'ambiguous') {
      this.write(row, {
        state: 'unknown',
        lease_until: null,
        error_code: 'possibly_sent',
        error_reason: result.reason,
      });
      return;
    }
    this.write(row, {
      state: 'failed',
      failed_at: now,
      lease_until: null,
      error_code: result.code,
      error_reason: result.reason,
    });
  }

  private write(row: ChannelMessagesTable, update: Update): void {
    this.writes.push({ row, update: { ...update, updated_at: this.store.clock() } });
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    // A couple of milliseconds of results share one transaction: one commit per batch, not per send.
    this.flushing = sleep(2)
      .then(() => this.flush())
      .catch((error: unknown) => this.store.log.error({ err: error }, 'storing delivery results failed'))
      .finally(() => {
        this.flushing = undefined;
        if (this.writes.length > 0) this.scheduleFlush();
      });
  }

  /** Stores results in one transaction per few milliseconds, then folds in early receipts. */
  async flush(): Promise<void> {
    while (this.writes.length > 0) {
      const batch = this.writes.splice(0);
      await inTransaction(this.store.db, async (tx) => {
        for (const { row, update } of batch) {
          await tx.updateTable('channel_messages').set(update).where('id', '=', row.id).execute();
        }
      });
      const rows = batch.map(({ row, update }) => ({ ...row, ...update }) as ChannelMessagesTable);
      this.store.pushMessages(rows.filter((r) => r.state !== 'queued' || r.error_code !== null));
      for (const channel of ['whatsapp', 'messenger', 'instagram'] as const) {
        const sent = rows
          .filter((r) => r.channel === channel && r.state === 'sent' && r.external_id)
          .map((r) => r.external_id as string);
        if (sent.length > 0) await this.store.reconcile(channel, sent);
      }
      // Read/delivery watermarks that arrived while these were still being sent.
      await this.store.applyStoredWatermarks(
        rows.filter((r) => r.channel !== 'whatsapp' && r.state === 'sent' && r.sent_at !== null),
      );
      for (const r of rows) if (r.state === 'queued') this.kickLater(r.account_id, r.next_attempt_at);
    }
  }

  private kickLater(accountId: string, at: number): void {
    const delay = Math.max(0, at - this.store.clock());
    const timer = setTimeout(() => this.kick(accountId), delay + 1);
    timer.unref();
  }
}
