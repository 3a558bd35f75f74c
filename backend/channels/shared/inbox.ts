import { uuidv7 } from '../../storage/ids';
import type { Channel, ChannelMessagesTable } from '../../storage/schema';
import { parseMessaging } from '../messenger/parse';
import { parseWhatsApp } from '../whatsapp/parse';
import type { ChannelStore } from './store';
import type { InboundItem } from './types';

const MAX_ATTEMPTS = 10;

/**
 * The webhook inbox: a POST is acknowledged once its raw body is committed here, and the work
 * (routing, statuses, automation) happens afterwards from this table, so a crash between the two
 * loses nothing — the row is simply processed again, and every step is idempotent.
 */
export class WebhookInbox {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  // Until start(): an app built with workers off (benches, tools) must not process on its own.
  private stopped = true;

  constructor(
    private readonly store: ChannelStore,
    private readonly onInbound: (rows: ChannelMessagesTable[]) => Promise<void>,
  ) {}

  async accept(channel: Channel, raw: Buffer): Promise<string> {
    const id = uuidv7();
    await this.store.db
      .insertInto('webhook_inbox')
      .values({
        id,
        channel,
        body: raw.toString('utf8'),
        received_at: this.store.clock(),
        status: 'pending',
        attempts: 0,
        lease_until: null,
        processed_at: null,
        error: null,
      })
      .execute();
    this.kick();
    return id;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.store.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  /** Runs the worker now (or once more after the current pass); never two passes at once. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.store.log.warn({ err: error }, 'webhook inbox pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for a pass in progress, then processes everything due (tests and benches await it). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
    await this.drain(true);
  }

  private async drain(force = false): Promise<void> {
    for (;;) {
      const done = await this.processBatch(100, force);
      if (done === 0) return;
    }
  }

  private async processBatch(limit: number, force: boolean): Promise<number> {
    const now = this.store.clock();
    const candidates = await this.store.db
      .selectFrom('webhook_inbox')
      .select(['id', 'channel', 'body', 'attempts'])
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .orderBy('received_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    let processed = 0;
    for (const row of candidates) {
      if (this.stopped && !force) break;
      // The lease makes a row one instance's at a time; a crashed holder's lease simply expires.
      const claimed = await this.store.db
        .updateTable('webhook_inbox')
        .set({ lease_until: now + this.store.options.inboxLeaseMs, attempts: row.attempts + 1 })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue;
      processed += 1;
      try {
        await this.process(row.channel, row.body);
        await this.store.db
          .updateTable('webhook_inbox')
          .set({ status: 'done', processed_at: this.store.clock(), lease_until: null, error: null })
          .where('id', '=', row.id)
          .execute();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const failed = row.attempts + 1 >= MAX_ATTEMPTS;
        this.store.log.warn({ err: error, inbox: row.id, failed }, 'webhook processing failed');
        await this.store.db
          .updateTable('webhook_inbox')
          .set({
            status: failed ? 'failed' : 'pending',
            error: message.slice(0, 1_000),
            lease_until: this.store.clock() + Math.min(60_000, 100 * 2 ** row.attempts),
          })
          .where('id', '=', row.id)
          .execute();
      }
    }
    return processed;
  }

  private async process(channel: Channel, body: string): Promise<void> {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      this.store.log.warn({ channel }, 'signed webhook body is not JSON; kept in the inbox and skipped');
      return;
    }
    const now = this.store.clock();
    const items: InboundItem[] =
      channel === 'whatsapp' ? parseWhatsApp(payload, now) : parseMessaging(payload, channel, now);
    const messages: Extract<InboundItem, { kind: 'message' }>[] = [];
    const statuses: Extract<InboundItem, { kind: 'status' }>[] = [];
    for (const item of items) {
      if (item.kind === 'message') messages.push(item);
      else if (item.kind === 'status') statuses.push(item);
      else if (item.kind === 'watermark') await this.store.recordWatermark(item);
      else this.store.log.info({ channel, reason: item.reason }, 'webhook item tolerated and skipped');
    }
    if (messages.length > 0) {
      await this.store.recordInbound(messages);
      // Automation decides once per inbound message (unique key), so a replay after a crash
      // finishes what was left undone and repeats nothing.
      const ids = messages.map((m) => m.externalId);
      const rows = await this.store.db
        .selectFrom('channel_messages')
        .selectAll()
        .where('channel', '=', channel)
        .where('external_id', 'in', ids)
        .execute();
      await this.onInbound(rows);
    }
    await this.store.recordStatuses(statuses);
  }
}
