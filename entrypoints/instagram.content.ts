import { instagramAdapter } from '../content-scripts/instagram';
import { startHost } from '../content-scripts/shared/start-host';

export default defineContentScript({
  // The whole site: Instagram opens direct messages without a page load; idle elsewhere.
  matches: ['https://www.instagram.com/*'],
  runAt: 'document_idle',
  main: (ctx) => startHost(instagramAdapter, ctx),
});
