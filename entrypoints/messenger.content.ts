import { messengerAdapter } from '../content-scripts/messenger';
import { startHost } from '../content-scripts/shared/start-host';

export default defineContentScript({
  // The whole site, not only /messages/*: Facebook navigates into Messenger without a page load.
  // The script stays idle (a URL comparison) until a messaging page is open.
  matches: ['https://www.facebook.com/*', 'https://www.messenger.com/*'],
  runAt: 'document_idle',
  main: (ctx) => startHost(messengerAdapter, ctx),
});
