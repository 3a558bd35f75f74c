/**
 * Which engines can translate between Switchboard's languages at all, by their published
 * language lists, so that when the chosen engine cannot do a pair the agent is told which ones
 * could. This is guidance, not a promise: a LibreTranslate server has only the models its admin
 * installed, DeepL's languages depend on the plan, and the browser's translator on its version.
 *
 * - Apertium (Debian packages): English↔Spanish, Spanish↔Portuguese, and English↔Portuguese
 *   through Spanish. No Thai or Vietnamese pair exists; Indonesian only with Malay.
 * - The browser's on-device Translator (Chrome 138+), LibreTranslate (Argos models) and DeepL
 *   list all six of en, es, pt, th, vi, id.
 */
import type { EngineId } from './engine';

const APERTIUM_LANGUAGES = new Set(['en', 'es', 'pt']);
const BROAD_LANGUAGES = new Set(['en', 'es', 'pt', 'th', 'vi', 'id']);

const COVERAGE: Readonly<Record<EngineId, ReadonlySet<string>>> = {
  browser: BROAD_LANGUAGES,
  apertium: APERTIUM_LANGUAGES,
  libretranslate: BROAD_LANGUAGES,
  deepl: BROAD_LANGUAGES,
};

/** In the order the settings list them. */
const ENGINE_ORDER: readonly EngineId[] = ['browser', 'apertium', 'libretranslate', 'deepl'];

export function engineCovers(engine: EngineId, from: string, to: string): boolean {
  const languages = COVERAGE[engine];
  return from !== to && languages.has(from) && languages.has(to);
}

/** Engines other than `except` that list both languages. */
export function enginesFor(from: string, to: string, except?: EngineId | 'none'): EngineId[] {
  return ENGINE_ORDER.filter((engine) => engine !== except && engineCovers(engine, from, to));
}
