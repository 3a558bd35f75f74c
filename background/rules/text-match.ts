/** Accent- and case-insensitive keyword matching for short chat messages. */

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Matches any of the (folded) phrases as whole words. */
export function phraseMatcher(phrases: readonly string[]): (text: string) => boolean {
  const escaped = phrases
    .map((phrase) => foldText(phrase.trim()))
    .filter((phrase) => phrase !== '')
    .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  if (escaped.length === 0) return () => false;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'u');
  return (text) => pattern.test(foldText(text));
}
