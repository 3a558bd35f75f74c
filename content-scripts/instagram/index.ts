import type { HostAdapter } from '../shared/host-adapter';

/** Instagram direct messages (www.instagram.com/direct/...) (interim: thread + title only). */
const THREAD_PATH = /\/direct\/(?:e2ee\/)?t\/([^/]+)/;
const NONE = { en: {}, es: {}, pt: {} };
const main = { name: 'conversation', fallbacks: [{ css: '[role="main"]', why: 'ARIA main' }] };

export const instagramAdapter: HostAdapter = {
  app: 'instagram',
  isActive: (loc) => loc.pathname.startsWith('/direct'),
  layoutRoots: ['body'],
  strings: NONE,
  hooks: { main },
  conversationRoot: (ctx) => ctx.doc.querySelector('[role="main"]'),
  conversationScope: (ctx) => ctx.doc.querySelector('[role="main"]'),
  chatListScope: () => null,
  readAccount: () => ({ app: 'instagram', id: null, name: null }),
  readConversation({ doc, loc }) {
    const match = THREAD_PATH.exec(loc.pathname);
    if (!match?.[1]) return null;
    const header = doc.querySelector('[role="main"] a[role="link"][href^="/"]');
    const title =
      header?.querySelector('h2')?.textContent ?? header?.getAttribute('href')?.replaceAll('/', '') ?? '';
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
