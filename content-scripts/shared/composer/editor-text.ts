import { extractText } from '../text';

/**
 * Reading what the composer holds, for verification. Lexical's own state is the truth (the DOM
 * may briefly show text Lexical is about to revert); the root element carries the editor as
 * `__lexicalEditor` (set by Lexical's setRootElement), readable from the MAIN world only.
 */
interface LexicalLike {
  getEditorState(): { read<T>(fn: () => T): T; _nodeMap: Map<string, { getTextContent(): string }> };
}

export function lexicalText(el: Element): string | null {
  try {
    const editor = (el as unknown as { __lexicalEditor?: LexicalLike }).__lexicalEditor;
    const state = editor?.getEditorState();
    if (!state) return null;
    const text = state.read(() => state._nodeMap.get('root')?.getTextContent());
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

/** The DOM's view, paragraphs as newlines (used when the Lexical handle is not reachable). */
export function domText(el: Element): string {
  const blocks = [...el.children].filter((c) => c.tagName === 'P' || c.tagName === 'DIV');
  if (blocks.length === 0) return extractText(el);
  return blocks.map((b) => extractText(b)).join('\n');
}

export function editorText(el: Element): string {
  return lexicalText(el) ?? domText(el);
}

/**
 * Comparable form: rich-text Lexical joins paragraphs with a blank line, plain-text with one
 * newline, and the DOM adds trailing newlines for <br>; compare line content only.
 */
export function normalizeForCompare(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/\n+/g, '\n')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .trim();
}

export type Applied = 'exact' | 'unchanged' | 'other';

/** Whether the editor now holds exactly the old draft followed by the inserted text. */
export function compareInsertion(before: string, after: string, inserted: string): Applied {
  const b = normalizeForCompare(before);
  const a = normalizeForCompare(after);
  if (a === b) return 'unchanged';
  const t = normalizeForCompare(inserted);
  if (
    a.startsWith(b) &&
    a.endsWith(t) &&
    a.length - b.length - t.length <= 1 &&
    a.length >= b.length + t.length
  )
    return 'exact';
  return 'other';
}
