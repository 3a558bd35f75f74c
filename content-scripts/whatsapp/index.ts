import type { HostAdapter } from '../shared/host-adapter';

/** WhatsApp Web. Stable hooks per the DOM reference: #app, #side, #pane-side, #main. */
export const whatsappAdapter: HostAdapter = {
  app: 'whatsapp',
  isActive: () => true,
  // whatsapp2pipe-style: pad the flex container that holds #side and #main.
  layoutRoots: ['#app > div > div'],
  requiredHooks: [
    { name: 'app root', selector: '#app' },
    { name: 'chat list', selector: '#pane-side' },
  ],
  readAccount: () => ({ app: 'whatsapp', id: null, name: null }),
  readConversation(doc) {
    const main = doc.querySelector('#main');
    if (!main) return null;
    const title =
      main.querySelector('header span[dir="auto"][title]')?.getAttribute('title') ??
      main.querySelector('header span[dir="auto"]')?.textContent ??
      '';
    const dataId = main.querySelector('[data-id]')?.getAttribute('data-id') ?? '';
    const jid = dataId.split('_')[1] ?? '';
    return { threadId: jid || title, title, isGroup: jid.endsWith('@g.us'), identities: [] };
  },
  readTheme: (doc) => (doc.body.classList.contains('dark') ? 'dark' : 'light'),
};
