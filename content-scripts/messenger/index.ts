import type {
  ChatListEntry,
  ContactIdentity,
  HostAccount,
  OpenConversation,
} from '../../extension/api/protocol';
import { find, findAll } from '../shared/hooks';
import type { HostAdapter, ReadContext } from '../shared/host-adapter';
import { messengerThread, profileFromHref } from '../shared/meta/thread-url';
import { textOf } from '../shared/text';
import { messengerMessageRows, readMessengerMessage } from './read-message';
import { FB } from './selectors';
import { MESSENGER_STRINGS } from './strings';

let cachedAccount: HostAccount | null = null;

/**
 * The logged-in Facebook user, best effort: the page's inline bootstrap JSON carries `"USER_ID"`
 * and `"NAME"` (Briskine reads `"NAME":"…"` the same way). Read once per page load: the scripts are
 * large and do not change; the sidebar keys data by this id.
 */
function readAccount(ctx: ReadContext): HostAccount {
  if (cachedAccount) return cachedAccount;
  let id: string | null = null;
  let name: string | null = null;
  for (const script of ctx.doc.querySelectorAll('script:not([src])')) {
    const text = script.textContent ?? '';
    id ??= /"USER_ID":"(\d{5,})"/.exec(text)?.[1] ?? null;
    name ??= /"NAME":"((?:[^"\\]|\\.){1,80})"/.exec(text)?.[1] ?? null;
    if (id && name) break;
  }
  // [I] The top bar's own avatar alt is the user's name on facebook.com (not on messenger.com).
  name ??= ctx.doc.querySelector('[role="banner"] img[alt]:last-of-type')?.getAttribute('alt') || null;
  const account: HostAccount = { app: 'messenger', id, name };
  if (id) cachedAccount = account;
  return account;
}

function readConversation(ctx: ReadContext): OpenConversation | null {
  const thread = messengerThread(ctx.loc.pathname);
  const main = find(ctx.doc, FB.conversation, ctx.hooks);
  if (!thread || !main) return null;
  const header = find(main, FB.header, ctx.hooks);
  const selected = find(ctx.doc, FB.selectedRow, ctx.hooks);
  const title =
    textOf(header && find(header, FB.headerTitle, ctx.hooks)) ||
    header?.getAttribute('aria-label') ||
    textOf(selected && find(selected, FB.chatRowTitle, ctx.hooks)) ||
    '';
  const href = header?.getAttribute('href') ?? null;
  // A group's header links to the thread itself; a person's to their profile (vanity or profile.php).
  const profile = profileFromHref(href);
  const identities: ContactIdentity[] = [{ kind: 'messenger_thread', value: thread.id }];
  if (profile) identities.push({ kind: 'messenger_profile', value: profile });
  return {
    threadId: thread.id,
    title,
    isGroup: !profile && !!href && messengerThread(new URL(href, ctx.loc.href).pathname) !== null,
    e2ee: thread.e2ee,
    identities,
  };
}

function readChatList(ctx: ReadContext): ChatListEntry[] {
  return findAll(ctx.doc, FB.chatRow, ctx.hooks).map((row) => {
    const titleEl = find(row, FB.chatRowTitle, ctx.hooks);
    const title = titleEl?.tagName === 'IMG' ? (titleEl.getAttribute('alt') ?? '') : textOf(titleEl);
    return {
      title,
      // Messenger shows an unread marker, not a count (bankjaneo getUnreadCount).
      unread: find(row, FB.chatRowUnread, ctx.hooks) ? 1 : 0,
      muted: !!find(row, FB.chatRowMuted, ctx.hooks),
      selected: !!row.querySelector('a[aria-current="page"]') || row.matches('a[aria-current="page"]'),
    };
  });
}

/** Messenger on www.facebook.com/messages and the legacy www.messenger.com. */
export const messengerAdapter: HostAdapter = {
  app: 'messenger',
  isActive: (loc) => loc.host === 'www.messenger.com' || loc.pathname.startsWith('/messages'),
  layoutRoots: ['body'],
  strings: MESSENGER_STRINGS,
  hooks: FB,
  conversationRoot: (ctx) => find(ctx.doc, FB.conversation, ctx.hooks),
  // [role=main] stays while its content is re-rendered per thread, so it is the observed scope.
  conversationScope: (ctx) => find(ctx.doc, FB.conversation, ctx.hooks),
  chatListScope: (ctx) => find(ctx.doc, FB.chatList, ctx.hooks),
  readAccount,
  readConversation,
  readTheme: (ctx) => (ctx.doc.documentElement.classList.contains('__fb-dark-mode') ? 'dark' : 'light'),
  readChatList,
  messageRows: messengerMessageRows,
  readMessage: readMessengerMessage,
  composer: FB.composer,
  composerScope: '[role="main"]',
  missingHooks(ctx) {
    const missing: string[] = [];
    if (!find(ctx.doc, FB.chatList, ctx.hooks)) missing.push(FB.chatList.name);
    if (!find(ctx.doc, FB.conversation, ctx.hooks)) return [...missing, FB.conversation.name];
    if (messengerThread(ctx.loc.pathname)) {
      for (const hook of [FB.header, FB.messageList, FB.composer])
        if (!find(ctx.doc, hook, ctx.hooks)) missing.push(hook.name);
    }
    return missing;
  },
};
