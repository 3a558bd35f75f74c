import { messengerAdapter } from '../content-scripts/messenger';
import { startHost } from '../content-scripts/shared/start-host';

export default defineContentScript({
  matches: ['https://www.facebook.com/messages/*', 'https://www.messenger.com/*'],
  runAt: 'document_idle',
  main: (ctx) => startHost(messengerAdapter, ctx),
});
