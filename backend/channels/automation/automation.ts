import { uuidv7 } from '../../storage/ids';
import type { AutoRulesTable, ChannelMessagesTable } from '../../storage/schema';
import { inTransaction, type Tx } from '../../storage/transaction';
import type { OutboundContent } from '../shared/outbound';
import type { EnqueueRequest } from '../shared/service';
import type { ChannelStore } from '../shared/store';
import { asksForHuman, bestRule, orderNumber } from './match';

type Enqueue = (tx: Tx, request: EnqueueRequest) => Promise<{ row: ChannelMessagesTable; created: boolean }>;

interface Decision {
  outcome: 'answered' | 'handoff';
  reason: string;
  rule: Pick<AutoRulesTable, 'id'> | null;
  content?: OutboundContent;
}

/** After this many automatic answers in one conversation cycle, the next message goes to a human. */
const MAX_UNSUCCESSFUL_ANSWERS = 2;

/**
 * Automatic answers. Each inbound customer message gets at most one decision (unique by message),
 * recorded with the answer it queued in the same transaction: a replayed webhook repeats nothing.
 * Organisations without rules are left alone entirely.
 */
export class Automation {
  constructor(
    private readonly store: ChannelStore,
    private readonly enqueue: Enqueue,
  ) {}

  async handle(rows: readonly ChannelMessagesTable[]): Promise<void> {
    for (const row of rows) {
      if (row.direction !== 'in') continue;
      try {
        await this.decideFor(row);
      } catch (error) {
        this.store.log.warn({ err: error, message: row.id }, 'automatic answer failed; left to agents');
      }
    }
  }

  private async decideFor(message: ChannelMessagesTable): Promise<void> {
    const db = this.store.db;
    const done = await db
      .selectFrom('auto_answers')
      .select('id')
      .where('inbound_message_id', '=', message.id)
      .executeTakeFirst();
    if (done) return;
    const rules = (
      await db
        .selectFrom('auto_rules')
        .selectAll()
        .where('org_id', '=', message.org_id)
        .where('enabled', '=', 1)
        .orderBy('created_at')
        .execute()
    ).map((r) => ({ ...r, phrases: parsePhrases(r.phrases) }));
    if (rules.length === 0) return;
    const conversation = await db
      .selectFrom('conversations')
      .select(['id', 'reopen_count', 'last_agent_message_at'])
      .where('id', '=', message.conversation_id)
      .executeTakeFirstOrThrow();
    const cycle = conversation.reopen_count;
    const history = await db
      .selectFrom('auto_answers')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .where('cycle', '=', cycle)
      .execute();
    // Once a human has the conversation, automation stays out of it until it is resolved and reopened.
    if (history.some((h) => h.outcome === 'handoff')) return;
    const text = message.text ?? '';
    const decision = await this.decide(
      text,
      rules,
      history.filter((h) => h.outcome === 'answered').length,
      message.channel,
    );
    const answerId = uuidv7();
    let queued: ChannelMessagesTable | undefined;
    await inTransaction(db, async (tx) => {
      const inserted = await tx
        .insertInto('auto_answers')
        .values({
          id: answerId,
          org_id: message.org_id,
          conversation_id: conversation.id,
          inbound_message_id: message.id,
          cycle,
          rule_id: decision.rule?.id ?? null,
          outcome: decision.outcome,
          reason: decision.reason,
          outbound_message_id: null,
          created_at: this.store.clock(),
        })
        .onConflict((oc) => oc.column('inbound_message_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0 || !decision.content) return;
      const result = await this.enqueue(tx, {
        orgId: message.org_id,
        conversationId: conversation.id,
        content: decision.content,
        sender: 'automation',
        createdBy: null,
        ...(decision.rule ? { ruleId: decision.rule.id } : {}),
        clientKey: `auto:${message.id}`,
      });
      queued = result.row;
      await tx
        .updateTable('auto_answers')
        .set({ outbound_message_id: result.row.id })
        .where('id', '=', answerId)
        .execute();
    });
    if (queued) this.store.pushMessages([queued]);
    if (decision.outcome === 'handoff') {
      this.store.push([
        {
          orgId: message.org_id,
          message: {
            type: 'automation.handoff',
            conversationId: conversation.id,
            reason: decision.reason,
            at: this.store.clock(),
          },
        },
      ]);
    }
  }

  private async decide(
    text: string,
    rules: (Omit<AutoRulesTable, 'phrases'> & { phrases: string[] })[],
    answeredBefore: number,
    channel: ChannelMessagesTable['channel'],
  ): Promise<Decision> {
    if (asksForHuman(text))
      return { outcome: 'handoff', reason: 'asked_for_human: the customer asked for a person', rule: null };
    if (answeredBefore >= MAX_UNSUCCESSFUL_ANSWERS) {
      return {
        outcome: 'handoff',
        reason: `unresolved: ${answeredBefore} automatic answers did not resolve it`,
        rule: null,
      };
    }
    const rule = bestRule(rules, text);
    if (!rule)
      return { outcome: 'handoff', reason: 'no_confident_match: no rule matched confidently', rule: null };
    if (rule.action === 'template') {
      return { outcome: 'answered', reason: 'matched', rule, content: ruleContent(rule, channel, []) };
    }
    const order = orderNumber(text);
    if (!order) {
      return { outcome: 'handoff', reason: 'lookup_failed: the customer gave no order number', rule };
    }
    const lookup = await lookupOrder(rule, order);
    if (!lookup.ok) return { outcome: 'handoff', reason: `lookup_failed: ${lookup.message}`, rule };
    return {
      outcome: 'answered',
      reason: 'order status looked up',
      rule,
      content: ruleContent(rule, channel, [order, lookup.status]),
    };
  }
}

function parsePhrases(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** WhatsApp answers with the rule's approved template; Messenger/Instagram with its text. */
function ruleContent(
  rule: Pick<AutoRulesTable, 'template_name' | 'template_language' | 'reply_text' | 'name'>,
  channel: ChannelMessagesTable['channel'],
  parameters: string[],
): OutboundContent {
  if (channel === 'whatsapp' && rule.template_name) {
    return {
      type: 'template',
      template: {
        name: rule.template_name,
        language: rule.template_language ?? 'en_US',
        ...(parameters.length > 0 ? { parameters } : {}),
      },
    };
  }
  const text = (rule.reply_text ?? rule.template_name ?? rule.name)
    .replaceAll('{order}', parameters[0] ?? '')
    .replaceAll('{status}', parameters[1] ?? '');
  return { type: 'text', text };
}

/** Asks the organisation's own endpoint: GET <url>?order=<number> → {"status": "..."}. */
export async function lookupOrder(
  rule: Pick<AutoRulesTable, 'lookup_url' | 'lookup_timeout_ms'>,
  order: string,
): Promise<{ ok: true; status: string } | { ok: false; message: string }> {
  if (!rule.lookup_url) return { ok: false, message: 'no order-status URL is configured' };
  const timeout = rule.lookup_timeout_ms ?? 3_000;
  const url = new URL(rule.lookup_url);
  url.searchParams.set('order', order);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeout),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    const name = (error as Error).name;
    return {
      ok: false,
      message:
        name === 'TimeoutError'
          ? `the order-status endpoint did not answer within ${timeout} ms`
          : `the order-status endpoint could not be reached (${(error as Error).message})`,
    };
  }
  if (response.status === 404)
    return { ok: false, message: `order ${order} was not found by the order-status endpoint` };
  if (!response.ok)
    return { ok: false, message: `the order-status endpoint answered HTTP ${response.status}` };
  try {
    const json = (await response.json()) as { status?: unknown };
    if (typeof json.status === 'string' && json.status.trim())
      return { ok: true, status: json.status.trim().slice(0, 200) };
  } catch {
    // fall through to the clear message below
  }
  return { ok: false, message: 'the order-status endpoint answered without a "status" string' };
}
