import type { HostAdapter } from '../shared/host-adapter';

/** Instagram direct messages (www.instagram.com/direct/...). */
const THREAD_PATH = /\/direct\/(?:e2ee\/)?t\/([^/]+)/;

export const instagramAdapter: HostAdapter = {
  app: 'instagram',
  isActive: (loc) => loc.pathname.startsWith('/direct'),
  layoutRoots: ['body'],
  requiredHooks: [{ name: 'conversation', selector: '[role="main"]' }],
  readAccount: () => ({ app: 'instagram', id: null, name: null }),
  readConversation(doc, loc) {
    const match = THREAD_PATH.exec(loc.pathname);
    if (!match?.[1]) return null;
    const header = doc.querySelector('[role="main"] a[role="link"][href^="/"]');
    const title =
      header?.querySelector('h2')?.textContent ?? header?.getAttribute('href')?.replaceAll('/', '') ?? '';
    return { threadId: match[1], title, isGroup: false, identities: [] };
  },
  readTheme: (doc) => (doc.querySelector('.__fb-dark-mode') ? 'dark' : 'light'),
};
