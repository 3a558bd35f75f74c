import { instagramAdapter } from '../content-scripts/instagram';
import { startHost } from '../content-scripts/shared/start-host';

export default defineContentScript({
  matches: ['https://www.instagram.com/direct/*'],
  runAt: 'document_idle',
  main: (ctx) => startHost(instagramAdapter, ctx),
});
