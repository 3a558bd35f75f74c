/**
 * What the sidebar says when a translation cannot be done, in the agent's language: translation
 * is off, the engine lacks the language pair (and which engines have it), or the engine failed.
 */
import type { UnsupportedPair } from '../../../../background/replies/reply-types';
import type { MessageKey } from '../../../i18n/messages';
import type { TranslationEngineChoice } from '../../../settings/translation';
import type { SidebarEnv } from '../ui-context';

type Translate = SidebarEnv['t'];

const LANG_KEYS = new Set(['en', 'es', 'pt', 'th', 'vi', 'id', 'und']);

export function languageName(t: Translate, code: string): string {
  return LANG_KEYS.has(code) ? t(`lang.${code}` as MessageKey) : code;
}

export function engineName(t: Translate, engine: TranslationEngineChoice): string {
  return t(`replies.engine.${engine}` as MessageKey);
}

/** "Apertium (self-hosted) cannot translate Thai → English. Engines that can, …: …" */
export function unsupportedPairText(
  t: Translate,
  engine: TranslationEngineChoice,
  pair: UnsupportedPair,
): string {
  const first = t('replies.unsupportedPair', {
    engine: engineName(t, engine),
    from: languageName(t, pair.from),
    to: languageName(t, pair.to),
  });
  const engines = pair.alternatives.map((e) => engineName(t, e)).join(', ');
  const second = engines
    ? t('replies.unsupportedPairEngines', { engines })
    : t('replies.unsupportedPairNoEngine');
  return `${first} ${second}`;
}

export interface TranslationProblem {
  engine: TranslationEngineChoice;
  reason: string;
  message: string;
  unsupported?: UnsupportedPair;
}

export function translationProblemText(t: Translate, problem: TranslationProblem): string {
  if (problem.reason === 'not-configured') return t('replies.translationOff');
  if (problem.unsupported) return unsupportedPairText(t, problem.engine, problem.unsupported);
  return t('replies.unreachable', { message: problem.message });
}
