/**
 * The one typed API between the extension's parts. The background service worker implements
 * `BackgroundApi`; the sidebar, the content scripts and the options page call it through
 * comlink over a `runtime.Port` (see port-endpoint.ts). Only structured-clone-safe plain data
 * crosses this boundary: no functions, no class instances.
 */

import type { ApiSendMethods } from '../../background/api-send/types';
import type {
  CustomerExport,
  CustomerOpening,
  CustomerSnapshot,
  DeleteReport,
  MergeSummary,
  Priority,
  PriorityRule,
  TimelineCursor,
  TimelineMessage,
  TimelinePage,
} from '../../background/customer-types';
import type {
  MessageTranslations,
  ReplySuggestionRequest,
  ReplySuggestions,
  TemplateExportScope,
  TemplateImportOutcome,
  TemplateReviewItem,
  TranslationOutcome,
  TranslationSettingsView,
} from '../../background/replies/reply-types';
import type { Template } from '../../background/suggestions/template-model';
import type {
  EnrollInput,
  TeamConversationView,
  TeamNotice,
  TeamStatus,
} from '../../background/sync/team-types';
import type { TranslationSettingsRecord } from '../settings/translation';

export type HostApp = 'whatsapp' | 'messenger' | 'instagram';

export const HOST_APPS: readonly HostApp[] = ['whatsapp', 'messenger', 'instagram'];

/** The logged-in account of the host app, as far as the page reveals it. */
export interface HostAccount {
  app: HostApp;
  /** Stable per login when known (WhatsApp own JID, Facebook user id, Instagram username). */
  id: string | null;
  name: string | null;
}

/** What a content script knows about its page; pushed to the background on every change. */
export interface HostState {
  app: HostApp;
  /** location.host of the page, e.g. "www.facebook.com" (Messenger lives on two hosts). */
  host: string;
  url: string;
  account: HostAccount;
  /** "ok" when every hook was found; otherwise the names of the hooks that could not be read. */
  health: { ok: true } | { ok: false; missing: string[] };
  /** The host app's own theme, so the sidebar can match it. */
  theme: 'light' | 'dark';
  conversation: OpenConversation | null;
  /** The chat list as rendered (unread counts), when the adapter can read it. */
  chats?: ChatListEntry[];
}

/** One row of the host's chat list. Rows carry no stable id on WhatsApp/Instagram: keyed by title. */
export interface ChatListEntry {
  title: string;
  unread: number;
  muted: boolean;
  selected: boolean;
}

export interface OpenConversation {
  /** WhatsApp chat JID, Messenger thread id, Instagram thread id. */
  threadId: string;
  title: string;
  isGroup: boolean;
  /** Messenger end-to-end encrypted thread (its id differs from the classic thread's). */
  e2ee?: boolean;
  /** Whatever identity the page offers for the contact. A WhatsApp `@lid` is never a phone. */
  identities: ContactIdentity[];
}

export type IdentityKind =
  | 'wa_jid'
  | 'phone'
  | 'messenger_thread'
  | 'messenger_profile'
  | 'ig_username'
  | 'email';

export interface ContactIdentity {
  kind: IdentityKind;
  value: string;
}

export type MediaKind =
  | 'image'
  | 'video'
  | 'voice'
  | 'audio'
  | 'file'
  | 'sticker'
  | 'gif'
  | 'location'
  | 'contact';

/** One message as an adapter read it from the page. */
export interface CapturedMessage {
  /** The host's own message id (WhatsApp data-id msg part, Messenger/Instagram mid.$…). */
  hostId: string;
  direction: 'in' | 'out';
  sender: string | null;
  /** Text with emoji as characters; '' for media without caption. */
  text: string;
  /** Epoch ms parsed from the page in its locale; null when the page shows none. */
  timestamp: number | null;
  quoted: { sender: string | null; text: string } | null;
  media: MediaKind | null;
}

export interface CapturedBatch {
  account: HostAccount;
  conversation: OpenConversation;
  messages: CapturedMessage[];
}

/**
 * Content script → background on the content port, one-way: messages read from the page
 * (idempotent by hostId), numbered per content script. Not an RPC: a reply per batch would be a
 * task of its own on the host page's main thread for every message of a burst.
 */
export interface CaptureFrame {
  k: 'cap';
  seq: number;
  /** The CapturedBatch as JSON (see Envelope in port-endpoint.ts for why a string). */
  j: string;
}

/**
 * Background → content script, coalesced: every batch numbered up to `upTo` is stored durably,
 * except those in `failed`, which the content script must send again.
 */
export interface CaptureAck {
  k: 'ack';
  upTo: number;
  failed: number[];
}

export type InsertResult =
  | { ok: true; method: 'beforeinput' | 'execCommand' }
  | { ok: false; reason: 'no-composer' | 'not-applied' | 'no-host-tab' | 'disabled'; message: string };

export interface PingReply {
  pong: true;
  /** When the worker started; changes after the browser restarts the worker. */
  workerStartedAt: number;
  /** Which part asked, as the background saw it from the port's sender. */
  caller: CallerKind;
  tabId: number | null;
}

export type CallerKind = 'content' | 'sidebar' | 'page';

/**
 * Sidebar → background: the customer of the tab's open chat, merged across channels. Writes
 * resolve once committed; every sidebar showing an affected customer then gets a `customer` event.
 */
export interface CustomerMethods {
  /** The customer behind this tab's open chat (resolved on first sight), or null (none, a group). */
  getCustomer(): Promise<CustomerSnapshot | null>;
  /** Just the id of that customer: cheap, so the timeline can paint while the card is computed. */
  getCustomerId(): Promise<string | null>;
  /**
   * That customer's id, card and newest timeline page (`timelineLimit` messages) in one answer,
   * or null. Messages committed after the page was read are pushed as `customer-messages`.
   */
  openCustomer(timelineLimit: number): Promise<CustomerOpening | null>;
  /** A page of the merged timeline, oldest first; pass `next` back as `before` for older ones. */
  getTimeline(customerId: string, before: TimelineCursor | null, limit: number): Promise<TimelinePage>;
  addNote(customerId: string, text: string): Promise<void>;
  addTag(customerId: string, tag: string): Promise<void>;
  removeTag(customerId: string, tag: string): Promise<void>;
  setPriority(customerId: string, priority: Priority): Promise<void>;
  confirmSuggestion(suggestionId: string): Promise<MergeSummary>;
  dismissSuggestion(suggestionId: string, customerId: string): Promise<void>;
  /** Splits one handle (and the threads carrying it) off into its own customer. */
  unlinkIdentity(identityId: string, customerId: string): Promise<{ mergeId: string; newCustomerId: string }>;
  /** Takes back a merge, link, confirmed suggestion or split, exactly. */
  undoMerge(mergeId: string): Promise<void>;
  exportCustomer(customerId: string): Promise<CustomerExport>;
  deleteCustomer(customerId: string): Promise<DeleteReport>;
  getPriorityRules(): Promise<PriorityRule[]>;
  setPriorityRules(rules: PriorityRule[]): Promise<void>;
}

/**
 * Sidebar → background: reply suggestions and translation for this tab's open chat. Customer
 * text goes only to the translation engine chosen in settings; failures come back as values with
 * a plain message, not as exceptions, so the sidebar can show them next to the message.
 */
export interface ReplyMethods {
  /** The best three templates for the latest customer messages (or for the search box's query). */
  getReplySuggestions(request: ReplySuggestionRequest): Promise<ReplySuggestions>;
  /** Translates captured customer messages of the open chat into `to` (the agent's language). */
  translateMessages(hostIds: string[], to: string): Promise<MessageTranslations>;
  /** Translates the agent's draft or a template, e.g. into the customer's language. */
  translateText(text: string, from: string, to: string): Promise<TranslationOutcome>;
  /**
   * The agent inserted this template (exactly `insertedText`) into the open chat's composer. It
   * counts as chosen now; the agent's next outgoing message there decides sent and edited.
   */
  recordTemplateInserted(templateId: string, insertedText: string): Promise<void>;
  listTemplates(): Promise<Template[]>;
  /** Usage (suggested, chosen, sent, edited) and review flags of the templates in use or due. */
  getTemplateReview(): Promise<TemplateReviewItem[]>;
  /** A `switchboard.templates` JSON file; saved as personal templates. */
  importTemplates(json: string): Promise<TemplateImportOutcome>;
  /** A `switchboard.templates` JSON file: the personal templates, or the whole library (default). */
  exportTemplates(scope?: TemplateExportScope): Promise<string>;
  getTranslationSettings(): Promise<TranslationSettingsView>;
  setTranslationSettings(settings: TranslationSettingsRecord): Promise<TranslationSettingsView>;
}

/**
 * Sidebar → background: team mode (see background/sync). Everything the agent does is written to
 * the durable outbox first and delivered when the backend is reachable; the calls resolve once it
 * is queued. The agent token stays in the background: nothing here returns it.
 */
export interface TeamMethods {
  getTeamStatus(): Promise<TeamStatus>;
  /** Owner, waiting time and "replying now" of this tab's open chat; null in local-only mode. */
  getTeamConversation(): Promise<TeamConversationView | null>;
  /** Exchanges the enrollment code for an agent token, once; throws with a plain message. */
  enrollTeam(input: EnrollInput): Promise<TeamStatus>;
  leaveTeam(): Promise<TeamStatus>;
  teamTake(conversationId: string): Promise<void>;
  teamTransfer(conversationId: string, agentId: string): Promise<void>;
  teamResolve(conversationId: string): Promise<void>;
  teamReopen(conversationId: string): Promise<void>;
  setTeamPresence(status: 'online' | 'away'): Promise<void>;
  /** The agent is writing a reply in this tab's open chat (switches itself off after a while). */
  setTeamReplying(active: boolean): Promise<void>;
}

export interface BackgroundApi extends CustomerMethods, ReplyMethods, TeamMethods, ApiSendMethods {
  ping(): Promise<PingReply>;
  /** Content script → background: the page's state changed. */
  reportHostState(state: HostState): Promise<void>;
  /** Sidebar → background: the state of the tab this sidebar is docked in. */
  getHostState(): Promise<HostState | null>;
  /**
   * Sidebar → background, once at start: the tab's state and its open chat's customer (see
   * openCustomer) read together, so the first paint costs one round trip.
   */
  openSidebar(timelineLimit: number): Promise<SidebarOpening>;
  /**
   * Content script → background: the agent is typing in the host's composer of the open chat
   * (throttled by the content script); team mode tells the team "replying now", as an insertion does.
   */
  composerActivity(): Promise<void>;
  /** Sidebar → background: the captured messages of this tab's open conversation, oldest first. */
  getConversationMessages(): Promise<CapturedMessage[]>;
  /** Sidebar → content script of the same tab: put text into the host composer (never sends). */
  insertIntoComposer(text: string): Promise<InsertResult>;
}

export interface SidebarOpening {
  state: HostState | null;
  /** The customer of `state`'s conversation (null: no chat, a group, or no tab state yet). */
  customer: CustomerOpening | null;
}

/** Events the background pushes to connected parts of one tab (not request/response). */
export type TabEvent =
  | { type: 'host-state'; state: HostState }
  | { type: 'toggle-sidebar' }
  | { type: 'messages'; threadId: string; added: CapturedMessage[] }
  /** Something about this customer changed (a merge, an edit, a new message): re-read the card. */
  | { type: 'customer'; customerId: string }
  /** Stored messages of a customer shown in this tab (new, or re-captured with more text). */
  | { type: 'customer-messages'; customerId: string; messages: TimelineMessage[] }
  /** Team state changed (re-read it); `notice` is something to show the agent once. */
  | { type: 'team'; notice?: TeamNotice }
  /** A Business API message of this conversation changed delivery state: re-read the send panel. */
  | { type: 'api-send'; conversationId: string };

/** Background → content script requests that need an answer (tabs.sendMessage to frame 0). */
export type ContentRequest = { type: 'insert-text'; text: string };

/** Port names tell the background which part connected. */
export const PORT_NAMES: Record<CallerKind, string> = {
  content: 'switchboard:content',
  sidebar: 'switchboard:sidebar',
  page: 'switchboard:page',
};
