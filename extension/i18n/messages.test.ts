import { describe, expect, it } from 'vitest';
import { catalogs, pickLocale, translator } from './messages';

describe('UI strings', () => {
  it('every locale has every English key, none left empty', () => {
    const keys = Object.keys(catalogs.en).sort();
    for (const [locale, catalog] of Object.entries(catalogs)) {
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
      for (const value of Object.values(catalog)) expect(value.trim(), locale).not.toBe('');
    }
  });

  it('picks the first supported language from the browser list', () => {
    expect(pickLocale(['pt-BR', 'en'])).toBe('pt');
    expect(pickLocale(['de-DE', 'es-MX'])).toBe('es');
    expect(pickLocale(['de-DE'])).toBe('en');
  });

  it('fills parameters and leaves unknown ones visible', () => {
    const t = translator('es');
    expect(t('health.missing', { list: 'chat list' })).toBe('Falta: chat list');
    expect(t('status.connected', {})).toContain('{ms}');
  });
});
