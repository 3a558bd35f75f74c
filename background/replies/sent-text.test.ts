import { describe, expect, it } from 'vitest';
import { compareSentText, normaliseSentText } from './sent-text';

describe('sent text comparison', () => {
  it('ignores whitespace the host app changes on the way (line breaks, nbsp, trailing spaces)', () => {
    expect(normaliseSentText('  Hi Jane,\n\nyour order\u00a0ships today. ')).toBe(
      'Hi Jane, your order ships today.',
    );
    expect(compareSentText('Hi Jane,\nyour order ships today.', 'Hi Jane, your order  ships today.')).toBe(
      'unchanged',
    );
    // Composed and decomposed accents are the same text.
    expect(compareSentText('Olá, João', 'Ola\u0301, Joa\u0303o')).toBe('unchanged');
  });

  it('counts the inserted text sent inside a longer message (a draft, a greeting) as not edited', () => {
    expect(compareSentText('Your refund is on its way.', 'Good morning! Your refund is on its way.')).toBe(
      'unchanged-with-additions',
    );
    expect(compareSentText('Your refund is on its way.', 'Your refund is on its way. Anything else?')).toBe(
      'unchanged-with-additions',
    );
  });

  it('counts any change inside the inserted text as edited', () => {
    expect(compareSentText('Your refund is on its way.', 'Your refund is on the way.')).toBe('edited');
    expect(compareSentText('Your refund is on its way.', 'Your refund')).toBe('edited');
    expect(compareSentText('Your refund is on its way.', 'Something else entirely')).toBe('edited');
    // Case is the agent's choice too.
    expect(compareSentText('Your refund is on its way.', 'your refund is on its way.')).toBe('edited');
  });
});
