import { ApiError, notFound } from '../../api/errors';
import type { Config } from '../../config/config';
import type { ChannelMessage } from '../../protocol/v1';
import { uuidv7 } from '../../storage/ids';
import type { AutoRulesTable, Channel, ChannelMessagesTable } from '../../storage/schema';
import { inTransaction, type Tx } from '../../storage/transaction';
import { Automation } from '../automation/automation';
import { DeliveryWorker } from './delivery';
import { channelMessageDto } from './dto';
import { WebhookInbox } from './inbox';
import { type OutboundContent, previewText } from './outbound';
import type { ChannelStore } from './store';
import { applyWindow } from './windows';

export interface EnqueueRequest {
  orgId: string;
  conversationId: string;
  content: OutboundContent;
  sender: 'human' | 'automation';
  createdBy: string | null;
  ruleId?: string;
  clientKey?: string;
}

/** Business API channels: webhook inbox, outbound queue, automatic answers. */
export class ChannelsService {
  readonly inbox: WebhookInbox;
  readonly delivery: DeliveryWorker;
  readonly automation: Automation;

  constructor(
    readonly store: ChannelStore,
    config: Config,
  ) {
    this.delivery = new DeliveryWorker(store, config);
    this.automation = new Automation(store, (tx, request) => this.enqueueIn(tx, request));
    this.inbox = new WebhookInbox(store, async (rows) => {
      await this.automation.handle(rows);
      for (const accountId of new Set(rows.map((r) => r.account_id))) this.delivery.kick(accountId);
    });
  }

  start(): void {
    if (!this.store.options.workers) return;
    this.inbox.start();
    this.delivery.start();
  }

  async stop(): Promise<void> {
    await this.inbox.stop();
    await this.delivery.stop();
  }

  /** Processes the inbox and delivers everything due, then resolves (tests, benches). */
  async settle(): Promise<void> {
    await this.inbox.settle();
    await this.delivery.idle();
  }

  async send(request: EnqueueRequest): Promise<{ message: ChannelMessage; created: boolean }> {
    const result = await inTransaction(this.store.db, (tx) => this.enqueueIn(tx, request));
    if (result.created) {
      this.store.pushMessages([result.row]);
      this.delivery.kick(result.row.account_id);
    }
    return { message: channelMessageDto(result.row), created: result.created };
  }

  /** Inserts one queued message inside `tx` after the window check. Idempotent by client key. */
  async enqueueIn(tx: Tx, request: EnqueueRequest): Promise<{ row: ChannelMessagesTable; created: boolean }> {
    if (request.clientKey) {
      const existing = await tx
        .selectFrom('channel_messages')
        .selectAll()
        .where('org_id', '=', request.orgId)
        .where('client_key', '=', request.clientKey)
        .executeTakeFirst();
      if (existing) return { row: existing, created: false };
    }
    const conversation = await tx
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', request.conversationId)
      .where('org_id', '=', request.orgId)
      .executeTakeFirst();
    if (!conversation) throw notFound('Conversation');
    const lastInbound = await tx
      .selectFrom('channel_messages')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .where('direction', '=', 'in')
      .orderBy('occurred_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const accountId =
      lastInbound?.account_id ?? (await this.soleAccount(tx, request.orgId, conversation.channel));
    const now = this.store.clock();
    const body = applyWindow(
      conversation.channel,
      request.content,
      conversation.last_customer_message_at,
      now,
      request.sender,
    );
    let content = body.content;
    if (content.type === 'read' && !content.messageId) {
      if (!lastInbound?.external_id) {
        throw new ApiError(
          409,
          'nothing_to_mark',
          'The customer has sent no message through the API to mark as read',
        );
      }
      content = { type: 'read', messageId: lastInbound.external_id };
    }
    const customerId =
      lastInbound?.customer_id ??
      (conversation.channel === 'whatsapp'
        ? conversation.customer_ref.replace(/^\+/, '')
        : conversation.customer_ref);
    const row: ChannelMessagesTable = {
      id: uuidv7(),
      org_id: request.orgId,
      account_id: accountId,
      channel: conversation.channel,
      conversation_id: conversation.id,
      customer_id: customerId,
      direction: 'out',
      external_id: null,
      type: content.type,
      text: previewText(content),
      body: JSON.stringify({ ...body, content }),
      state: 'queued',
      error_code: null,
      error_reason: null,
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      created_by: request.createdBy,
      rule_id: request.ruleId ?? null,
      client_key: request.clientKey ?? null,
      occurred_at: now,
      created_at: now,
      updated_at: now,
      sent_at: null,
      delivered_at: null,
      read_at: null,
      failed_at: null,
    };
    await tx.insertInto('channel_messages').values(row).execute();
    if (request.sender === 'human' && content.type !== 'read') {
      // Counts as the agent's reply for routing and response-time metrics.
      await tx
        .updateTable('conversations')
        .set((eb) => ({
          first_agent_reply_at: eb.fn.coalesce('first_agent_reply_at', eb.val(now)),
          last_agent_message_at: now,
          updated_at: now,
        }))
        .where('id', '=', conversation.id)
        .execute();
    }
    return { row, created: true };
  }

  private async soleAccount(tx: Tx, orgId: string, channel: Channel): Promise<string> {
    const accounts = await tx
      .selectFrom('channel_accounts')
      .select('id')
      .where('org_id', '=', orgId)
      .where('channel', '=', channel)
      .limit(2)
      .execute();
    if (accounts.length === 1 && accounts[0]) return accounts[0].id;
    throw new ApiError(
      409,
      'no_channel_account',
      accounts.length === 0
        ? `No ${channel} Business API account is connected to this organisation`
        : `This conversation has no message through the API yet, and several ${channel} accounts are connected: the sender is ambiguous`,
    );
  }

  async listMessages(orgId: string, conversationId: string, limit: number): Promise<ChannelMessage[]> {
    const conversation = await this.store.db
      .selectFrom('conversations')
      .select('id')
      .where('id', '=', conversationId)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (!conversation) throw notFound('Conversation');
    const rows = await this.store.db
      .selectFrom('channel_messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('occurred_at')
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(channelMessageDto);
  }

  /** Per rule: automatic answers, how many were followed by a hand-off in the same conversation cycle. */
  async deflection(orgId: string) {
    const rules = await this.store.db
      .selectFrom('auto_rules')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute();
    const answers = await this.store.db
      .selectFrom('auto_answers')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute();
    const handoffs = answers.filter((a) => a.outcome === 'handoff');
    const handedOff = (a: (typeof answers)[number]) =>
      handoffs.some(
        (h) => h.conversation_id === a.conversation_id && h.cycle === a.cycle && h.created_at >= a.created_at,
      );
    const perRule = rules.map((rule: AutoRulesTable) => {
      const mine = answers.filter((a) => a.outcome === 'answered' && a.rule_id === rule.id);
      const escalated = mine.filter(handedOff).length;
      return {
        ruleId: rule.id,
        name: rule.name,
        answers: mine.length,
        handedOff: escalated,
        deflected: mine.length - escalated,
        deflectionRate: mine.length === 0 ? null : (mine.length - escalated) / mine.length,
      };
    });
    const reasons: Record<string, number> = {};
    for (const h of handoffs) {
      const key = h.reason.split(':')[0] ?? h.reason;
      reasons[key] = (reasons[key] ?? 0) + 1;
    }
    const answered = answers.filter((a) => a.outcome === 'answered');
    const escalatedTotal = answered.filter(handedOff).length;
    return {
      rules: perRule,
      total: {
        answers: answered.length,
        handoffs: handoffs.length,
        deflected: answered.length - escalatedTotal,
        deflectionRate: answered.length === 0 ? null : (answered.length - escalatedTotal) / answered.length,
      },
      handoffReasons: reasons,
    };
  }
}
