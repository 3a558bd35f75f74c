import { describe, expect, it } from 'vitest';
import { effectiveEngine, validateTranslationSettings } from './translation';

describe('translation settings', () => {
  it('uses the chosen engine, else on-device where available, else none', () => {
    expect(effectiveEngine({ engine: 'apertium', url: 'http://x' }, true)).toBe('apertium');
    expect(effectiveEngine({ engine: 'none' }, true)).toBe('none');
    expect(effectiveEngine({}, true)).toBe('browser');
    expect(effectiveEngine({}, false)).toBe('none');
  });

  it('explains what is missing in plain words', () => {
    expect(validateTranslationSettings({ engine: 'apertium' })).toEqual([
      'Enter the address of the translation server.',
    ]);
    expect(validateTranslationSettings({ engine: 'libretranslate', url: 'ftp://x' })).toEqual([
      'The server address must start with http:// or https://.',
    ]);
    expect(validateTranslationSettings({ engine: 'deepl' })).toEqual(['Enter the DeepL API key.']);
    expect(validateTranslationSettings({ engine: 'apertium', url: 'http://127.0.0.1:2737' })).toEqual([]);
    expect(validateTranslationSettings({})).toEqual([]);
  });
});
