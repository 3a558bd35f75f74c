import type { CapturedMessage, MediaKind } from '../../extension/api/protocol';
import { closest, find, findAll, type HookContext } from '../shared/hooks';
import type { ReadContext } from '../shared/host-adapter';
import { localesInOrder } from '../shared/locale';
import { contentFingerprint, metaMessageId } from '../shared/meta/fingerprint';
import { isPushedRight } from '../shared/meta/layout';
import { quotedAuthorFromHeading } from '../shared/meta/reply-heading';
import { extractText, textOf } from '../shared/text';
import { FB } from './selectors';

export function messengerMessageRows(node: Element, ctx: ReadContext): Element[] {
  const row = closest(node, FB.messageRow, ctx.hooks);
  if (row) return [row];
  return findAll(node, FB.messageRow, ctx.hooks);
}

/** Localized "You sent" / "You replied to …" row headings: the last-resort direction signal. */
function headingSaysOwn(heading: string, hooks: HookContext): boolean {
  const h = heading.trim().toLowerCase();
  return localesInOrder(hooks.lang).some((locale) =>
    [...(hooks.strings[locale]?.youSent ?? []), ...(hooks.strings[locale]?.youReplied ?? [])].some((s) =>
      h.startsWith(s.toLowerCase()),
    ),
  );
}

function mediaKind(row: Element, ctx: ReadContext): MediaKind | null {
  if (find(row, FB.mediaImage, ctx.hooks)) return 'image';
  if (find(row, FB.mediaFile, ctx.hooks)) return 'file';
  if (find(row, FB.mediaVoice, ctx.hooks)) return 'voice';
  if (find(row, FB.mediaSticker, ctx.hooks)) return 'sticker';
  return null;
}

/**
 * One Messenger row → CapturedMessage. Direction by layout (own messages are pushed right), sender
 * from the avatar's alt, text from the `dir=auto` bubble outside the reply block. Messenger shows no
 * per-message time in the row (only day separators), so `timestamp` stays null.
 */
export function readMessengerMessage(row: Element, ctx: ReadContext): CapturedMessage | null {
  const quoteEl = find(row, FB.quote, ctx.hooks);
  const bubbles = findAll(row, FB.text, ctx.hooks).filter(
    (el) => !quoteEl?.contains(el) && !el.closest('h5, h6'),
  );
  const text = bubbles
    .map((el) => extractText(el))
    .filter(Boolean)
    .join('\n');
  const media = mediaKind(row, ctx);
  if (!text && !media) return null;
  const heading = textOf(find(row, FB.heading, ctx.hooks));
  const own = isPushedRight(row) || headingSaysOwn(heading, ctx.hooks);
  const avatar = find(row, FB.senderAvatar, ctx.hooks);
  const sender = own ? null : avatar?.getAttribute('alt') || heading || null;
  const quotedText = quoteEl ? textOf(quoteEl.querySelector('div[dir="auto"]')) : '';
  const quoted = quoteEl ? { sender: quotedAuthorFromHeading(heading, ctx.lang), text: quotedText } : null;
  const direction = own ? 'out' : 'in';
  return {
    hostId: metaMessageId(row) ?? contentFingerprint([direction, sender, text, quotedText, media]),
    direction,
    sender,
    text: media === 'voice' && !bubbles.length ? '' : text,
    timestamp: null,
    quoted,
    media,
  };
}
