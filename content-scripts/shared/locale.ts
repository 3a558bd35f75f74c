/** UI languages every adapter ships string tables for (localized hooks are only ever a last resort). */
export type UiLocale = 'en' | 'es' | 'pt';
export const UI_LOCALES: readonly UiLocale[] = ['en', 'es', 'pt'];

/**
 * The page's UI language: all three apps set `<html lang>` to the language the user chose in the app,
 * which is also what their date formats follow. navigator.language is the fallback.
 */
export function pageLanguage(doc: Document): string {
  const lang = doc.documentElement.lang?.trim();
  return lang || (typeof navigator === 'undefined' ? 'en' : navigator.language) || 'en';
}

/** The string table to try first; the others are still tried after it (users mix languages). */
export function uiLocaleOf(lang: string): UiLocale {
  const base = lang.toLowerCase().split(/[-_]/)[0];
  return base === 'es' || base === 'pt' ? base : 'en';
}

/** Our locale first, then the rest: localized fallbacks match any shipped language. */
export function localesInOrder(lang: string): UiLocale[] {
  const first = uiLocaleOf(lang);
  return [first, ...UI_LOCALES.filter((l) => l !== first)];
}

const orderCache = new Map<string, 'DM' | 'MD'>();

/**
 * Whether a numeric date in this language puts the day or the month first, asked from the
 * browser's own CLDR data (Intl) rather than a hand-made list: en(-US) → M/D, en-GB, pt-BR, es,
 * de → D/M. Unknown or invalid tags fall back to D/M, the order most of the world uses.
 */
export function dayMonthOrder(lang: string): 'DM' | 'MD' {
  const cached = orderCache.get(lang);
  if (cached) return cached;
  let order: 'DM' | 'MD' = 'DM';
  try {
    const parts = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date(2025, 10, 17))
      .map((p) => p.type);
    order = parts.indexOf('month') < parts.indexOf('day') ? 'MD' : 'DM';
  } catch {
    // RangeError for a malformed lang attribute: keep the default.
  }
  orderCache.set(lang, order);
  return order;
}
