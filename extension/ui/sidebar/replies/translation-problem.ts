/**
 * What the sidebar says when a translation cannot be done, in the agent's language: translation
 * is off, the engine lacks the language pair (and which engines have it), or the engine failed;
 * and why engine settings were not saved (access to the engine's server refused).
 */
import type { UnsupportedPair } from '../../../../background/replies/reply-types';
import type { MessageKey } from '../../../i18n/messages';
import type { EngineAccess } from '../../../settings/engine-permission';
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
  accessMissing?: string;
}

export function translationProblemText(t: Translate, problem: TranslationProblem): string {
  if (problem.reason === 'not-configured') return t('replies.translationOff');
  if (problem.unsupported) return unsupportedPairText(t, problem.engine, problem.unsupported);
  const unreachable = t('replies.unreachable', { message: problem.message });
  return problem.accessMissing
    ? `${unreachable} ${t('replies.accessMissing', { origin: problem.accessMissing })}`
    : unreachable;
}

/** Why the settings were not saved, in words; null when the engine's server may be reached. */
export function engineAccessProblem(t: Translate, access: EngineAccess): string | null {
  switch (access.kind) {
    case 'refused':
      return t('replies.permissionRefused', { origin: access.origin });
    case 'failed':
      return t('replies.permissionFailed', { origin: access.origin, message: access.message });
    default:
      return null;
  }
}
