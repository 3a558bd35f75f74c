/**
 * Language-aware text normalisation for matching customer messages against templates.
 *
 * - Lower case, and Latin accents removed, so "reembolsó", "reembolso" and "REEMBOLSO" match
 *   and unaccented Vietnamese ("hoan tien") matches accented ("hoàn tiền").
 * - Only Latin combining marks (U+0300–U+036F) are stripped: Thai vowels and tone marks are
 *   combining marks too, and removing them would change Thai words.
 * - Thai is written without spaces between words, so Thai runs are split with
 *   Intl.Segmenter (word granularity); where it is missing, overlapping character bigrams still
 *   let Thai keywords match.
 */

const LATIN_COMBINING_MARKS = /[\u0300-\u036f]/g;
const THAI_RUN = /[\u0e00-\u0e7f]+/g;
const THAI_CHAR = /[\u0e00-\u0e7f]/;
// Letters and digits of any script form words; everything else (punctuation, emoji) separates.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Lower-cases and strips Latin accents; keeps Thai intact. "Đơn hàng" → "don hang". */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(LATIN_COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .normalize('NFC');
}

type WordSegmenter = { segment(text: string): Iterable<{ segment: string; isWordLike?: boolean }> };

let thaiSegmenter: WordSegmenter | null | undefined;

function getThaiSegmenter(): WordSegmenter | null {
  if (thaiSegmenter === undefined) {
    const Segmenter = (Intl as { Segmenter?: new (locale: string, options: object) => WordSegmenter })
      .Segmenter;
    thaiSegmenter = Segmenter ? new Segmenter('th', { granularity: 'word' }) : null;
  }
  return thaiSegmenter;
}

/** Test hook: pretend the runtime has no Intl.Segmenter (older Firefox), or restore it. */
export function setSegmenterAvailableForTests(available: boolean): void {
  thaiSegmenter = available ? undefined : null;
}

function segmentThai(run: string, out: string[]): void {
  const segmenter = getThaiSegmenter();
  if (segmenter) {
    for (const part of segmenter.segment(run)) {
      if (part.isWordLike !== false && part.segment.trim() !== '') out.push(part.segment);
    }
    return;
  }
  if (run.length === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
}

/** Normalises and splits into words. Works for Latin scripts and Thai, mixed in one message. */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  const tokens: string[] = [];
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    if (!THAI_CHAR.test(word)) {
      tokens.push(word);
      continue;
    }
    // A "word" can mix Thai and Latin ("ขอrefund"); split the Thai runs out of it.
    let last = 0;
    for (const thai of word.matchAll(THAI_RUN)) {
      const start = thai.index ?? 0;
      if (start > last) tokens.push(word.slice(last, start));
      segmentThai(thai[0], tokens);
      last = start + thai[0].length;
    }
    if (last < word.length) tokens.push(word.slice(last));
  }
  return tokens;
}

export function containsThai(text: string): boolean {
  return THAI_CHAR.test(text);
}
