import { memo } from '../memo';
import type { SidebarEnv } from '../ui-context';
import { TimelineView } from './TimelineView';
import { type TimelineStart, useTimeline } from './useTimeline';

/**
 * Heading, paging status and the windowed list of one customer's messages from every channel.
 * Memoised: a new card (a note, a tag) does not render the list again.
 */
export const TimelineSection = memo(function TimelineSection({
  env,
  customerId,
  reloadKey,
  start,
}: {
  env: SidebarEnv;
  customerId: string;
  reloadKey: string;
  start: TimelineStart | null;
}) {
  const { t } = env;
  const data = useTimeline(env, customerId, reloadKey, start);
  let status = '';
  if (data.loading && data.messages.length > 0) status = t('timeline.loadingOlder');
  else if (!data.hasOlder && data.messages.length > 0) status = t('timeline.start');
  return (
    <section class="timeline" id="section-timeline" aria-labelledby="timeline-heading">
      <div class="timeline-head">
        <h2 id="timeline-heading" class="label" tabIndex={-1}>
          {t('timeline.heading')}
        </h2>
        <span class="muted small" role="status" data-testid="timeline-status">
          {status}
        </span>
      </div>
      {!data.loading && data.messages.length === 0 ? (
        <p class="muted empty">{t('timeline.empty')}</p>
      ) : (
        <TimelineView env={env} data={data} />
      )}
    </section>
  );
});
