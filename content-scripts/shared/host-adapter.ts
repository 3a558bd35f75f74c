import type {
  CapturedMessage,
  ChatListEntry,
  HostAccount,
  HostApp,
  OpenConversation,
} from '../../extension/api/protocol';
import type { Hook, HookContext, StringTable } from './hooks';

/** What every read gets: the document, where it is, and how to resolve hooks in its language. */
export interface ReadContext {
  doc: Document;
  loc: Location;
  lang: string;
  hooks: HookContext;
}

/**
 * What every host app adapter provides. One folder per app implements it; the shared runtime
 * (start-host, page-watch, message capture, composer bridge) only ever talks to this interface.
 * All reads are pure functions of the DOM/URL so they can be unit-tested and re-run at will.
 */
export interface HostAdapter {
  app: HostApp;
  /** Whether this page is one the sidebar belongs on (Facebook is an SPA: /messages may be left). */
  isActive(location: Location): boolean;
  /** Elements that get right padding so the host layout makes room for the docked sidebar. */
  layoutRoots: readonly string[];
  /** Localized strings for the last-resort fallbacks, per UI locale. */
  strings: StringTable<string>;
  /** Every hook this adapter reads, by key (the table the fixtures cover). */
  hooks: Readonly<Record<string, Hook>>;

  /** The element the app replaces on a chat switch; its parent's child list is watched. */
  conversationRoot(ctx: ReadContext): Element | null;
  /** Subtree observed for new/changed messages (as small as the app allows). */
  conversationScope(ctx: ReadContext): Element | null;
  /** Subtree observed for unread counts and selection changes. */
  chatListScope(ctx: ReadContext): Element | null;

  readAccount(ctx: ReadContext): HostAccount;
  readConversation(ctx: ReadContext): OpenConversation | null;
  readTheme(ctx: ReadContext): 'light' | 'dark';
  readChatList(ctx: ReadContext): ChatListEntry[];

  /** The message rows at, inside or around `node` (an added node may be a row, a part of one or a page of them). */
  messageRows(node: Element, ctx: ReadContext): Element[];
  /** One rendered row as a message; null for placeholders, date separators and rows without an id. */
  readMessage(row: Element, ctx: ReadContext): CapturedMessage | null;
  /**
   * The thread id (as readConversation reports it) that a message row itself names, where the app
   * puts it in the row (WhatsApp's data-id holds the chat JID). New messages of the conversation
   * already reported then need no conversation read. Apps whose rows don't say leave it out.
   */
  messageThread?(row: Element): string | null;

  /** The conversation's composer; never the search box (also Lexical). */
  composer: Hook;
  /** CSS scope the composer must be inside: `#main footer` (WhatsApp), `[role=main]` (Meta). */
  composerScope: string;

  /** Human names of the hooks that cannot be found on this page/conversation right now. */
  missingHooks(ctx: ReadContext): string[];
}
