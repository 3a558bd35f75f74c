/**
 * Was an inserted template sent as it was, or edited first? The answer compares the text the
 * sidebar put into the composer with the agent's next outgoing message as the adapter read it
 * back from the page.
 *
 * Both sides are normalised first, because the round trip through the host app changes
 * whitespace without the agent doing anything: Lexical and the message bubble turn line breaks
 * into paragraphs and <br>, non-breaking spaces appear, trailing spaces vanish. So every run of
 * whitespace counts as one space, the ends are trimmed, and Unicode is compared in NFC.
 *
 * The rule for "the inserted text is inside a longer message": the composer inserts at the end
 * of whatever draft the agent already had, and the agent may add a greeting or a line after it.
 * When the template's text went out unchanged inside the message, the template's own wording
 * was kept, so it is NOT counted as edited (the stat exists to find templates whose wording
 * agents keep changing). Any change inside the inserted text counts as edited.
 */

export type SentComparison =
  /** The message is exactly the inserted text. */
  | 'unchanged'
  /** The inserted text went out unchanged with the agent's own words before or after it. */
  | 'unchanged-with-additions'
  /** The inserted text itself was changed (or replaced) before sending. */
  | 'edited';

export function normaliseSentText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function compareSentText(inserted: string, sent: string): SentComparison {
  const a = normaliseSentText(inserted);
  const b = normaliseSentText(sent);
  if (a === b) return 'unchanged';
  if (a !== '' && b.includes(a)) return 'unchanged-with-additions';
  return 'edited';
}

export function wasEdited(comparison: SentComparison): boolean {
  return comparison === 'edited';
}
