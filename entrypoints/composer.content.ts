import { installComposerBridge } from '../content-scripts/shared/composer/main-world';

/**
 * MAIN-world half of composer insertion (synthetic beforeinput + DataTransfer must be built in the
 * page's world). Thin: the logic lives in content-scripts/shared/composer/.
 */
export default defineContentScript({
  matches: [
    'https://web.whatsapp.com/*',
    // Whole sites, as the isolated content scripts: Messenger and Instagram DMs open without a page load.
    'https://www.facebook.com/*',
    'https://www.messenger.com/*',
    'https://www.instagram.com/*',
  ],
  world: 'MAIN',
  runAt: 'document_start',
  main: () => {
    installComposerBridge(document);
  },
});
