/**
 * The languages Switchboard detects and suggests replies in, and the code conversions engines
 * need: the extension speaks ISO 639-1 ("en"), Apertium speaks ISO 639-3 ("eng"), DeepL wants
 * upper case with a region for some targets.
 */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'pt', 'th', 'vi', 'id'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** "und" (ISO 639-2 "undetermined") when a message is too short or has no words to judge. */
export type DetectedLanguage = SupportedLanguage | 'und';

export function isSupportedLanguage(code: string): code is SupportedLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(code);
}

// Beyond our six, the other languages Apertium pairs on Debian touch, so a chain that passes
// through them (e.g. Catalan, Galician) can still be named.
const ISO1_TO_ISO3: Readonly<Record<string, string>> = {
  en: 'eng',
  es: 'spa',
  pt: 'por',
  th: 'tha',
  vi: 'vie',
  id: 'ind',
  ca: 'cat',
  gl: 'glg',
  fr: 'fra',
  it: 'ita',
  ro: 'ron',
  eu: 'eus',
  oc: 'oci',
  eo: 'epo',
  ms: 'zlm',
};

const ISO3_TO_ISO1: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ISO1_TO_ISO3).map(([two, three]) => [three, two]),
);

/** ISO 639-1 → 639-3; undefined for a code we have no mapping for. */
export function toIso3(code: string): string | undefined {
  return ISO1_TO_ISO3[code.toLowerCase()];
}

/**
 * ISO 639-3 (optionally with a variant such as Apertium's "por_BR" or "eng_US") → 639-1.
 * The variant is dropped: our languages are not region-specific.
 */
export function toIso1(code: string): string | undefined {
  const base = code.toLowerCase().split(/[_-]/)[0] ?? '';
  return ISO3_TO_ISO1[base];
}
