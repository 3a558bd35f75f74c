import type { ChannelMessage } from '../../protocol/v1';
import type { ChannelMessagesTable } from '../../storage/schema';

export function channelMessageDto(row: ChannelMessagesTable): ChannelMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    direction: row.direction,
    type: row.type,
    text: row.text,
    state: row.state,
    errorCode: row.error_code,
    errorReason: row.error_reason,
    externalId: row.external_id,
    automatic: row.rule_id !== null,
    createdBy: row.created_by,
    occurredAt: row.occurred_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
    readAt: row.read_at,
    failedAt: row.failed_at,
  };
}

/** Delivery state implied by every status event seen for one message, whatever order they came in. */
export function stateFromStatuses(
  statuses: ReadonlySet<string>,
): 'sent' | 'delivered' | 'read' | 'failed' | null {
  if (statuses.has('read') || statuses.has('played')) return 'read';
  if (statuses.has('failed')) return 'failed';
  if (statuses.has('delivered')) return 'delivered';
  if (statuses.has('sent')) return 'sent';
  return null;
}

const RANK: Record<string, number> = {
  queued: 0,
  sending: 1,
  unknown: 1,
  sent: 2,
  delivered: 3,
  failed: 4,
  read: 5,
};

/** A late `delivered` never overwrites `read`; `failed` wins over sent/delivered but not read. */
export function isAdvance(current: string, next: string): boolean {
  return (RANK[next] ?? 0) > (RANK[current] ?? 0);
}
