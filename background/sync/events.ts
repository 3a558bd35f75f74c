/**
 * What the backend learns about captured messages: one `CapturedEvent` per message of a
 * one-to-one chat, keyed by the host's own message id, so the same message captured by two
 * agents' browsers (a shared WhatsApp number) is the same event to the backend: exactly once.
 */
import { type CapturedEvent, type Channel, canonicalCustomerRef } from '../../backend/protocol/v1';
import type { CapturedBatch, HostApp, OpenConversation } from '../../extension/api/protocol';
import { hostAccountId, messageInputs } from '../capture-ingest';
import { accountKey, messageKey } from '../store/keys';

const MAX_TEXT = 8_000;
const MAX_ID = 200;

/**
 * The customer reference of a chat: the same for every agent logged into the shared account, and
 * in the backend's canonical form (a WhatsApp JID becomes the E.164 number the Business API uses).
 */
export function customerRefOf(
  app: HostApp,
  conversation: Pick<OpenConversation, 'threadId' | 'e2ee'>,
): string {
  const ref = `${conversation.e2ee ? 'e2ee:' : ''}${conversation.threadId}`.slice(0, MAX_ID);
  return canonicalCustomerRef(channelOf(app), ref);
}

export function channelOf(app: HostApp): Channel {
  return app;
}

export function eventIdOf(app: HostApp, customerRef: string, hostId: string): string {
  const id = `${app}:${customerRef}:${hostId}`;
  return id.length <= MAX_ID ? id : `${app}:${hostId}`.slice(0, MAX_ID);
}

/** The Store's row id of each captured message (to tell already-stored messages apart). */
export function storeMessageKeys(batch: CapturedBatch): string[] {
  const account = accountKey(batch.account.app, hostAccountId(batch.account));
  return batch.messages.map((m) => messageKey(account, batch.account.app, m.hostId));
}

/** Events for the messages of a batch (none for group chats: they have no customer). */
export function eventsOf(batch: CapturedBatch, now = Date.now()): CapturedEvent[] {
  if (batch.conversation.isGroup) return [];
  const customerRef = customerRefOf(batch.account.app, batch.conversation);
  const channel = channelOf(batch.account.app);
  const inputs = messageInputs(batch.messages, now);
  return inputs.map((message) => ({
    id: eventIdOf(batch.account.app, customerRef, message.hostId),
    kind: message.direction === 'in' ? 'message.in' : 'message.out',
    channel,
    customerRef,
    occurredAt: Math.max(0, Math.round(message.timestamp)),
    ...(message.text ? { text: message.text.slice(0, MAX_TEXT) } : {}),
  }));
}
