import type { CapturedMessage, MediaKind } from '../../extension/api/protocol';
import { parseClockTime, toEpoch } from '../shared/datetime';
import { closest, find, findAll, mayMatchAny } from '../shared/hooks';
import type { ReadContext } from '../shared/host-adapter';
import { extractText, textOf } from '../shared/text';
import { parseDataId, parsePrePlainText } from './parse';
import { WA } from './selectors';

/** Message rows at, inside or around an added node (a refilled placeholder adds only its content). */
export function whatsappMessageRows(node: Element, ctx: ReadContext): Element[] {
  const row = closest(node, WA.messageRow, ctx.hooks);
  if (row) return [row];
  return findAll(node, WA.messageRow, ctx.hooks);
}

function mediaKind(body: Element, quote: Element | null, ctx: ReadContext): MediaKind | null {
  if (find(body, WA.mediaVoice, ctx.hooks)) return 'voice';
  if (find(body, WA.mediaFile, ctx.hooks)) return 'file';
  const picture = findAll(body, WA.mediaImage, ctx.hooks).find((el) => !quote?.contains(el));
  return picture ? 'image' : null;
}

/**
 * Media without a caption carries no `data-pre-plain-text`, only the visible clock time. The date
 * then comes from the nearest neighbouring row that has full metadata (same day in practice:
 * WhatsApp inserts a day separator row between days, and the neighbour search stops at none).
 */
function timestampFromNeighbours(row: Element, body: Element, ctx: ReadContext): number | null {
  const timeEl = findAll(body, WA.visibleTime, ctx.hooks).at(-1);
  const time = timeEl ? parseClockTime(timeEl.textContent ?? '') : null;
  if (!time) return null;
  const wrapper = row.closest('[role="row"]') ?? row;
  const siblings = (start: Element | null, next: (el: Element) => Element | null) => {
    for (let el = start, n = 0; el && n < 15; el = next(el), n++) {
      const pre = parsePrePlainText(
        el.querySelector('[data-pre-plain-text]')?.getAttribute('data-pre-plain-text'),
        ctx.lang,
      );
      if (pre?.timestamp != null) return new Date(pre.timestamp);
    }
    return null;
  };
  const near =
    siblings(wrapper.previousElementSibling, (el) => el.previousElementSibling) ??
    siblings(wrapper.nextElementSibling, (el) => el.nextElementSibling);
  if (!near) return null;
  return toEpoch({ year: near.getFullYear(), month: near.getMonth() + 1, day: near.getDate() }, time);
}

/** The author from the screen-reader label or the group sender line (media rows have no metadata). */
function senderLabel(body: Element, ctx: ReadContext): string | null {
  const label = find(body, WA.senderLabel, ctx.hooks);
  return label?.getAttribute('aria-label')?.replace(/:\s*$/, '').trim() || textOf(label) || null;
}

/** The optional parts of a message; a plain text row has none, which one query tells. */
const OPTIONAL_PARTS = [WA.quote, WA.mediaVoice, WA.mediaFile, WA.mediaImage];

/** One rendered WhatsApp row → CapturedMessage; null for placeholders and rows without content. */
export function readWhatsAppMessage(row: Element, ctx: ReadContext): CapturedMessage | null {
  const id = parseDataId(row.getAttribute('data-id'));
  if (!id) return null;
  if (row.querySelector('[data-virtualized="true"]') || row.matches('[data-virtualized="true"]')) return null;
  const body = find(row, WA.messageBody, ctx.hooks) ?? row;
  if (!body.firstElementChild) return null;

  const preEl = find(body, WA.prePlainText, ctx.hooks);
  const pre = parsePrePlainText(preEl?.getAttribute('data-pre-plain-text'), ctx.lang);
  const textEl = find(body, WA.messageText, ctx.hooks);
  const text = textEl ? extractText(textEl) : '';

  const hasOptional = mayMatchAny(body, OPTIONAL_PARTS);
  const quoteEl = hasOptional ? find(body, WA.quote, ctx.hooks) : null;
  const quoted = quoteEl
    ? {
        sender: textOf(find(quoteEl, WA.quoteAuthor, ctx.hooks)) || null,
        text: textOf(find(quoteEl, WA.quoteText, ctx.hooks)),
      }
    : null;

  const media = hasOptional ? mediaKind(body, quoteEl, ctx) : null;
  if (!text && !media) return null; // a row still rendering, or a kind we do not read (system notice)

  const sender = pre?.sender ?? senderLabel(body, ctx);

  return {
    hostId: id.msgId,
    direction: id.fromMe ? 'out' : 'in',
    sender: sender || null,
    text,
    timestamp: pre?.timestamp ?? timestampFromNeighbours(row, body, ctx),
    quoted,
    media,
  };
}
