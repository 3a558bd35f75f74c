import { browser } from 'wxt/browser';

/**
 * Which translation engine the organisation chose, and how to reach it. Customer text goes to
 * that engine and no other: with nothing chosen, the browser's on-device translator is used where
 * the browser has one (text never leaves the machine), otherwise translation stays off.
 */
export type TranslationEngineChoice = 'browser' | 'apertium' | 'libretranslate' | 'deepl' | 'none';

export interface TranslationSettingsRecord {
  /** Absent until someone chooses; see effectiveEngine(). */
  engine?: TranslationEngineChoice;
  /** Apertium APy or LibreTranslate address; DeepL endpoint override. */
  url?: string;
  /** LibreTranslate or DeepL key. */
  apiKey?: string;
  /** The agent's name for `{{agent.name}}`. */
  agentName?: string;
}

export const TRANSLATION_SETTINGS_KEY = 'translationSettings';

export const ENGINE_CHOICES: readonly TranslationEngineChoice[] = [
  'browser',
  'apertium',
  'libretranslate',
  'deepl',
  'none',
];

/** The engine in force: the chosen one, else on-device when the browser offers it, else none. */
export function effectiveEngine(
  settings: TranslationSettingsRecord,
  browserHasTranslator: boolean,
): TranslationEngineChoice {
  if (settings.engine) return settings.engine;
  return browserHasTranslator ? 'browser' : 'none';
}

/** Plain-language problems with a settings record; empty when it can be saved. */
export function validateTranslationSettings(settings: TranslationSettingsRecord): string[] {
  const problems: string[] = [];
  if (settings.engine && !ENGINE_CHOICES.includes(settings.engine)) {
    problems.push(`Unknown translation engine "${settings.engine}".`);
  }
  const needsUrl = settings.engine === 'apertium' || settings.engine === 'libretranslate';
  if (needsUrl && !settings.url?.trim()) problems.push('Enter the address of the translation server.');
  if (settings.url?.trim()) {
    try {
      const url = new URL(settings.url.trim());
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        problems.push('The server address must start with http:// or https://.');
      }
    } catch {
      problems.push('The server address is not a valid URL.');
    }
  }
  if (settings.engine === 'deepl' && !settings.apiKey?.trim()) problems.push('Enter the DeepL API key.');
  return problems;
}

export async function readTranslationSettings(): Promise<TranslationSettingsRecord> {
  const stored = await browser.storage.local.get(TRANSLATION_SETTINGS_KEY);
  const value = stored[TRANSLATION_SETTINGS_KEY];
  return value && typeof value === 'object' ? (value as TranslationSettingsRecord) : {};
}

export async function writeTranslationSettings(settings: TranslationSettingsRecord): Promise<void> {
  const problems = validateTranslationSettings(settings);
  if (problems.length > 0) throw new Error(problems.join(' '));
  await browser.storage.local.set({ [TRANSLATION_SETTINGS_KEY]: settings });
}
