import type { Hook } from '../shared/hooks';
import type { WhatsAppStringKey } from './strings';

const key = (k: WhatsAppStringKey) => k;
const digitsOnly = (el: Element) => /^\d{1,4}$/.test(el.textContent?.trim() ?? '');

/**
 * Every WhatsApp Web hook, ordered fallbacks, language-independent first (host-apps-dom.md §1b).
 * Fixture coverage (tests/fixtures/hosts/whatsapp, generation × locale) is asserted fallback by
 * fallback in tests/e2e/adapters-whatsapp.e2e.test.ts ("selector table coverage"); the comment on
 * each fallback names the variant that exercises it.
 */
export const WA = {
  appRoot: { name: 'app root', fallbacks: [{ css: '#app', why: 'stable id 2019–2026 (all)' }] },
  chatList: {
    name: 'chat list',
    fallbacks: [
      { css: '#pane-side', why: 'stable id (all)' },
      { css: '#side [role="grid"], #side [role="list"]', why: 'ARIA grid 2025 / list 2024 (2026, 2024)' },
      {
        css: '[role="grid"]',
        attr: 'aria-label',
        key: key('chatList'),
        how: 'equals',
        why: 'localized (all)',
      },
    ],
  },
  chatRow: {
    name: 'chat list row',
    fallbacks: [
      { css: '#pane-side [role="row"]', why: 'role=row in 2025+ builds (2026)' },
      { css: '#pane-side [role="listitem"]', why: 'role=listitem in 2024 builds (2024)' },
    ],
  },
  chatRowTitle: {
    name: 'chat title',
    fallbacks: [
      { css: 'span[dir="auto"][title]', why: 'name span carries the full title (all)' },
      { css: '._ak8q span', why: 'generated class, last resort (all)' },
    ],
  },
  chatRowBadge: {
    name: 'unread badge',
    fallbacks: [
      { css: 'span[aria-label] > span', test: digitsOnly, why: 'numeric badge inside a labelled span (all)' },
      {
        css: 'span[aria-label]',
        attr: 'aria-label',
        key: key('unread'),
        how: 'contains',
        why: 'localized (all)',
      },
    ],
  },
  chatRowMuted: {
    name: 'muted icon',
    fallbacks: [{ css: '[data-icon^="muted"]', why: 'data-icon, -refreshed suffix tolerated (all)' }],
  },
  conversation: {
    name: 'conversation',
    fallbacks: [{ css: '#main', why: 'stable id, replaced per chat (all)' }],
  },
  header: { name: 'conversation header', fallbacks: [{ css: '#main header', why: 'stable (all)' }] },
  headerTitle: {
    name: 'contact name',
    fallbacks: [
      { css: '#main header span[dir="auto"][title]', why: 'whatsapp2pipe 2025 (all)' },
      { css: '#main header span[dir="auto"]', why: 'without title (all)' },
    ],
  },
  messageList: {
    name: 'message list',
    single: true,
    fallbacks: [
      { css: '[data-scrolltracepolicy="wa.web.conversation.messages"]', why: 'WA bundle attribute (all)' },
      { css: '[data-testid="conversation-panel-messages"]', why: 'test id back in 2026 (2026)' },
      { css: '#main [role="application"]', why: 'role of the scroller (all)' },
    ],
  },
  messageRow: {
    name: 'message row',
    fallbacks: [
      // Pure CSS on purpose: this runs per new message, and a predicate would need querySelectorAll
      // over every rendered row (O(rows) per message).
      { css: '[data-id^="false_"], [data-id^="true_"]', why: 'data-id format {fromMe}_{jid}_{id} (all)' },
    ],
  },
  placeholder: {
    name: 'virtualized placeholder',
    fallbacks: [{ css: '[data-virtualized="true"]', why: 'recycled row without content (recycling test)' }],
  },
  messageBody: {
    name: 'message body',
    fallbacks: [
      { css: '[data-testid^="conv-msg"]', why: 'tomer8007 2026-06 (2026)' },
      { css: '.message-in, .message-out', why: 'classes used for years (2024)' },
      { css: '[data-virtualized="false"] > div', why: 'structure below the virtualization wrapper (all)' },
    ],
  },
  prePlainText: {
    name: 'message metadata',
    fallbacks: [{ css: '[data-pre-plain-text]', why: '[time, date] Name: (all text messages)' }],
  },
  messageText: {
    name: 'message text',
    fallbacks: [
      { css: '[data-pre-plain-text] .selectable-text', why: 'text span inside the copyable block (all)' },
      { css: '[data-pre-plain-text]', why: 'the block itself (all)' },
    ],
  },
  senderLabel: {
    name: 'sender label',
    fallbacks: [
      {
        css: 'span[aria-label]:empty',
        test: (el) => (el.getAttribute('aria-label') ?? '').trim().endsWith(':'),
        why: 'screen-reader "Name:" label, text is data not UI (all)',
      },
      { css: '._ahxj span[dir="auto"], ._ahxj', why: 'group sender, generated class (group)' },
    ],
  },
  quote: {
    name: 'quoted message',
    fallbacks: [
      {
        css: '[role="button"]:has(> .quoted-mention)',
        why: 'quote block holding the quoted-mention span (all)',
      },
      { css: '._aju3', why: 'generated class 2025-03 (all)' },
      {
        css: '[role="button"]',
        attr: 'aria-label',
        key: key('quoted'),
        how: 'equals',
        why: 'localized (all)',
      },
    ],
  },
  quoteText: { name: 'quoted text', fallbacks: [{ css: '.quoted-mention', why: 'long-lived class (all)' }] },
  quoteAuthor: {
    name: 'quoted author',
    fallbacks: [{ css: 'span[dir="auto"]', why: 'first auto span (all)' }],
  },
  mediaVoice: {
    name: 'voice message',
    fallbacks: [
      { css: '[data-icon^="audio-play"], [data-icon^="ptt"]', why: 'play icon (group)' },
      { css: '._ak4o', why: 'generated class (group)' },
      { css: 'button', attr: 'aria-label', key: key('playVoice'), how: 'equals', why: 'localized (group)' },
    ],
  },
  mediaFile: {
    name: 'document',
    fallbacks: [{ css: '[data-icon^="document"]', why: 'document icon (file media via driver)' }],
  },
  mediaImage: {
    name: 'picture',
    fallbacks: [
      { css: 'img[src^="blob:"]', why: 'live app serves media as blob URLs (not in fixtures: live only)' },
      { css: '[role="button"] > img:not(.emoji)', why: 'picture button around an image (direct, group)' },
      {
        css: '[role="button"]',
        attr: 'aria-label',
        key: key('openPicture'),
        how: 'equals',
        why: 'localized (direct)',
      },
    ],
  },
  visibleTime: {
    name: 'message time',
    fallbacks: [
      {
        css: 'span[dir="auto"], span',
        test: (el) =>
          el.childElementCount === 0 &&
          /^\d{1,2}[:.]\d{2}(\s?[\p{L}. ]{0,6})?$/u.test(el.textContent?.trim() ?? ''),
        why: 'short clock text in the bubble (media rows, all)',
      },
    ],
  },
  composer: {
    name: 'composer',
    single: true,
    fallbacks: [
      {
        css: '#main footer [contenteditable="true"][data-lexical-editor="true"]',
        why: 'Lexical marker inside the conversation footer (all)',
      },
      { css: '#main footer [contenteditable="true"][role="textbox"]', why: 'ARIA textbox (all)' },
      {
        css: '#main footer [contenteditable="true"]',
        attr: 'title',
        key: key('composerTitle'),
        how: 'equals',
        why: 'localized (all)',
      },
      {
        css: '#main footer [contenteditable="true"]',
        attr: 'aria-label',
        key: key('composerLabel'),
        how: 'prefix',
        why: 'localized (all)',
      },
    ],
  },
} as const satisfies Record<string, Hook>;
