import { describe, expect, it } from 'vitest';
import { conversationLanguage, detectLanguage } from './detect-language';
import { DETECTION_TESTSET, SHORT_MESSAGES } from './detection-testset';
import { SUPPORTED_LANGUAGES } from './languages';

function wordCount(text: string): number {
  // Thai has no spaces: count Thai words with the segmenter so the 3–15 word rule means the same.
  const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).length;
}

describe('detection test set', () => {
  it('has at least 40 messages of 3–15 words per supported language', () => {
    for (const lang of SUPPORTED_LANGUAGES) {
      const messages = DETECTION_TESTSET[lang];
      expect(messages.length, lang).toBeGreaterThanOrEqual(40);
      for (const message of messages) {
        const words = wordCount(message);
        expect(words, `${lang}: "${message}"`).toBeGreaterThanOrEqual(3);
        expect(words, `${lang}: "${message}"`).toBeLessThanOrEqual(15);
      }
      expect(new Set(messages).size, `${lang} has duplicates`).toBe(messages.length);
    }
  });
});

describe('detectLanguage', () => {
  it('is at least 95% accurate over the test set, and reports accuracy per language', () => {
    let correct = 0;
    let total = 0;
    const perLanguage: Record<string, string> = {};
    const misses: string[] = [];
    for (const lang of SUPPORTED_LANGUAGES) {
      let ok = 0;
      for (const message of DETECTION_TESTSET[lang]) {
        const guess = detectLanguage(message);
        if (guess.lang === lang) ok++;
        else misses.push(`${lang} → ${guess.lang}: ${message}`);
      }
      perLanguage[lang] = `${ok}/${DETECTION_TESTSET[lang].length}`;
      correct += ok;
      total += DETECTION_TESTSET[lang].length;
    }
    console.info('language detection accuracy', perLanguage, `overall ${correct}/${total}`, misses);
    expect(correct / total).toBeGreaterThanOrEqual(0.95);
  });

  it('answers "und" for emoji, numbers, links and lone "ok", and knows short greetings/thanks', () => {
    for (const { text, expected } of SHORT_MESSAGES) {
      expect(detectLanguage(text).lang, text).toBe(expected);
    }
  });

  it('never throws on empty or odd input', () => {
    for (const text of ['', '   ', '\u0000', '😀'.repeat(500), 'a'.repeat(10_000)]) {
      expect(() => detectLanguage(text)).not.toThrow();
    }
    expect(detectLanguage('').lang).toBe('und');
  });

  it('reads mixed Thai/English messages as Thai', () => {
    expect(detectLanguage('ขอ refund ได้ไหมคะ order 4521').lang).toBe('th');
  });

  it('can be restricted to fewer languages', () => {
    const guess = detectLanguage('obrigado pela ajuda, até amanhã', { languages: ['en', 'es'] });
    expect(guess.lang).toBe('es');
  });
});

describe('conversationLanguage', () => {
  it('uses the newest message that has a language, skipping "ok 👍"', () => {
    const messages = [{ text: 'hola, dónde está mi pedido?' }, { text: 'ok 👍' }];
    expect(conversationLanguage(messages)).toBe('es');
  });

  it('trusts a language already detected upstream', () => {
    expect(conversationLanguage([{ text: 'whatever', lang: 'vi' }])).toBe('vi');
  });

  it('falls back when nothing can be told', () => {
    expect(conversationLanguage([{ text: '👍' }], 'en')).toBe('en');
  });
});
