import type { HostAdapter } from '../shared/host-adapter';

/** Messenger on www.facebook.com/messages and the legacy www.messenger.com. */
const THREAD_PATH = /\/(?:messages\/(?:e2ee\/)?t|(?:e2ee\/)?t)\/(\d+)/;

export const messengerAdapter: HostAdapter = {
  app: 'messenger',
  isActive: (loc) => loc.host === 'www.messenger.com' || loc.pathname.startsWith('/messages'),
  layoutRoots: ['body'],
  requiredHooks: [
    { name: 'chat list', selector: '[role="navigation"]' },
    { name: 'conversation', selector: '[role="main"]' },
  ],
  readAccount: () => ({ app: 'messenger', id: null, name: null }),
  readConversation(doc, loc) {
    const match = THREAD_PATH.exec(loc.pathname);
    if (!match?.[1]) return null;
    const main = doc.querySelector('[role="main"]');
    const title =
      doc.querySelector('[role="navigation"] a[aria-current="page"] span[dir="auto"]')?.textContent ??
      main?.querySelector('a[aria-label]')?.getAttribute('aria-label') ??
      '';
    return { threadId: match[1], title, isGroup: false, identities: [] };
  },
  readTheme: (doc) => (doc.querySelector('.__fb-dark-mode') ? 'dark' : 'light'),
};
