import type { CapturedMessage, MediaKind } from '../../extension/api/protocol';
import { closest, find, findAll, type HookContext } from '../shared/hooks';
import type { ReadContext } from '../shared/host-adapter';
import { localesInOrder } from '../shared/locale';
import { contentFingerprint, metaMessageId } from '../shared/meta/fingerprint';
import { isPushedRight } from '../shared/meta/layout';
import { quotedAuthorFromHeading } from '../shared/meta/reply-heading';
import { extractText, textOf } from '../shared/text';
import { IG } from './selectors';

export function instagramMessageRows(node: Element, ctx: ReadContext): Element[] {
  const row = closest(node, IG.messageRow, ctx.hooks);
  if (row) return [row];
  return findAll(node, IG.messageRow, ctx.hooks);
}

function headingSaysOwn(heading: string, hooks: HookContext): boolean {
  const h = heading.trim().toLowerCase();
  return localesInOrder(hooks.lang).some((locale) =>
    [...(hooks.strings[locale]?.youSent ?? []), ...(hooks.strings[locale]?.youReplied ?? [])].some((s) =>
      h.startsWith(s.toLowerCase()),
    ),
  );
}

/**
 * One Instagram row → CapturedMessage. Id from `mid.$…`, direction by layout (justify-content
 * flex-end = own, the most robust signal in 2026), sender from the avatar alt or group label.
 * Rows show no per-message time, so `timestamp` stays null.
 */
export function readInstagramMessage(row: Element, ctx: ReadContext): CapturedMessage | null {
  const bubble = find(row, IG.bubble, ctx.hooks);
  if (!bubble) return null;
  const quoteEl = find(row, IG.quote, ctx.hooks);
  let media: MediaKind | null = null;
  if (find(bubble, IG.mediaVoice, ctx.hooks)) media = 'voice';
  else if (find(bubble, IG.mediaImage, ctx.hooks)) media = 'image';
  const text = media ? '' : textOf(find(bubble, IG.text, ctx.hooks)) || extractText(bubble);
  if (!text && !media) return null;
  const heading = textOf(find(row, IG.heading, ctx.hooks));
  const own = isPushedRight(row) || headingSaysOwn(heading, ctx.hooks);
  const sender = own
    ? null
    : textOf(find(row, IG.groupSender, ctx.hooks)) ||
      find(row, IG.senderAvatar, ctx.hooks)?.getAttribute('alt') ||
      null;
  const quotedText = quoteEl ? textOf(quoteEl.querySelector('[role="presentation"] > div:last-child')) : '';
  const direction = own ? 'out' : 'in';
  return {
    hostId: metaMessageId(row) ?? contentFingerprint([direction, sender, text, quotedText, media]),
    direction,
    sender,
    text,
    timestamp: null,
    quoted: quoteEl ? { sender: quotedAuthorFromHeading(heading, ctx.lang), text: quotedText } : null,
    media,
  };
}
