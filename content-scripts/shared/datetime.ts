import { dayMonthOrder } from './locale';

export interface ClockTime {
  hours: number;
  minutes: number;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

// 12-hour markers as the apps print them: "PM", "p.m.", "p. m." (es), "pm". Anything else
// (no marker) is a 24-hour clock.
const TIME_RE = /(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?\s*([ap])?\.?\s?(?:m\.?)?(?![\p{L}])/iu;

/** "21:31", "10:54 PM", "10:54 p. m.", "9.05" → hours/minutes on a 24-hour clock. */
export function parseClockTime(text: string): ClockTime | null {
  const m = TIME_RE.exec(text.trim());
  if (!m) return null;
  let hours = Number(m[1]);
  const minutes = Number(m[2]);
  const marker = m[3]?.toLowerCase();
  if (marker) {
    if (hours < 1 || hours > 12) return null;
    if (marker === 'p' && hours < 12) hours += 12;
    if (marker === 'a' && hours === 12) hours = 0;
  }
  if (hours > 23 || minutes > 59) return null;
  return { hours, minutes };
}

/**
 * A numeric date as the page prints it: "17.11.2025", "12/9/2025", "09/12/2025", "2025-12-09",
 * "9/12/25". Day/month order: a part above 12 decides; otherwise the page language's CLDR order
 * (see `dayMonthOrder`) — "12/9/2025" is 9 December on an en-US page and 12 September on a pt-BR one.
 * A dotted date is always day-first (no locale prints month.day.year).
 */
export function parseNumericDate(text: string, lang: string): CalendarDate | null {
  const m = /(\d{1,4})\s*([./-])\s*(\d{1,2})\s*[./-]\s*(\d{1,4})/.exec(text);
  if (!m) return null;
  const [a, sep, b, c] = [m[1] ?? '', m[2] ?? '', m[3] ?? '', m[4] ?? ''];
  if (a.length === 4) {
    // ISO-like year-first (sv, lt, hu, zh): year, month, day.
    return valid({ year: Number(a), month: Number(b), day: Number(c) });
  }
  const year = Number(c) + (c.length <= 2 ? 2000 : 0);
  const first = Number(a);
  const second = Number(b);
  let dayFirst: boolean;
  if (first > 12 && second <= 12) dayFirst = true;
  else if (second > 12 && first <= 12) dayFirst = false;
  else dayFirst = sep === '.' || dayMonthOrder(lang) === 'DM';
  return valid(dayFirst ? { year, month: second, day: first } : { year, month: first, day: second });
}

function valid(d: CalendarDate): CalendarDate | null {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.year < 2000 || d.year > 2100) return null;
  return d;
}

/** Wall-clock time in the browser's time zone, which is the zone the page rendered it in. */
export function toEpoch(date: CalendarDate, time: ClockTime): number {
  return new Date(date.year, date.month - 1, date.day, time.hours, time.minutes).getTime();
}
