import { localesInOrder, type UiLocale } from '../locale';

/**
 * Who a reply quotes, from the row's screen-reader heading — Messenger and Instagram print no
 * other author on the quote block (host-apps-dom.md §2a/§3a: "You replied to X", "X replied to
 * you"). Localized text, so it is only ever used for the quoted author, never for ids or direction.
 * Order matters: the "you" forms are tried before the generic "A replied to B".
 */
const PATTERNS: Record<UiLocale, { youReplied: RegExp; repliedToYou: RegExp; repliedTo: RegExp }> = {
  en: {
    youReplied: /^You replied to (.+)$/i,
    repliedToYou: /^(.+) replied to you$/i,
    repliedTo: /^(.+) replied to (.+)$/i,
  },
  es: {
    youReplied: /^Respondiste a (.+)$/i,
    repliedToYou: /^(.+) te respondió$/i,
    repliedTo: /^(.+) respondió a (.+)$/i,
  },
  pt: {
    youReplied: /^Você respondeu a (.+)$/i,
    repliedToYou: /^(.+) respondeu a você$/i,
    repliedTo: /^(.+) respondeu a (.+)$/i,
  },
};

/** The quoted author's display name; `null` when the agent's own message is quoted or the heading is unknown. */
export function quotedAuthorFromHeading(heading: string, lang: string): string | null {
  const text = heading.trim();
  for (const locale of localesInOrder(lang)) {
    const p = PATTERNS[locale];
    const mine = p.youReplied.exec(text);
    if (mine?.[1]) return mine[1].trim();
    if (p.repliedToYou.test(text)) return null;
    const other = p.repliedTo.exec(text);
    if (other?.[2]) return other[2].trim();
  }
  return null;
}
