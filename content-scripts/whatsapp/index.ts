import type { ChatListEntry, HostAccount, OpenConversation } from '../../extension/api/protocol';
import { find, findAll } from '../shared/hooks';
import type { HostAdapter, ReadContext } from '../shared/host-adapter';
import { textOf } from '../shared/text';
import { identitiesForJid, jidKind, parseDataId } from './parse';
import { readWhatsAppMessage, whatsappMessageRows } from './read-message';
import { WA } from './selectors';
import { WHATSAPP_STRINGS } from './strings';

/**
 * The agent's own JID. WhatsApp Web keeps the logged-in id in localStorage (`last-wid-md`, e.g.
 * "15551234567:12@c.us" with a device suffix) — an inference [I] from the app's storage, not a
 * documented hook; absent means unknown. The own display name is the author WhatsApp prints in
 * the metadata of outgoing messages (`data-pre-plain-text`).
 */
function ownJid(): string | null {
  try {
    const raw = localStorage.getItem('last-wid-md') ?? localStorage.getItem('last-wid');
    const value = raw ? (JSON.parse(raw) as unknown) : null;
    if (typeof value !== 'string') return null;
    const m = /^(\d{6,15})(?::\d+)?@(c\.us|s\.whatsapp\.net)$/.exec(value);
    return m ? `${m[1]}@c.us` : null;
  } catch {
    return null;
  }
}

function ownName(ctx: ReadContext): string | null {
  const out = ctx.doc.querySelector('#main [data-id^="true_"] [data-pre-plain-text]');
  const m = /\]\s*(.*?):\s*$/s.exec(out?.getAttribute('data-pre-plain-text') ?? '');
  return m?.[1]?.trim() || null;
}

let lastAccountName: string | null = null;

function readChatList(ctx: ReadContext): ChatListEntry[] {
  return findAll(ctx.doc, WA.chatRow, ctx.hooks).map((row) => {
    const titleEl = find(row, WA.chatRowTitle, ctx.hooks);
    const badge = find(row, WA.chatRowBadge, ctx.hooks);
    const count = Number.parseInt(badge?.textContent?.trim() ?? '', 10);
    return {
      title: titleEl?.getAttribute('title') ?? textOf(titleEl),
      unread: Number.isFinite(count) ? count : badge ? 1 : 0,
      muted: !!find(row, WA.chatRowMuted, ctx.hooks),
      selected: row.getAttribute('aria-selected') === 'true',
    };
  });
}

function readConversation(ctx: ReadContext): OpenConversation | null {
  const main = find(ctx.doc, WA.conversation, ctx.hooks);
  if (!main) return null;
  const titleEl = find(main, WA.headerTitle, ctx.hooks);
  const title = titleEl?.getAttribute('title') ?? textOf(titleEl);
  // The chat JID is only in message ids; an empty chat has none yet (keyed by title until then).
  const firstRow = find(main, WA.messageRow, ctx.hooks);
  const jid = parseDataId(firstRow?.getAttribute('data-id'))?.chatJid ?? null;
  if (!jid) return { threadId: `title:${title}`, title, isGroup: false, identities: [] };
  return { threadId: jid, title, isGroup: jidKind(jid) === 'group', identities: identitiesForJid(jid) };
}

/** WhatsApp Web. Stable hooks per the DOM reference: #app, #side, #pane-side, #main. */
export const whatsappAdapter: HostAdapter = {
  app: 'whatsapp',
  isActive: () => true,
  // whatsapp2pipe-style: pad the flex container that holds #side and #main.
  layoutRoots: ['#app > div > div'],
  strings: WHATSAPP_STRINGS,
  hooks: WA,
  conversationRoot: (ctx) => find(ctx.doc, WA.conversation, ctx.hooks),
  conversationScope: (ctx) =>
    find(ctx.doc, WA.messageList, ctx.hooks) ?? find(ctx.doc, WA.conversation, ctx.hooks),
  chatListScope: (ctx) => find(ctx.doc, WA.chatList, ctx.hooks),
  readAccount(ctx): HostAccount {
    // Read until found: the query walks the whole open chat when it holds no outgoing message.
    lastAccountName ??= ownName(ctx);
    return { app: 'whatsapp', id: ownJid(), name: lastAccountName };
  },
  readConversation,
  readTheme: (ctx) => (ctx.doc.body?.classList.contains('dark') ? 'dark' : 'light'),
  readChatList,
  messageRows: whatsappMessageRows,
  readMessage: readWhatsAppMessage,
  messageThread: (row) => parseDataId(row.getAttribute('data-id'))?.chatJid ?? null,
  composer: WA.composer,
  composerScope: '#main footer',
  missingHooks(ctx) {
    const missing: string[] = [];
    for (const hook of [WA.appRoot, WA.chatList])
      if (!find(ctx.doc, hook, ctx.hooks)) missing.push(hook.name);
    const main = find(ctx.doc, WA.conversation, ctx.hooks);
    if (main) {
      for (const hook of [WA.headerTitle, WA.messageList, WA.composer])
        if (!find(ctx.doc, hook, ctx.hooks)) missing.push(hook.name);
    }
    return missing;
  },
};
