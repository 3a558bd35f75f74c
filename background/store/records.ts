/**
 * The shapes stored in IndexedDB and returned by the Store. Everything is plain, structured-clone
 * safe data, because the Store is exposed to the extension's pages over comlink.
 */
import type { Channel, IdentityKind } from '../identity/kinds';
import type { IdentityKey } from '../identity/normalize';
import type { TypedKind } from '../identity/typed-identifiers';

export type { Channel, IdentityKey, IdentityKind };

/**
 * A logged-in host account (a WhatsApp number, a Facebook user or page, an Instagram username).
 * Threads and messages are keyed by it, so two logins never mix. Accounts of one business share a
 * `workspace` (default "default"): customers and identity matching live at that level, because one
 * person reaches the business on several accounts — one per channel at least. Give unrelated
 * businesses on one browser different workspaces.
 */
export interface AccountRecord {
  id: string;
  channel: Channel;
  hostAccountId: string;
  name: string | null;
  workspace: string;
  /** Region for phone numbers written without a country code, e.g. "BR". */
  region: string | null;
  createdAt: number;
  lastSeenAt: number;
}

export type Priority = 'low' | 'normal' | 'high' | 'vip';
export const PRIORITY_ORDER: readonly Priority[] = ['low', 'normal', 'high', 'vip'];

export interface CustomerRecord {
  id: string;
  workspace: string;
  name: string | null;
  /** Accent-free comparable name (added in schema v2, backfilled). */
  nameKey: string;
  /** Names of customers merged into this one, so a family-phone merge still shows both people. */
  aliases: string[];
  priority: Priority;
  createdAt: number;
  firstContact: number | null;
  lastContact: number | null;
  /** Customers an agent split from this one: never merge them again automatically. */
  keepApart: string[];
}

export type IdentitySource = 'captured' | 'business-api' | 'agent';

export interface IdentityRecord extends IdentityKey {
  id: string;
  workspace: string;
  customerId: string;
  /** The channel the handle was seen on; null for handles an agent typed in. */
  channel: Channel | null;
  /** Keys denoting the same handle (a wa_id and its @c.us JID). */
  sameAs: IdentityKey[];
  source: IdentitySource;
  createdAt: number;
}

export interface ThreadRecord {
  id: string;
  accountId: string;
  channel: Channel;
  hostThreadId: string;
  e2ee: boolean;
  isGroup: boolean;
  title: string | null;
  /** null for groups (never a customer) and for threads not resolved yet. */
  customerId: string | null;
  /** Identities observed on this thread; an unlink moves the threads that carry the identity. */
  identityIds: string[];
  firstMessageAt: number | null;
  lastMessageAt: number | null;
  messageCount: number;
}

export type Direction = 'in' | 'out';
export type MediaKind =
  | 'image'
  | 'video'
  | 'audio'
  | 'voice'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contact'
  | 'other';

export interface QuotedMessage {
  text: string;
  sender: string | null;
}

export interface MessageRecord {
  /** Derived from account + channel + host message id: the same message is never stored twice. */
  id: string;
  accountId: string;
  channel: Channel;
  threadId: string;
  hostMessageId: string;
  direction: Direction;
  sender: string | null;
  text: string;
  timestamp: number;
  quoted: QuotedMessage | null;
  media: MediaKind | null;
  capturedAt: number;
}

/**
 * A cluster of one thread's inbound messages (one inquiry on that thread), kept up to date at
 * ingest so the card counts inquiries and refund requests without reading messages (schema v3).
 */
export interface InquiryRecord {
  threadId: string;
  /** First and last inbound timestamp of the cluster. */
  start: number;
  end: number;
  /** Inbound messages of the cluster whose text asks for a refund/return. */
  refundIds: string[];
  /** The refund keyword list `refundIds` was computed with (REFUND_FACTS_KEY). */
  factsKey: string;
}

export interface NoteRecord {
  id: string;
  customerId: string;
  text: string;
  author: string | null;
  createdAt: number;
}

export interface TagRecord {
  customerId: string;
  tag: string;
  createdAt: number;
}

/** An identifier typed in an inbound message, kept to find the same one typed elsewhere. */
export interface MentionRecord {
  id: string;
  workspace: string;
  kind: TypedKind;
  value: string;
  threadId: string;
  messageId: string;
  at: number;
}

export type SuggestionReason = 'similar-name' | 'typed-identifier';

export interface SuggestionRecord {
  /** One suggestion per pair of customers: `${a}|${b}` with a < b. */
  id: string;
  workspace: string;
  a: string;
  b: string;
  reasons: Array<{ reason: SuggestionReason; detail: string }>;
  score: number;
  status: 'open' | 'confirmed' | 'dismissed';
  createdAt: number;
  decidedAt: number | null;
}

export type MergeKind = 'auto' | 'link' | 'confirm';

export interface MergeRecordBase {
  id: string;
  at: number;
  /** Both customers involved, for "history of this customer" and for deleting it. */
  customerIds: string[];
  undoneAt: number | null;
}

/** One customer absorbed into another. `before` holds what undo needs to restore exactly. */
export interface MergeHistoryMerge extends MergeRecordBase {
  kind: MergeKind;
  survivorId: string;
  absorbedId: string;
  /** Why it happened, e.g. "phone:+5511987654321" or a suggestion's reasons. */
  reason: string;
  /** Set when an automatic merge needs a human look (e.g. the names differ: a shared phone). */
  flagged: 'names-differ' | null;
  before: {
    survivor: CustomerRecord;
    absorbed: CustomerRecord;
    absorbedTags: TagRecord[];
    suggestions: SuggestionRecord[];
  };
  moved: { identityIds: string[]; threadIds: string[]; noteIds: string[]; tags: string[] };
  createdSuggestionIds: string[];
}

/** An identity (and the threads that carry it) split off into a new customer. */
export interface MergeHistoryUnlink extends MergeRecordBase {
  kind: 'unlink';
  sourceId: string;
  newCustomerId: string;
  identityId: string;
  before: { source: CustomerRecord };
  moved: { identityIds: string[]; threadIds: string[] };
}

export type MergeHistoryRecord = MergeHistoryMerge | MergeHistoryUnlink;

export interface TemplateRecord {
  id: string;
  workspace: string;
  name: string;
  body: string;
  language: string | null;
  updatedAt: number;
}

export interface TemplateStatsRecord {
  templateId: string;
  uses: number;
  lastUsedAt: number | null;
}

export interface OutboxRecord {
  seq?: number;
  id: string;
  kind: string;
  payload: unknown;
  status: 'pending' | 'sending' | 'failed';
  attempts: number;
  createdAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}
