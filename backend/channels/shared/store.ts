import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../../auth/principal';
import { canonicalCustomerRef, type ServerMessage } from '../../protocol/v1';
import type { RoutingService } from '../../routing/routing-service';
import type { Database } from '../../storage/database';
import { uuidv7 } from '../../storage/ids';
import type { Channel, ChannelAccountsTable, ChannelMessagesTable } from '../../storage/schema';
import { channelMessageDto, isAdvance, stateFromStatuses } from './dto';
import type { ChannelOptions } from './options';
import type { InboundItem } from './types';

export type PushFn = (items: readonly { orgId: string; message: ServerMessage }[]) => void;

/** Everything the channel workers share: database, routing, pushes, accounts. */
export class ChannelStore {
  private readonly accountCache = new Map<string, ChannelAccountsTable | null>();

  constructor(
    readonly database: Database,
    readonly routing: RoutingService,
    readonly push: PushFn,
    readonly options: ChannelOptions,
    readonly log: FastifyBaseLogger,
    readonly clock: () => number = Date.now,
  ) {}

  get db() {
    return this.database.db;
  }

  async account(channel: Channel, externalId: string): Promise<ChannelAccountsTable | null> {
    const key = `${channel}\u0000${externalId}`;
    const cached = this.accountCache.get(key);
    if (cached) return cached;
    const row =
      (await this.db
        .selectFrom('channel_accounts')
        .selectAll()
        .where('channel', '=', channel)
        .where('external_id', '=', externalId)
        .executeTakeFirst()) ?? null;
    // Unknown accounts are not cached: one may be registered a moment later.
    if (row) this.accountCache.set(key, row);
    return row;
  }

  forgetAccounts(): void {
    this.accountCache.clear();
  }

  pushMessages(rows: readonly ChannelMessagesTable[]): void {
    if (rows.length === 0) return;
    const at = this.clock();
    this.push(
      rows.map((row) => ({
        orgId: row.org_id,
        message: { type: 'message.delivery', message: channelMessageDto(row), at },
      })),
    );
  }

  /**
   * Inbound messages: routed into conversations by the routing engine (idempotent by event id),
   * then recorded once each by Meta's message id. Returns the rows that are new.
   */
  async recordInbound(items: Extract<InboundItem, { kind: 'message' }>[]): Promise<ChannelMessagesTable[]> {
    const byOrg = new Map<string, { account: ChannelAccountsTable; item: (typeof items)[number] }[]>();
    for (const item of items) {
      const account = await this.account(item.channel, item.accountId);
      if (!account) {
        this.log.warn(
          { channel: item.channel, account: item.accountId },
          'webhook for an unregistered channel account ignored',
        );
        continue;
      }
      const list = byOrg.get(account.org_id) ?? [];
      list.push({ account, item });
      byOrg.set(account.org_id, list);
    }
    const created: ChannelMessagesTable[] = [];
    for (const [orgId, list] of byOrg) {
      const system: Principal = { agentId: 'system', orgId, role: 'admin', isOperator: false };
      const result = await this.routing.ingest(
        system,
        list.map(({ item }) => ({
          id: `${item.channel}:${item.externalId}`,
          kind: 'message.in' as const,
          channel: item.channel,
          customerRef: customerRef(item.channel, item.customerId),
          occurredAt: item.occurredAt,
          ...(item.text !== undefined ? { text: item.text.slice(0, 8_000) } : {}),
        })),
      );
      const now = this.clock();
      for (const [index, { account, item }] of list.entries()) {
        const conversationId = result.results[index]?.conversationId;
        if (!conversationId) continue;
        const row: ChannelMessagesTable = {
          id: uuidv7(),
          org_id: orgId,
          account_id: account.id,
          channel: item.channel,
          conversation_id: conversationId,
          customer_id: item.customerId,
          direction: 'in',
          external_id: item.externalId,
          type: item.type,
          text: item.text ?? null,
          body: JSON.stringify(item.raw),
          state: 'received',
          error_code: null,
          error_reason: null,
          attempts: 0,
          next_attempt_at: 0,
          lease_until: null,
          created_by: null,
          rule_id: null,
          client_key: null,
          occurred_at: item.occurredAt,
          created_at: now,
          updated_at: now,
          sent_at: null,
          delivered_at: null,
          read_at: null,
          failed_at: null,
        };
        const inserted = await this.db
          .insertInto('channel_messages')
          .values(row)
          .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) created.push(row);
      }
    }
    this.pushMessages(created);
    return created;
  }

  /** Status webhooks: kept once each by (message id, status), then folded into the message row. */
  async recordStatuses(items: Extract<InboundItem, { kind: 'status' }>[]): Promise<void> {
    if (items.length === 0) return;
    const now = this.clock();
    for (const item of items) {
      await this.db
        .insertInto('channel_status_events')
        .values({
          channel: item.channel,
          external_id: item.externalId,
          status: item.status,
          occurred_at: item.occurredAt,
          error_code: item.errorCode ?? null,
          error_reason: item.errorReason ?? null,
          callback_data: item.callbackData ?? null,
          received_at: now,
        })
        .onConflict((oc) => oc.columns(['channel', 'external_id', 'status']).doNothing())
        .execute();
      if (item.callbackData) {
        // A send whose response was lost (crash, timeout) learns its Meta id from the receipt.
        await this.db
          .updateTable('channel_messages')
          .set({ external_id: item.externalId, updated_at: now })
          .where('id', '=', item.callbackData)
          .where('channel', '=', item.channel)
          .where('external_id', 'is', null)
          .execute();
      }
    }
    await this.reconcile(items[0]?.channel ?? 'whatsapp', [...new Set(items.map((i) => i.externalId))]);
  }

  /** Applies every stored status event to the messages with these Meta ids (order-independent). */
  async reconcile(channel: Channel, externalIds: readonly string[]): Promise<void> {
    const changed: ChannelMessagesTable[] = [];
    for (let i = 0; i < externalIds.length; i += 200) {
      const ids = externalIds.slice(i, i + 200);
      const events = await this.db
        .selectFrom('channel_status_events')
        .selectAll()
        .where('channel', '=', channel)
        .where('external_id', 'in', ids)
        .execute();
      if (events.length === 0) continue;
      const messages = await this.db
        .selectFrom('channel_messages')
        .selectAll()
        .where('channel', '=', channel)
        .where('external_id', 'in', ids)
        .where('direction', '=', 'out')
        .execute();
      for (const message of messages) {
        const mine = events.filter((e) => e.external_id === message.external_id);
        const state = stateFromStatuses(new Set(mine.map((e) => e.status)));
        if (!state || !isAdvance(message.state, state)) continue;
        const at = (status: string) => mine.find((e) => e.status === status)?.occurred_at ?? null;
        const failed = mine.find((e) => e.status === 'failed');
        const next: ChannelMessagesTable = {
          ...message,
          state,
          sent_at: message.sent_at ?? at('sent') ?? at('delivered') ?? at('read'),
          delivered_at: message.delivered_at ?? at('delivered') ?? (state === 'read' ? at('read') : null),
          read_at: message.read_at ?? at('read') ?? at('played'),
          failed_at: state === 'failed' ? (failed?.occurred_at ?? this.clock()) : message.failed_at,
          error_code: state === 'failed' ? (failed?.error_code ?? null) : message.error_code,
          error_reason: state === 'failed' ? (failed?.error_reason ?? null) : message.error_reason,
          lease_until: null,
          updated_at: this.clock(),
        };
        const updated = await this.db
          .updateTable('channel_messages')
          .set({
            state: next.state,
            sent_at: next.sent_at,
            delivered_at: next.delivered_at,
            read_at: next.read_at,
            failed_at: next.failed_at,
            error_code: next.error_code,
            error_reason: next.error_reason,
            lease_until: null,
            updated_at: next.updated_at,
          })
          .where('id', '=', message.id)
          .where('state', '=', message.state)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) changed.push(next);
      }
    }
    this.pushMessages(changed);
  }

  /**
   * The latest watermark of each kind per (account, customer) is kept as a status event under a
   * synthetic id, so a receipt that overtakes the send result (the row is still `sending`) is
   * applied when the result is stored (see applyStoredWatermarks).
   */
  private async storeWatermark(
    account: ChannelAccountsTable,
    item: Extract<InboundItem, { kind: 'watermark' }>,
  ): Promise<void> {
    await this.db
      .insertInto('channel_status_events')
      .values({
        channel: item.channel,
        external_id: watermarkKey(account.id, item.customerId),
        status: item.status,
        occurred_at: item.watermark,
        error_code: null,
        error_reason: null,
        callback_data: null,
        received_at: this.clock(),
      })
      .onConflict((oc) =>
        oc.columns(['channel', 'external_id', 'status']).doUpdateSet((eb) => ({
          occurred_at: eb
            .case()
            .when(eb.ref('excluded.occurred_at'), '>', eb.ref('channel_status_events.occurred_at'))
            .then(eb.ref('excluded.occurred_at'))
            .else(eb.ref('channel_status_events.occurred_at'))
            .end(),
          received_at: eb.ref('excluded.received_at'),
        })),
      )
      .execute();
  }

  /** Folds stored watermarks into Messenger/Instagram messages whose send result just landed. */
  async applyStoredWatermarks(rows: readonly ChannelMessagesTable[]): Promise<void> {
    if (rows.length === 0) return;
    const changed: ChannelMessagesTable[] = [];
    for (const channel of ['messenger', 'instagram'] as const) {
      const mine = rows.filter((r) => r.channel === channel);
      const keys = [...new Set(mine.map((r) => watermarkKey(r.account_id, r.customer_id)))];
      for (let i = 0; i < keys.length; i += 200) {
        const events = await this.db
          .selectFrom('channel_status_events')
          .select(['external_id', 'status', 'occurred_at'])
          .where('channel', '=', channel)
          .where('external_id', 'in', keys.slice(i, i + 200))
          .execute();
        for (const event of events) {
          for (const row of mine) {
            if (watermarkKey(row.account_id, row.customer_id) !== event.external_id) continue;
            const next = await this.applyWatermark(
              row,
              event.status as 'delivered' | 'read',
              event.occurred_at,
            );
            if (next) changed.push(next);
          }
        }
      }
    }
    this.pushMessages(changed);
  }

  /** Advances one message covered by a watermark (sent at or before it); returns it if changed. */
  private async applyWatermark(
    row: ChannelMessagesTable,
    status: 'delivered' | 'read',
    watermark: number,
  ): Promise<ChannelMessagesTable | null> {
    const current = await this.db
      .selectFrom('channel_messages')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (!current || current.sent_at === null || current.sent_at > watermark) return null;
    if (!isAdvance(current.state, status)) return null;
    const now = this.clock();
    const next: ChannelMessagesTable = {
      ...current,
      state: status,
      delivered_at: current.delivered_at ?? watermark,
      read_at: status === 'read' ? watermark : current.read_at,
      updated_at: now,
    };
    const updated = await this.db
      .updateTable('channel_messages')
      .set({ state: next.state, delivered_at: next.delivered_at, read_at: next.read_at, updated_at: now })
      .where('id', '=', current.id)
      .where('state', '=', current.state)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0 ? next : null;
  }

  /** Messenger/Instagram receipts name a watermark (or mids) rather than one message id. */
  async recordWatermark(item: Extract<InboundItem, { kind: 'watermark' }>): Promise<void> {
    const account = await this.account(item.channel, item.accountId);
    if (!account) return;
    await this.storeWatermark(account, item);
    if (item.mids.length > 0) {
      // Receipts naming mids are stored like WhatsApp statuses, so one that overtakes the send
      // result is still applied when the result is stored.
      await this.recordStatuses(
        item.mids.map((mid) => ({
          kind: 'status' as const,
          channel: item.channel,
          accountId: item.accountId,
          externalId: mid,
          status: item.status,
          occurredAt: item.watermark,
        })),
      );
    }
    const rows = await this.db
      .selectFrom('channel_messages')
      .selectAll()
      .where('account_id', '=', account.id)
      .where('customer_id', '=', item.customerId)
      .where('direction', '=', 'out')
      .where('state', 'in', ['sent', 'delivered', 'unknown'])
      .execute();
    const now = this.clock();
    const changed: ChannelMessagesTable[] = [];
    for (const row of rows) {
      const covered =
        (row.external_id !== null && item.mids.includes(row.external_id)) ||
        (row.sent_at !== null && row.sent_at <= item.watermark);
      if (!covered || !isAdvance(row.state, item.status)) continue;
      const next: ChannelMessagesTable = {
        ...row,
        state: item.status,
        delivered_at: row.delivered_at ?? item.watermark,
        read_at: item.status === 'read' ? item.watermark : row.read_at,
        updated_at: now,
      };
      await this.db
        .updateTable('channel_messages')
        .set({ state: next.state, delivered_at: next.delivered_at, read_at: next.read_at, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      changed.push(next);
    }
    this.pushMessages(changed);
  }
}

/** The synthetic status-event id under which a customer's latest watermark is kept. */
const watermarkKey = (accountId: string, customerId: string) => `watermark:${accountId}:${customerId}`;

/** WhatsApp ids become E.164 so they meet the phone numbers the extension captured. */
export function customerRef(channel: Channel, customerId: string): string {
  return canonicalCustomerRef(channel, customerId);
}
