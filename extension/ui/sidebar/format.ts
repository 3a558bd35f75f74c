/** Dates and numbers as the agent's locale writes them. Pure; unit-tested. */

const DAY_MS = 86_400_000;
const STYLES = {
  date: { dateStyle: 'short' },
  time: { timeStyle: 'short' },
  dateTime: { dateStyle: 'short', timeStyle: 'short' },
  medium: { dateStyle: 'medium' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and rows format on every render: one per locale and style. */
function formatter(locale: string, style: keyof typeof STYLES, timeZone?: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    const options = STYLES[style];
    format = new Intl.DateTimeFormat(locale, timeZone ? { ...options, timeZone } : options);
    formats.set(key, format);
  }
  return format;
}

/** Whether two instants fall on the same calendar day in the time zone (default: the browser's). */
function sameDay(a: number, b: number, locale: string, timeZone?: string): boolean {
  if (timeZone === undefined) {
    // The browser's own zone, as Date's local fields give it: no formatter to build for this.
    const x = new Date(a);
    const y = new Date(b);
    return (
      x.getDate() === y.getDate() && x.getMonth() === y.getMonth() && x.getFullYear() === y.getFullYear()
    );
  }
  const day = formatter(locale, 'date', timeZone);
  return day.format(a) === day.format(b);
}

/** A message time: just the time today, the date and time otherwise. */
export function formatMessageTime(timestamp: number, now: number, locale: string, timeZone?: string): string {
  return sameDay(timestamp, now, locale, timeZone)
    ? formatter(locale, 'time', timeZone).format(timestamp)
    : formatter(locale, 'dateTime', timeZone).format(timestamp);
}

/** A contact date on the card: the date, with the time when it was within the last day. */
export function formatContact(
  timestamp: number | null,
  now: number,
  locale: string,
  timeZone?: string,
): string | null {
  if (timestamp === null) return null;
  if (now - timestamp < DAY_MS) return formatMessageTime(timestamp, now, locale, timeZone);
  return formatter(locale, 'medium', timeZone).format(timestamp);
}

/** Thread-scoped handles are stored as "<account>/<thread id>"; the agent only needs the id. */
export function displayHandle(kind: string, value: string): string {
  if (kind === 'messenger_thread' || kind === 'ig_thread') return value.slice(value.indexOf('/') + 1);
  if (kind === 'ig_username') return `@${value}`;
  return value;
}

/** A file name for an export: letters and digits of the name, then the date. */
export function exportFileName(name: string | null, at: number): string {
  const slug = (name ?? 'customer')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  const date = new Date(at).toISOString().slice(0, 10);
  return `switchboard-${slug || 'customer'}-${date}.json`;
}
