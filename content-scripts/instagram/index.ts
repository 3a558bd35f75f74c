import type {
  ChatListEntry,
  ContactIdentity,
  HostAccount,
  OpenConversation,
} from '../../extension/api/protocol';
import { find, findAll } from '../shared/hooks';
import type { HostAdapter, ReadContext } from '../shared/host-adapter';
import { instagramThread, profileFromHref } from '../shared/meta/thread-url';
import { textOf } from '../shared/text';
import { instagramMessageRows, readInstagramMessage } from './read-message';
import { IG } from './selectors';
import { INSTAGRAM_STRINGS } from './strings';

/** The logged-in username: the rail's profile link (the one with the own avatar) [I]. */
function readAccount(ctx: ReadContext): HostAccount {
  for (const link of findAll(ctx.doc, IG.ownProfile, ctx.hooks)) {
    const username = profileFromHref(link.getAttribute('href'));
    if (username) return { app: 'instagram', id: username, name: username };
  }
  return { app: 'instagram', id: null, name: null };
}

function readConversation(ctx: ReadContext): OpenConversation | null {
  const thread = instagramThread(ctx.loc.pathname);
  const main = find(ctx.doc, IG.conversation, ctx.hooks);
  if (!thread || !main) return null;
  const header = find(main, IG.header, ctx.hooks);
  const title = textOf(header && find(header, IG.headerTitle, ctx.hooks));
  // The header links to the contact's profile (/username/); a group's header has no profile.
  const username = profileFromHref(header?.getAttribute('href'));
  const identities: ContactIdentity[] = username ? [{ kind: 'ig_username', value: username }] : [];
  return { threadId: thread.id, title, isGroup: !username, e2ee: thread.e2ee || undefined, identities };
}

function readChatList(ctx: ReadContext): ChatListEntry[] {
  return findAll(ctx.doc, IG.chatRow, ctx.hooks).map((row) => ({
    title: textOf(find(row, IG.chatRowTitle, ctx.hooks)),
    unread: find(row, IG.chatRowUnread, ctx.hooks) ? 1 : 0,
    muted: false,
    selected: row.getAttribute('aria-current') === 'true' || row.getAttribute('aria-current') === 'page',
  }));
}

/** Instagram direct messages (www.instagram.com/direct/...). */
export const instagramAdapter: HostAdapter = {
  app: 'instagram',
  isActive: (loc) => loc.pathname.startsWith('/direct'),
  layoutRoots: ['body'],
  strings: INSTAGRAM_STRINGS,
  hooks: IG,
  conversationRoot: (ctx) => find(ctx.doc, IG.conversation, ctx.hooks),
  // [role=main] persists while its content is replaced per thread: observe it.
  conversationScope: (ctx) => find(ctx.doc, IG.conversation, ctx.hooks),
  chatListScope: (ctx) => find(ctx.doc, IG.chatList, ctx.hooks),
  readAccount,
  readConversation,
  readTheme: (ctx) => (ctx.doc.documentElement.classList.contains('__fb-dark-mode') ? 'dark' : 'light'),
  readChatList,
  messageRows: instagramMessageRows,
  readMessage: readInstagramMessage,
  composer: IG.composer,
  composerScope: '[role="main"]',
  missingHooks(ctx) {
    const missing: string[] = [];
    if (!find(ctx.doc, IG.chatList, ctx.hooks)) missing.push(IG.chatList.name);
    if (!find(ctx.doc, IG.conversation, ctx.hooks)) return [...missing, IG.conversation.name];
    if (instagramThread(ctx.loc.pathname)) {
      for (const hook of [IG.header, IG.messageList, IG.composer])
        if (!find(ctx.doc, hook, ctx.hooks)) missing.push(hook.name);
    }
    return missing;
  },
};
