/**
 * Phone numbers are compared in E.164 only. Parsing uses the full ("max") metadata so that a
 * number the customer typed is rejected unless it is really dialable, not merely the right length:
 * a wrong phone identity would merge two strangers automatically.
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneStrictness = 'valid' | 'possible';

/** A region hint such as "BR" or "pt-BR"; anything unusable is ignored rather than guessed. */
export function regionFromHint(hint: string | null | undefined): CountryCode | undefined {
  if (!hint) return undefined;
  const candidate = hint.includes('-') || hint.includes('_') ? hint.split(/[-_]/).pop() : hint;
  const upper = candidate?.toUpperCase();
  return upper && isSupportedCountry(upper) ? (upper as CountryCode) : undefined;
}

/**
 * Returns the E.164 form ("+5511987654321") or null when the text is not a phone number.
 * `strictness: 'possible'` is for numbers WhatsApp itself has verified (the user part of an
 * `@c.us` JID, a Cloud API `wa_id`): metadata lags behind new number ranges, but WhatsApp does not.
 */
export function normalizePhone(
  raw: string,
  region?: string | null,
  strictness: PhoneStrictness = 'valid',
): string | null {
  const text = raw.trim();
  if (!/\d/.test(text)) return null;
  const country = regionFromHint(region);
  const attempts = [text];
  // "0044 …" is the international prefix of most of Europe, but not of the region hint in every
  // case (Brazil and the US use other prefixes); read a leading 00 as "+" when the hint fails.
  if (/^00[1-9]/.test(text.replace(/[\s().-]/g, ''))) attempts.push(`+${text.replace(/^\s*00/, '')}`);
  for (const attempt of attempts) {
    const parsed = parsePhoneNumberFromString(attempt, country);
    if (!parsed) continue;
    const acceptable = strictness === 'valid' ? parsed.isValid() : parsed.isPossible();
    if (acceptable) return parsed.number;
  }
  return null;
}

/** E.164 from bare international digits ("15551234567"), as WhatsApp writes them. */
export function phoneFromInternationalDigits(digits: string): string | null {
  if (!/^[1-9]\d{6,14}$/.test(digits)) return null;
  return normalizePhone(`+${digits}`, undefined, 'possible');
}
