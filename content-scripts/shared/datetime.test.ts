import { describe, expect, it } from 'vitest';
import { parseClockTime, parseNumericDate } from './datetime';
import { dayMonthOrder } from './locale';

describe('parseClockTime', () => {
  it.each([
    ['21:31', { hours: 21, minutes: 31 }],
    ['10:54 PM', { hours: 22, minutes: 54 }],
    ['10:54\u202fPM', { hours: 22, minutes: 54 }],
    ['12:05 AM', { hours: 0, minutes: 5 }],
    ['12:05 PM', { hours: 12, minutes: 5 }],
    ['10:54 p. m.', { hours: 22, minutes: 54 }],
    ['9:07 a.m.', { hours: 9, minutes: 7 }],
    ['09.15', { hours: 9, minutes: 15 }],
  ])('%s', (text, expected) => {
    expect(parseClockTime(text)).toEqual(expected);
  });

  it('rejects what is not a time', () => {
    expect(parseClockTime('Jane')).toBeNull();
    expect(parseClockTime('25:10')).toBeNull();
    expect(parseClockTime('13:10 PM')).toBeNull();
  });
});

describe('day/month order from the page language (CLDR via Intl)', () => {
  it.each([
    ['en', 'MD'],
    ['en-US', 'MD'],
    ['en-GB', 'DM'],
    ['pt-BR', 'DM'],
    ['es', 'DM'],
    ['de', 'DM'],
    ['not a tag!', 'DM'],
  ] as const)('%s → %s', (lang, order) => {
    expect(dayMonthOrder(lang)).toBe(order);
  });
});

describe('parseNumericDate', () => {
  it('dotted dates are day first', () => {
    expect(parseNumericDate('17.11.2025', 'de')).toEqual({ year: 2025, month: 11, day: 17 });
    expect(parseNumericDate('09.12.2025', 'en')).toEqual({ year: 2025, month: 12, day: 9 });
  });
  it('slashed ambiguous dates follow the page locale', () => {
    expect(parseNumericDate('12/9/2025', 'en')).toEqual({ year: 2025, month: 12, day: 9 });
    expect(parseNumericDate('09/12/2025', 'pt-BR')).toEqual({ year: 2025, month: 12, day: 9 });
    expect(parseNumericDate('09/12/2025', 'es')).toEqual({ year: 2025, month: 12, day: 9 });
    expect(parseNumericDate('12/9/2025', 'en-GB')).toEqual({ year: 2025, month: 9, day: 12 });
  });
  it('a part above 12 overrides the locale', () => {
    expect(parseNumericDate('17/11/2025', 'en')).toEqual({ year: 2025, month: 11, day: 17 });
    expect(parseNumericDate('11/17/2025', 'pt-BR')).toEqual({ year: 2025, month: 11, day: 17 });
  });
  it('two-digit years and year-first dates', () => {
    expect(parseNumericDate('9/12/25', 'en')).toEqual({ year: 2025, month: 9, day: 12 });
    expect(parseNumericDate('2025-12-09', 'sv')).toEqual({ year: 2025, month: 12, day: 9 });
  });
  it('rejects impossible dates', () => {
    expect(parseNumericDate('40/40/2025', 'en')).toBeNull();
    expect(parseNumericDate('no date', 'en')).toBeNull();
  });
});
