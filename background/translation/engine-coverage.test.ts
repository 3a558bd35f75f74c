import { describe, expect, it } from 'vitest';
import { engineCovers, enginesFor } from './engine-coverage';

describe('engine coverage', () => {
  it('knows Apertium has English, Spanish and Portuguese only', () => {
    expect(engineCovers('apertium', 'es', 'en')).toBe(true);
    expect(engineCovers('apertium', 'en', 'pt')).toBe(true);
    expect(engineCovers('apertium', 'th', 'en')).toBe(false);
    expect(engineCovers('apertium', 'en', 'vi')).toBe(false);
  });

  it('names the other engines that list a pair, never the one that failed', () => {
    expect(enginesFor('th', 'en', 'apertium')).toEqual(['browser', 'libretranslate', 'deepl']);
    expect(enginesFor('vi', 'es', 'deepl')).toEqual(['browser', 'libretranslate']);
    expect(enginesFor('es', 'en', 'browser')).toEqual(['apertium', 'libretranslate', 'deepl']);
    expect(enginesFor('th', 'xx', 'apertium')).toEqual([]);
  });
});
