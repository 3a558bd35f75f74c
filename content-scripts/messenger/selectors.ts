import type { Hook } from '../shared/hooks';
import { isVisuallyHidden } from '../shared/meta/layout';
import type { MessengerStringKey } from './strings';

const key = (k: MessengerStringKey) => k;

/**
 * Every Messenger hook (facebook.com/messages and legacy messenger.com), ordered fallbacks,
 * language-independent first (host-apps-dom.md §2b). Fixture coverage is asserted fallback by
 * fallback in tests/e2e/adapters-messenger.e2e.test.ts; the note in each `why` names what covers it.
 */
export const FB = {
  chatList: {
    name: 'chat list',
    fallbacks: [
      { css: '[role="navigation"]:has([role="grid"])', why: 'bankjaneo/caprine 2026 (all)' },
      { css: '[role="grid"]', attr: 'aria-label', key: key('chats'), how: 'equals', why: 'localized (all)' },
    ],
  },
  chatRow: {
    name: 'chat list row',
    fallbacks: [
      { css: '[role="navigation"] [role="grid"] [role="row"]', why: 'ARIA rows (all)' },
      { css: '[role="navigation"] a[href*="/t/"]', why: 'thread links (all)' },
    ],
  },
  chatRowLink: { name: 'chat link', fallbacks: [{ css: 'a[href*="/t/"]', why: 'thread href (all)' }] },
  chatRowTitle: {
    name: 'chat title',
    fallbacks: [
      { css: 'a[href*="/t/"] span[dir="auto"] > span', why: 'first auto span is the name (all)' },
      { css: 'a[href*="/t/"] img[alt]', why: 'avatar alt = name (all)' },
    ],
  },
  chatRowUnread: {
    name: 'unread marker',
    fallbacks: [
      {
        css: '.html-span > span, span',
        test: isVisuallyHidden,
        why: 'visually hidden 1px span (unread rows)',
      },
      {
        css: '[role="button"]',
        attr: 'aria-label',
        key: key('markRead'),
        how: 'equals',
        why: 'localized (unread rows)',
      },
    ],
  },
  chatRowMuted: {
    name: 'muted icon',
    fallbacks: [{ css: 'svg.x1tzjh5l:not(.x1k90msu)', why: 'bankjaneo class pair, churny (muted group)' }],
  },
  selectedRow: {
    name: 'selected chat',
    fallbacks: [{ css: 'a[aria-current="page"]', why: 'Caprine (all)' }],
  },
  conversation: { name: 'conversation', fallbacks: [{ css: '[role="main"]', why: 'ARIA main (all)' }] },
  header: {
    name: 'conversation header',
    fallbacks: [
      {
        css: '[role="main"] a[role="link"][aria-label]:has(h2)',
        why: 'header link with the name heading (all)',
      },
      { css: '[role="main"] a[aria-label]', why: 'Briskine: first labelled link (all)' },
    ],
  },
  headerTitle: {
    name: 'contact name',
    fallbacks: [
      { css: 'h2 span[dir="auto"], h2', why: 'heading in the header link (all)' },
      { css: 'img[alt]', why: 'avatar alt (all)' },
    ],
  },
  messageList: {
    name: 'message list',
    fallbacks: [
      { css: '[role="main"] [role="log"]', why: 'bankjaneo 2026 (all)' },
      { css: '[role="main"] [role="grid"]', why: 'Caprine, shoot-the-messenger (all)' },
      {
        css: '[role="main"] [role="grid"]',
        attr: 'aria-label',
        key: key('messagesWith'),
        how: 'prefix',
        why: 'localized (all)',
      },
    ],
  },
  messageRow: {
    name: 'message row',
    fallbacks: [
      { css: '[data-scope="messages_table"]', why: 'shoot-the-messenger 2026-02 (all)' },
      {
        css: '[role="main"] [role="grid"] [role="row"]:has(div[dir="auto"], img)',
        why: 'ARIA rows with content (all)',
      },
    ],
  },
  heading: { name: 'row heading', fallbacks: [{ css: 'h5, h6', why: 'screen-reader sender heading (all)' }] },
  senderAvatar: {
    name: 'sender avatar',
    fallbacks: [{ css: 'a[role="link"] > img[alt]', why: 'avatar alt names (apotenza92) (incoming)' }],
  },
  quote: {
    name: 'quoted message',
    fallbacks: [
      { css: '[role="button"]:has(> div[dir="auto"])', why: 'reply block: label + quoted text (quote rows)' },
    ],
  },
  text: {
    name: 'message text',
    fallbacks: [{ css: 'div[dir="auto"]', why: 'text bubble (DoVuDung, rayguang6) (all)' }],
  },
  mediaImage: {
    name: 'photo',
    fallbacks: [
      { css: 'a[href*="/messenger_media"] img', why: 'media viewer link (apotenza92 url-policy) (direct)' },
    ],
  },
  mediaFile: {
    name: 'file',
    fallbacks: [{ css: 'a[download]', why: 'download link (PoechTheFoam) (file via driver)' }],
  },
  mediaSticker: {
    name: 'sticker',
    fallbacks: [
      { css: '[role="img"][aria-label]', why: 'sticker as labelled img (PoechTheFoam) (sticker via driver)' },
    ],
  },
  mediaVoice: {
    name: 'voice message',
    fallbacks: [
      {
        css: '[role="button"]:has(> svg)',
        test: (el) => /\d:\d{2}/.test(el.parentElement?.textContent ?? ''),
        why: 'play button next to a duration (group)',
      },
      {
        css: '[role="button"]',
        attr: 'aria-label',
        key: key('play'),
        how: 'equals',
        why: 'localized (group)',
      },
    ],
  },
  composer: {
    name: 'composer',
    single: true,
    fallbacks: [
      {
        css: '[role="main"] [contenteditable="true"][data-lexical-editor="true"]',
        why: 'Briskine Lexical marker (all)',
      },
      {
        css: '[role="main"] [contenteditable="true"][role="textbox"]',
        why: 'bankjaneo focusMessageInput (all)',
      },
      {
        css: '[role="main"] [contenteditable="true"]',
        attr: 'aria-label',
        key: key('message'),
        how: 'equals',
        why: 'localized (all)',
      },
    ],
  },
} as const satisfies Record<string, Hook>;
