import type { SuggestionView } from '../../../../background/customer-types';
import type { SidebarEnv } from '../ui-context';

interface Props {
  env: SidebarEnv;
  customerId: string;
  suggestions: readonly SuggestionView[];
}

/** Weak signals the store found; one click merges, one click says "someone else". */
export function SuggestionList({ env, customerId, suggestions }: Props) {
  const { t } = env;
  if (suggestions.length === 0) return null;
  return (
    <section class="card suggestions" aria-labelledby="suggestions-heading" data-testid="suggestions">
      <h2 id="suggestions-heading" class="label">
        {t('suggestions.heading')}
      </h2>
      <ul>
        {suggestions.map((suggestion) => {
          const name = suggestion.other?.name ?? t('suggestions.unknown');
          return (
            <li key={suggestion.id} class="suggestion" data-testid="suggestion">
              <p class="suggestion-name">{name}</p>
              <ul class="reasons muted">
                {suggestion.reasons.map((reason) => (
                  <li key={`${reason.reason}:${reason.detail}`}>
                    {reason.reason === 'similar-name'
                      ? t('suggestions.similarName', { detail: reason.detail })
                      : t('suggestions.typedIdentifier', { detail: reason.detail })}
                  </li>
                ))}
              </ul>
              <div class="actions">
                <button
                  type="button"
                  class="button primary"
                  data-testid="confirm-suggestion"
                  aria-label={t('suggestions.confirmLabel', { name })}
                  onClick={() =>
                    void env.connection.api.confirmSuggestion(suggestion.id).catch(env.reportError)
                  }
                >
                  {t('suggestions.confirm')}
                </button>
                <button
                  type="button"
                  class="button"
                  data-testid="dismiss-suggestion"
                  aria-label={t('suggestions.dismissLabel', { name })}
                  onClick={() =>
                    void env.connection.api
                      .dismissSuggestion(suggestion.id, customerId)
                      .catch(env.reportError)
                  }
                >
                  {t('suggestions.dismiss')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
