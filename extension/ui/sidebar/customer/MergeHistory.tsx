import type { UndoableChange } from '../../../../background/customer-types';
import type { Translate } from '../../../i18n/messages';
import type { SidebarEnv } from '../ui-context';

function describe(change: UndoableChange, t: Translate): string {
  const name = change.otherName ?? t('suggestions.unknown');
  if (change.kind === 'unlink') return t('merges.split', { name });
  if (change.kind === 'auto') return t('merges.auto', { name, reason: change.reason });
  return t('merges.merged', { name });
}

/** Every merge and split of this customer that is not undone yet, each with one-click undo. */
export function MergeHistory({ env, changes }: { env: SidebarEnv; changes: readonly UndoableChange[] }) {
  const { t } = env;
  if (changes.length === 0) return null;
  return (
    <section class="card" aria-labelledby="merges-heading" data-testid="merges">
      <h2 id="merges-heading" class="label">
        {t('merges.heading')}
      </h2>
      <ul>
        {changes.map((change) => {
          const what = describe(change, t);
          return (
            <li key={change.mergeId} class={change.flagged ? 'merge flagged' : 'merge'} data-testid="merge">
              <p>{what}</p>
              {change.flagged && <p class="warning-text">{t('merges.flagged')}</p>}
              <button
                type="button"
                class="button"
                data-testid="undo-merge"
                aria-label={t('merges.undoLabel', { what })}
                onClick={() => void env.connection.api.undoMerge(change.mergeId).catch(env.reportError)}
              >
                {t('merges.undo')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
