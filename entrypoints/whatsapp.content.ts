import { startHost } from '../content-scripts/shared/start-host';
import { whatsappAdapter } from '../content-scripts/whatsapp';

export default defineContentScript({
  matches: ['https://web.whatsapp.com/*'],
  runAt: 'document_idle',
  main: (ctx) => startHost(whatsappAdapter, ctx),
});
