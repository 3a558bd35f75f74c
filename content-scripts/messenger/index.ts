import type { HostAdapter } from '../shared/host-adapter';

/** Messenger on www.facebook.com/messages and the legacy www.messenger.com (interim: thread + title only). */
const THREAD_PATH = /\/(?:messages\/(?:e2ee\/)?t|(?:e2ee\/)?t)\/(\d+)/;
const NONE = { en: {}, es: {}, pt: {} };
const main = { name: 'conversation', fallbacks: [{ css: '[role="main"]', why: 'ARIA main' }] };

export const messengerAdapter: HostAdapter = {
  app: 'messenger',
  isActive: (loc) => loc.host === 'www.messenger.com' || loc.pathname.startsWith('/messages'),
  layoutRoots: ['body'],
  strings: NONE,
  hooks: { main },
  conversationRoot: (ctx) => ctx.doc.querySelector('[role="main"]'),
  conversationScope: (ctx) => ctx.doc.querySelector('[role="main"]'),
  chatListScope: (ctx) => ctx.doc.querySelector('[role="navigation"]'),
  readAccount: () => ({ app: 'messenger', id: null, name: null }),
  readConversation({ doc, loc }) {
    const match = THREAD_PATH.exec(loc.pathname);
    if (!match?.[1]) return null;
    const title =
      doc.querySelector('[role="navigation"] a[aria-current="page"] span[dir="auto"]')?.textContent ??
      doc.querySelector('[role="main"] a[aria-label]')?.getAttribute('aria-label') ??
      '';
    return { threadId: match[1], title, isGroup: false, identities: [] };
  },
  readTheme: ({ doc }) => (doc.querySelector('.__fb-dark-mode') ? 'dark' : 'light'),
  readChatList: () => [],
  messageRows: () => [],
  readMessage: () => null,
  composer: {
    name: 'composer',
    fallbacks: [{ css: '[role="main"] [contenteditable="true"][role="textbox"]', why: 'ARIA' }],
  },
  composerScope: '[role="main"]',
  missingHooks: ({ doc }) => (doc.querySelector('[role="main"]') ? [] : ['conversation']),
};
