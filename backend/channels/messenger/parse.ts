import type { Channel } from '../../storage/schema';
import { asArray, asString, type InboundItem, isRecord, toEpochMs } from '../shared/types';

/**
 * Messenger (`object: page`) and Instagram (`object: instagram`) share the Messenger Platform
 * envelope: entry[].messaging[] with sender/recipient ids. Echoes of our own sends, reactions and
 * other fields are recognised and skipped; delivery and read receipts update outbound states.
 */
export function parseMessaging(payload: unknown, channel: Channel, now: number): InboundItem[] {
  const object = channel === 'instagram' ? 'instagram' : 'page';
  if (!isRecord(payload) || payload.object !== object) {
    return [{ kind: 'ignored', reason: `object is not ${object}` }];
  }
  const items: InboundItem[] = [];
  for (const entry of asArray(payload.entry)) {
    if (!isRecord(entry)) continue;
    const entryId = asString(entry.id) ?? '';
    for (const change of asArray(entry.changes)) {
      items.push({ kind: 'ignored', reason: `change ${isRecord(change) ? String(change.field) : ''}` });
    }
    for (const event of asArray(entry.messaging)) {
      if (!isRecord(event)) continue;
      const sender = isRecord(event.sender) ? asString(event.sender.id) : undefined;
      const recipient = isRecord(event.recipient) ? asString(event.recipient.id) : undefined;
      const occurredAt = toEpochMs(event.timestamp, now);
      const accountId = recipient ?? entryId;
      if (isRecord(event.message)) {
        const message = event.message;
        const mid = asString(message.mid);
        if (message.is_echo === true || message.is_self === true) {
          items.push({ kind: 'ignored', reason: 'echo of our own message' });
          continue;
        }
        if (!mid || !sender) {
          items.push({ kind: 'ignored', reason: 'message without mid or sender' });
          continue;
        }
        const attachments = asArray(message.attachments).filter(isRecord);
        const text =
          asString(message.text) ??
          (attachments.length > 0 ? attachments.map((a) => `[${String(a.type)}]`).join(' ') : undefined);
        items.push({
          kind: 'message',
          channel,
          accountId,
          externalId: mid,
          customerId: sender,
          occurredAt,
          type:
            asString(message.text) !== undefined ? 'text' : attachments.length > 0 ? 'attachment' : 'unknown',
          ...(text !== undefined ? { text } : {}),
          raw: event,
        });
      } else if (isRecord(event.postback) && sender) {
        const postback = event.postback;
        const mid = asString(postback.mid) ?? `postback.${sender}.${occurredAt}`;
        items.push({
          kind: 'message',
          channel,
          accountId,
          externalId: mid,
          customerId: sender,
          occurredAt,
          type: 'postback',
          text: asString(postback.title) ?? asString(postback.payload) ?? '[postback]',
          raw: event,
        });
      } else if (isRecord(event.delivery) && sender) {
        items.push({
          kind: 'watermark',
          channel,
          accountId,
          customerId: sender,
          status: 'delivered',
          watermark: toEpochMs(event.delivery.watermark, occurredAt),
          mids: asArray(event.delivery.mids)
            .map(asString)
            .filter((m): m is string => !!m),
        });
      } else if ((isRecord(event.read) || isRecord(event.message_seen)) && sender) {
        const read = (isRecord(event.read) ? event.read : event.message_seen) as Record<string, unknown>;
        items.push({
          kind: 'watermark',
          channel,
          accountId,
          customerId: sender,
          status: 'read',
          watermark: toEpochMs(read.watermark, occurredAt),
          mids: [asString(read.mid)].filter((m): m is string => !!m),
        });
      } else {
        const known = Object.keys(event).filter((k) => !['sender', 'recipient', 'timestamp'].includes(k));
        items.push({ kind: 'ignored', reason: `messaging event ${known.join(',') || 'empty'}` });
      }
    }
  }
  return items;
}
