/**
 * Language detection for short customer-service chat messages, on-device (tinyld, pure JS, runs
 * in the MV3 service worker; see the commit that added it for why this detector).
 *
 * The guess is restricted to the languages we support: chat messages are short, and letting a
 * detector pick among ~60 languages turns "obrigado pela ajuda" into Galician. When the text is
 * too short to judge (a lone "ok", emoji, a number) or the detector is unsure, the answer is
 * "und" so callers fall back to the conversation's earlier messages instead of guessing.
 */
import { detectAll } from 'tinyld';
import { type DetectedLanguage, SUPPORTED_LANGUAGES, type SupportedLanguage } from './languages';

export interface LanguageGuess {
  lang: DetectedLanguage;
  /** 0..1; 0 for "und". */
  confidence: number;
}

export interface DetectOptions {
  /** Restrict the guess to these (default: all supported languages). */
  languages?: readonly SupportedLanguage[];
  /** Below this the answer is "und". */
  minConfidence?: number;
}

// Confidence is the winner's lead over the runner-up (0..1). Spanish and Portuguese share most
// short words, so a correct guess between them can lead by as little as ~0.15; below 0.1 it is
// a coin toss and "und" is more useful.
const DEFAULT_MIN_CONFIDENCE = 0.1;
const MIN_LETTERS = 4;

const URL_OR_EMAIL_OR_MENTION = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|@\w+/giu;
const NOT_LETTER = /[^\p{L}\p{M}\s]/gu;
const THAI_LETTER = /[\u0e00-\u0e7f]/gu;
const LETTER = /\p{L}/gu;

/**
 * Very short messages the statistics cannot judge but that are unambiguous: whole-message
 * greetings and thanks. Words shared between our languages ("ok", "no", "hi" in Indonesian
 * chats) are deliberately absent.
 */
const SHORT_MESSAGE_LEXICON: Readonly<Record<string, SupportedLanguage>> = {
  hello: 'en',
  hey: 'en',
  thanks: 'en',
  'thank you': 'en',
  thx: 'en',
  hola: 'es',
  gracias: 'es',
  'muchas gracias': 'es',
  'buenos dias': 'es',
  'buenos días': 'es',
  'buenas tardes': 'es',
  'buenas noches': 'es',
  oi: 'pt',
  olá: 'pt',
  obrigado: 'pt',
  obrigada: 'pt',
  valeu: 'pt',
  'bom dia': 'pt',
  'boa tarde': 'pt',
  'boa noite': 'pt',
  'cảm ơn': 'vi',
  'cám ơn': 'vi',
  'cam on': 'vi',
  'xin chào': 'vi',
  'xin chao': 'vi',
  'chào shop': 'vi',
  'terima kasih': 'id',
  makasih: 'id',
  'selamat pagi': 'id',
  'selamat siang': 'id',
  'selamat malam': 'id',
};

/**
 * Vietnamese typed without accents ("sao minh bi tru tien") is plain ASCII made of short
 * syllables, which character n-gram detectors read as Indonesian or English. These syllables are
 * common in Vietnamese chat and rare as whole words in our other languages; three or more of
 * them outvote the n-grams.
 */
const UNACCENTED_VIETNAMESE = new Set(
  (
    'khong duoc minh roi nha vay bi cua giup hom ngay xai chua nhan lam voi gui mua tra nay ' +
    'cai toi hai lan tien hu keo phai tre sao dau giao doi kiem xem lai nua thi ma'
  ).split(' '),
);
const UNACCENTED_VIETNAMESE_MIN_HITS = 3;

function countUnaccentedVietnamese(cleaned: string): number {
  let hits = 0;
  for (const word of cleaned.toLowerCase().split(' ')) if (UNACCENTED_VIETNAMESE.has(word)) hits++;
  return hits;
}

function cleanForDetection(text: string): string {
  return text.replace(URL_OR_EMAIL_OR_MENTION, ' ').replace(NOT_LETTER, ' ').replace(/\s+/g, ' ').trim();
}

const UNDETERMINED: LanguageGuess = { lang: 'und', confidence: 0 };

export function detectLanguage(text: string, options: DetectOptions = {}): LanguageGuess {
  const languages = options.languages ?? SUPPORTED_LANGUAGES;
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const cleaned = cleanForDetection(text);
  if (cleaned === '') return UNDETERMINED;

  const lexiconHit = SHORT_MESSAGE_LEXICON[cleaned.toLowerCase()];
  if (lexiconHit && languages.includes(lexiconHit)) return { lang: lexiconHit, confidence: 1 };

  const letters = cleaned.match(LETTER)?.length ?? 0;
  // Thai script is used by no other language we support: a message mostly in Thai is Thai,
  // whatever Latin words ("size M", "error") are mixed in.
  const thaiLetters = cleaned.match(THAI_LETTER)?.length ?? 0;
  if (languages.includes('th') && thaiLetters >= 2 && thaiLetters * 2 >= letters) {
    return { lang: 'th', confidence: 1 };
  }
  if (letters < MIN_LETTERS) return UNDETERMINED;

  const ranked = detectAll(cleaned, { only: [...languages] });
  const best = ranked[0];
  if (
    languages.includes('vi') &&
    best?.lang !== 'vi' &&
    countUnaccentedVietnamese(cleaned) >= UNACCENTED_VIETNAMESE_MIN_HITS
  ) {
    return { lang: 'vi', confidence: 0.5 };
  }
  if (!best || best.accuracy <= 0) return UNDETERMINED;
  const runnerUp = ranked[1]?.accuracy ?? 0;
  const confidence = (best.accuracy - runnerUp) / best.accuracy;
  if (confidence < minConfidence) return UNDETERMINED;
  return { lang: best.lang as SupportedLanguage, confidence };
}

/**
 * The language of a conversation from its latest customer messages (newest last): the newest
 * message that has a language wins; short replies like "ok 👍" in between do not reset it.
 */
export function conversationLanguage(
  messages: ReadonlyArray<{ text: string; lang?: DetectedLanguage }>,
  fallback: DetectedLanguage = 'und',
): DetectedLanguage {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    const lang = message.lang ?? detectLanguage(message.text).lang;
    if (lang !== 'und') return lang;
  }
  return fallback;
}
