/**
 * Turns what a host adapter captured into one Store call: the account, the thread's customer (from
 * every identity the page revealed) and the messages, in ONE IndexedDB transaction, so when the
 * returned promise resolves everything is committed and the content script may forget the batch.
 */
import type {
  CapturedBatch,
  CapturedMessage,
  ContactIdentity,
  HostAccount,
  MediaKind,
  OpenConversation,
} from '../extension/api/protocol';
import type { RawIdentity } from './identity/normalize';
import type { MessageInput, ThreadInput } from './store/inputs';
import type { MessageRecord } from './store/records';
import type { ResolveThreadResult } from './store/resolve';
import type { Store } from './store/store';
import type { TimelineMessage } from './store/timeline';

/** Adapters can't always see who is logged in; one unnamed account per app keeps data together. */
export const UNKNOWN_ACCOUNT = 'unidentified';

const STORE_MEDIA: Record<MediaKind, NonNullable<MessageRecord['media']>> = {
  image: 'image',
  video: 'video',
  voice: 'voice',
  audio: 'audio',
  file: 'document',
  sticker: 'sticker',
  gif: 'video',
  location: 'location',
  contact: 'contact',
};

export function hostAccountId(account: HostAccount): string {
  return account.id?.trim() || UNKNOWN_ACCOUNT;
}

export function threadInput(conversation: OpenConversation): ThreadInput {
  return {
    hostThreadId: conversation.threadId,
    e2ee: conversation.e2ee ?? false,
    isGroup: conversation.isGroup,
    title: conversation.title || null,
  };
}

const WHATSAPP_ADDRESS = /@(?:c\.us|s\.whatsapp\.net|lid)$/;

/**
 * The handles this conversation proves: what the adapter reported plus the thread id itself,
 * which is a handle on every channel (a WhatsApp chat JID, a Messenger/Instagram thread).
 */
export function conversationIdentities(
  app: HostAccount['app'],
  conversation: OpenConversation,
): RawIdentity[] {
  const identities: RawIdentity[] = conversation.identities.map((identity: ContactIdentity) => ({
    kind: identity.kind,
    value: identity.value,
  }));
  const thread = conversation.threadId;
  if (app === 'whatsapp' && WHATSAPP_ADDRESS.test(thread)) {
    // An @lid is opaque; normalizeIdentity turns it into wa_lid, never into a phone.
    identities.push({ kind: thread.endsWith('@lid') ? 'wa_lid' : 'wa_jid', value: thread });
  } else if (app === 'messenger') {
    identities.push({ kind: 'messenger_thread', value: conversation.e2ee ? `e2ee:${thread}` : thread });
  } else if (app === 'instagram') {
    identities.push({ kind: 'ig_thread', value: thread });
  }
  const seen = new Set<string>();
  return identities.filter((identity) => {
    const key = `${identity.kind}:${identity.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Pages don't always show a time (grouped bubbles, placeholders, Instagram). A message without one
 * is placed 1 ms after the message before it in the batch (the first at capture time), so the
 * timeline keeps the page's order instead of sorting equal times by id.
 */
export function messageInputs(messages: readonly CapturedMessage[], now: number): MessageInput[] {
  let previous: number | null = null;
  return messages.map((message) => {
    const timestamp = message.timestamp ?? (previous === null ? now : previous + 1);
    previous = timestamp;
    return {
      hostId: message.hostId,
      direction: message.direction,
      sender: message.sender,
      text: message.text,
      timestamp,
      quoted: message.quoted,
      media: message.media ? STORE_MEDIA[message.media] : null,
    };
  });
}

export interface StoredCapture {
  customerId: string | null;
  threadId: string;
  added: number;
  /** The batch's message rows as stored (new and already known), for pushing them to sidebars. */
  messages: TimelineMessage[];
  merges: ResolveThreadResult['merges'];
}

export async function storeCapture(
  store: Store,
  batch: CapturedBatch,
  now = Date.now(),
): Promise<StoredCapture> {
  const { account, conversation } = batch;
  const accountId = hostAccountId(account);
  const thread = threadInput(conversation);
  const messages = messageInputs(batch.messages, now);
  const { resolved, ingested } = await store.capture(
    { channel: account.app, hostAccountId: accountId, name: account.name },
    thread,
    {
      displayName: conversation.isGroup ? null : conversation.title || null,
      identities: conversationIdentities(account.app, conversation),
      source: 'captured',
    },
    messages,
  );
  return {
    customerId: ingested.customerId ?? resolved.customerId,
    threadId: ingested.threadId,
    added: ingested.added,
    // From the rows just written, not read back: the same data, without another transaction.
    messages: ingested.rows.map((row) => ({
      ...row,
      threadTitle: ingested.thread.title,
      threadChannel: ingested.thread.channel,
    })),
    merges: resolved.merges,
  };
}
