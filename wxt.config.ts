import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

const ENGINE_ORIGIN_PATTERNS = ['https://*/*', 'http://*/*'];

// Entry files live in entrypoints/ and stay thin; the logic sits in content-scripts/,
// background/ and extension/ (see README "Layout").
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Switchboard',
    description: 'One customer-service sidebar for WhatsApp Web, Messenger and Instagram.',
    // Least privilege: storage for settings, no host permissions beyond the content-script matches.
    permissions: ['storage'],
    // A translation engine's server (Apertium, LibreTranslate, DeepL) may be anywhere, so any
    // http(s) origin may be asked for, but only ever the one engine origin the agent saves in the
    // translation settings, at that moment (extension/settings/engine-permission.ts). Firefox MV2
    // lists optional host patterns under optional_permissions.
    ...(browser === 'firefox'
      ? { optional_permissions: ENGINE_ORIGIN_PATTERNS }
      : { optional_host_permissions: ENGINE_ORIGIN_PATTERNS }),
    web_accessible_resources: [
      {
        resources: ['sidebar.html'],
        matches: [
          'https://web.whatsapp.com/*',
          'https://www.facebook.com/*',
          'https://www.messenger.com/*',
          'https://www.instagram.com/*',
        ],
      },
    ],
    // Org-wide policy installs can preset the team server and enrollment code (managed storage).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Collapse or expand the Switchboard sidebar',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'switchboard@switchboard.dev',
              strict_min_version: '128.0',
              // Nothing goes to us; conversations go only to the organisation's own backend, if set.
              data_collection_permissions: { required: ['none'], optional: ['personalCommunications'] },
            },
          },
        }
      : {}),
  }),
});
