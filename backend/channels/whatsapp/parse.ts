import { asArray, asString, type InboundItem, isRecord, toEpochMs } from '../shared/types';

/** A readable one-line text for any inbound WhatsApp message type (for routing and automation). */
function summarise(message: Record<string, unknown>): string | undefined {
  const type = asString(message.type) ?? 'unknown';
  const part = isRecord(message[type]) ? (message[type] as Record<string, unknown>) : {};
  switch (type) {
    case 'text':
      return asString(part.body);
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker':
      return asString(part.caption) ?? `[${type}]`;
    case 'location':
      return [asString(part.name), asString(part.address)].filter(Boolean).join(', ') || '[location]';
    case 'contacts':
      return `[contacts: ${asArray(message.contacts).length}]`;
    case 'interactive': {
      const reply = isRecord(part.button_reply)
        ? part.button_reply
        : isRecord(part.list_reply)
          ? part.list_reply
          : {};
      return asString(reply.title) ?? '[interactive]';
    }
    case 'button':
      return asString(part.text) ?? asString(part.payload);
    case 'reaction':
      return asString(part.emoji) ?? '[reaction removed]';
    case 'order':
      return `[order: ${asArray(part.product_items).length} items]`;
    case 'system':
      return asString(part.body);
    default:
      return undefined;
  }
}

/** Flattens a `whatsapp_business_account` webhook into messages and statuses; logs what it skips. */
export function parseWhatsApp(payload: unknown, now: number): InboundItem[] {
  const items: InboundItem[] = [];
  if (!isRecord(payload) || payload.object !== 'whatsapp_business_account') {
    return [{ kind: 'ignored', reason: `object is not whatsapp_business_account` }];
  }
  for (const entry of asArray(payload.entry)) {
    if (!isRecord(entry)) continue;
    for (const change of asArray(entry.changes)) {
      if (!isRecord(change) || !isRecord(change.value)) continue;
      const value = change.value;
      if (change.field !== 'messages') {
        items.push({ kind: 'ignored', reason: `field ${String(change.field)}` });
        continue;
      }
      const metadata = isRecord(value.metadata) ? value.metadata : {};
      const accountId = asString(metadata.phone_number_id) ?? '';
      const names = new Map<string, string>();
      for (const contact of asArray(value.contacts)) {
        if (!isRecord(contact)) continue;
        const name = isRecord(contact.profile) ? asString(contact.profile.name) : undefined;
        const waId = asString(contact.wa_id);
        if (waId && name) names.set(waId, name);
      }
      for (const message of asArray(value.messages)) {
        if (!isRecord(message)) continue;
        const externalId = asString(message.id);
        const from = asString(message.from);
        if (!externalId || !from) {
          items.push({ kind: 'ignored', reason: 'message without id or from' });
          continue;
        }
        const type = asString(message.type) ?? 'unknown';
        const name = names.get(from);
        const text = summarise(message);
        items.push({
          kind: 'message',
          channel: 'whatsapp',
          accountId,
          externalId,
          customerId: from,
          ...(name ? { customerName: name } : {}),
          occurredAt: toEpochMs(message.timestamp, now),
          type,
          ...(text !== undefined ? { text } : {}),
          raw: message,
        });
      }
      for (const status of asArray(value.statuses)) {
        if (!isRecord(status)) continue;
        const externalId = asString(status.id);
        const state = asString(status.status);
        if (!externalId || !state || !['sent', 'delivered', 'read', 'failed', 'played'].includes(state)) {
          items.push({ kind: 'ignored', reason: `status ${String(state)}` });
          continue;
        }
        const error = asArray(status.errors).find(isRecord);
        const details = error && isRecord(error.error_data) ? asString(error.error_data.details) : undefined;
        const callbackData = asString(status.biz_opaque_callback_data);
        items.push({
          kind: 'status',
          channel: 'whatsapp',
          accountId,
          externalId,
          status: state as 'sent',
          occurredAt: toEpochMs(status.timestamp, now),
          ...(error ? { errorCode: asString(error.code) ?? 'unknown' } : {}),
          ...(error
            ? {
                errorReason: [asString(error.title) ?? asString(error.message), details]
                  .filter(Boolean)
                  .join(': '),
              }
            : {}),
          ...(callbackData ? { callbackData } : {}),
        });
      }
      for (const group of asArray(value.groups)) {
        items.push({ kind: 'ignored', reason: `group event ${isRecord(group) ? String(group.type) : ''}` });
      }
      for (const error of asArray(value.errors)) {
        items.push({ kind: 'ignored', reason: `system error ${isRecord(error) ? String(error.code) : ''}` });
      }
    }
  }
  return items;
}
