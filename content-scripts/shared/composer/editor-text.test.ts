import { describe, expect, it } from 'vitest';
import { compareInsertion, normalizeForCompare } from './editor-text';

describe('compareInsertion', () => {
  it('exact when the editor holds the draft followed by the text', () => {
    expect(compareInsertion('Draft: ', 'Draft: Hello 👋', 'Hello 👋')).toBe('exact');
    expect(compareInsertion('', 'Hello', 'Hello')).toBe('exact');
  });
  it('multi-line text in rich (blank-line paragraphs) and plain (line break) editors', () => {
    expect(compareInsertion('Hi ', 'Hi Line one\n\nLine two', 'Line one\nLine two')).toBe('exact');
    expect(compareInsertion('Hi ', 'Hi Line one\nLine two', 'Line one\nLine two')).toBe('exact');
  });
  it('unchanged when nothing happened; other when something else did (no second attempt then)', () => {
    expect(compareInsertion('Draft', 'Draft', 'Hello')).toBe('unchanged');
    expect(compareInsertion('Draft', 'Hello', 'Hello')).toBe('other');
    expect(compareInsertion('Draft', 'DraftHelloHello', 'Hello')).toBe('other');
  });
  it('normalizes NBSP and CRLF', () => {
    expect(normalizeForCompare('a\u00a0b\r\n\r\nc ')).toBe('a b\nc');
  });
});
