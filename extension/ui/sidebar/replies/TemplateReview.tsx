import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TemplateReviewItem } from '../../../../background/replies/reply-types';
import type { ReviewReason } from '../../../../background/suggestions/template-stats';
import { errorText, type SidebarEnv } from '../ui-context';

function reasonText(t: SidebarEnv['t'], reason: ReviewReason): string {
  return reason.kind === 'not-reviewed'
    ? t('replies.reviewNotReviewed', { days: reason.days })
    : t('replies.reviewDropped', {
        previous: Math.round(reason.previousRate * 100),
        recent: Math.round(reason.recentRate * 100),
      });
}

/**
 * Which templates agents use, send as they are, or keep rewording, and which are due for a look
 * (not reviewed for 90 days, or chosen less often than before). Loaded when shown, not per chat.
 */
export function TemplateReview({ env }: { env: SidebarEnv }) {
  const { t, connection } = env;
  const [items, setItems] = useState<TemplateReviewItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    connection.api
      .getTemplateReview()
      .then((next) => {
        setItems(next);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [connection]);
  useEffect(load, [load]);

  return (
    <div class="template-review" data-testid="template-review">
      <h3 class="replies-subheading">{t('replies.review')}</h3>
      <p class="muted">{t('replies.reviewIntro')}</p>
      <button type="button" data-testid="template-review-refresh" onClick={load}>
        {t('replies.reviewRefresh')}
      </button>
      {error && (
        <p class="translation-error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p class="muted">{t('replies.reviewNone')}</p>}
      <ul>
        {items?.map((item) => (
          <li
            key={item.templateId}
            data-testid="template-review-item"
            data-template-id={item.templateId}
            data-sent={item.sent}
            data-edited={item.edited}
          >
            <span class="reply-title">
              {item.title} <span class="muted">{item.shortcut}</span>
            </span>
            <span class="muted" data-testid="template-review-counts">
              {t('replies.reviewCounts', {
                suggested: item.suggested,
                chosen: item.chosen,
                sent: item.sent,
                edited: item.edited,
              })}
            </span>
            {item.reasons.map((reason) => (
              <span key={reason.kind} class="translation-error">
                {reasonText(t, reason)}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
