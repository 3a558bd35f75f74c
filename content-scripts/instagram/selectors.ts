import type { Hook } from '../shared/hooks';
import { styleOf } from '../shared/hooks';
import type { InstagramStringKey } from './strings';

const key = (k: InstagramStringKey) => k;

/** The 2026 message scroller: the element that scrolls vertically (instagram-dm-unsender findScrollableChild). */
const scrollsVertically = (el: Element) => {
  const overflow = styleOf(el)?.overflowY;
  return overflow === 'auto' || overflow === 'scroll';
};
/** Bold preview/name = unread; IG exposes no unread attribute (host-apps-dom.md §3a [I]). */
const isBold = (el: Element) => Number(styleOf(el)?.fontWeight ?? 400) >= 600;

/**
 * Every Instagram direct hook, ordered fallbacks, language-independent first (host-apps-dom.md §3b):
 * 2025 builds (role=grid, data-scope=messages_table) and 2026 builds (plain divs, column-reverse
 * scroller). Fixture coverage is asserted fallback by fallback in adapters-instagram.e2e.test.ts.
 */
export const IG = {
  chatList: {
    name: 'chat list',
    fallbacks: [
      { css: '[role="navigation"]:has([role="button"][tabindex="0"] img[width="56"])', why: 'inbox (all)' },
    ],
  },
  chatRow: {
    name: 'chat list row',
    fallbacks: [
      {
        css: '[role="navigation"] [role="button"][tabindex="0"]:has(img[width="56"])',
        why: 'unsalgel rows (all)',
      },
    ],
  },
  chatRowTitle: {
    name: 'chat title',
    fallbacks: [{ css: 'span[dir="auto"]', why: 'first auto span (all)' }],
  },
  chatRowUnread: {
    name: 'unread marker',
    fallbacks: [{ css: 'span[dir="auto"]', test: isBold, why: 'bold text = unread (unread rows)' }],
  },
  ownProfile: {
    name: 'own profile link',
    fallbacks: [
      {
        css: '[role="navigation"] a[role="link"][href^="/"]:has(img)',
        why: 'rail link with the own avatar (all)',
      },
    ],
  },
  conversation: { name: 'conversation', fallbacks: [{ css: '[role="main"]', why: 'ARIA main (all)' }] },
  header: {
    name: 'conversation header',
    fallbacks: [
      {
        css: '[role="main"] a[role="link"][href^="/"]:has(h2)',
        why: 'header link around the name heading (all)',
      },
      {
        css: '[role="main"] a[role="link"]',
        attr: 'aria-label',
        key: key('openProfile'),
        how: 'prefix',
        why: 'localized (all)',
      },
    ],
  },
  headerTitle: { name: 'contact name', fallbacks: [{ css: 'h2', why: 'name heading (all)' }] },
  messageList: {
    name: 'message list',
    fallbacks: [
      { css: '[data-pagelet="IGDOpenMessageList"]', why: 'pagelet name (2025)' },
      { css: '[role="main"] [role="grid"]', why: 'grid (2025)' },
      { css: '[role="main"] div', test: scrollsVertically, why: 'scrolling container (2026, 2025)' },
      {
        css: '[role="main"] [aria-label]',
        attr: 'aria-label',
        key: key('conversationWith'),
        how: 'prefix',
        why: 'localized (all)',
      },
    ],
  },
  messageRow: {
    name: 'message row',
    fallbacks: [
      { css: '[data-scope="messages_table"]', why: 'gridcell (2025)' },
      {
        css: 'div:has(> [role="presentation"] > h6):has([id^="mid."])',
        why: 'heading + mid.$ bubble (2026)',
      },
    ],
  },
  heading: { name: 'row heading', fallbacks: [{ css: 'h6', why: 'hidden sender heading (all)' }] },
  bubble: { name: 'message bubble', fallbacks: [{ css: '[id^="mid."]', why: 'mid.$ id (all)' }] },
  senderAvatar: {
    name: 'sender avatar',
    fallbacks: [{ css: 'a[role="link"][href^="/"] > img[alt]', why: 'profile link avatar (incoming)' }],
  },
  groupSender: {
    name: 'group sender',
    fallbacks: [{ css: '.x1author', why: 'generated class, churny (group)' }],
  },
  quote: {
    name: 'quoted message',
    fallbacks: [
      {
        css: '[role="none"] > [role="button"]:not([id]):has(> [role="presentation"])',
        why: 'reply block (quote rows)',
      },
    ],
  },
  text: { name: 'message text', fallbacks: [{ css: 'div[dir="auto"]', why: 'text in the bubble (all)' }] },
  mediaVoice: {
    name: 'voice message',
    fallbacks: [
      {
        css: '[role="button"]:has(> svg)',
        test: (el) => /\d:\d{2}/.test(el.parentElement?.textContent ?? ''),
        why: 'play + duration (group)',
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
  mediaImage: {
    name: 'picture',
    fallbacks: [{ css: 'img', why: 'image inside the bubble (direct, group)' }],
  },
  composer: {
    name: 'composer',
    single: true,
    fallbacks: [
      {
        css: '[role="main"] [contenteditable="true"][data-lexical-editor="true"]',
        why: 'Lexical marker (all)',
      },
      { css: '[role="main"] [contenteditable="true"][role="textbox"]', why: 'ARIA textbox (all)' },
      {
        css: '[role="main"] [contenteditable="true"]',
        attr: 'aria-label',
        key: key('message'),
        how: 'equals',
        why: 'localized (all)',
      },
      {
        css: '[role="main"] [contenteditable="true"]',
        attr: 'aria-placeholder',
        key: key('placeholder'),
        how: 'equals',
        why: 'localized (all)',
      },
    ],
  },
} as const satisfies Record<string, Hook>;
