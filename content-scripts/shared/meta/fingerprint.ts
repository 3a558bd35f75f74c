/**
 * A stable id for a message the page gives no id for (Messenger rows in some builds): two FNV-1a
 * hashes of its content. Identical content (same sender, direction, text, quote, media) maps to the
 * same id, so a re-rendered row is never counted twice — at the price that two genuinely identical
 * messages in one thread are stored once. Real ids (`mid.$…`) always win when present.
 */
export function contentFingerprint(parts: ReadonlyArray<string | null | undefined>): string {
  const text = parts.map((p) => p ?? '').join('\u241e');
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `fp:${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** `mid.$…` from an element id, `data-message-id`, or `aria-labelledby` (Instagram/Messenger web components). */
export function metaMessageId(row: Element): string | null {
  const withData = row.matches('[data-message-id]') ? row : row.querySelector('[data-message-id]');
  const data = withData?.getAttribute('data-message-id');
  if (data) return data;
  const el = row.querySelector('[id^="mid."]');
  if (el?.id) return el.id;
  const labelled = row.querySelector('[aria-labelledby*="mid."]')?.getAttribute('aria-labelledby') ?? '';
  return /(mid\.\S+)/.exec(labelled)?.[1] ?? null;
}
