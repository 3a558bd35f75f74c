import { useLayoutEffect, useRef } from 'preact/hooks';
import type { CustomerSnapshot } from '../../../../background/customer-types';
import { markAfterPaint } from '../paint-mark';
import { TimelineSection } from '../timeline/TimelineSection';
import type { TimelineStart } from '../timeline/useTimeline';
import type { SidebarEnv } from '../ui-context';
import { CustomerStats } from './CustomerStats';
import { DataActions } from './DataActions';
import { IdentityList } from './IdentityList';
import { MergeHistory } from './MergeHistory';
import { NotesSection } from './NotesSection';
import { PriorityControl } from './PriorityControl';
import { SuggestionList } from './SuggestionList';
import { TagEditor } from './TagEditor';

/**
 * A merge or split changes which threads make up the history: the timeline starts over then.
 * The first thread list seen is not a change (the timeline may have loaded before the card).
 */
function useHistoryEpoch(customerId: string, threadsKey: string | null): number {
  const seen = useRef({ customerId, threadsKey, epoch: 0 });
  const last = seen.current;
  if (last.customerId !== customerId) seen.current = { customerId, threadsKey, epoch: last.epoch + 1 };
  else if (last.threadsKey === null) last.threadsKey = threadsKey;
  else if (threadsKey !== null && threadsKey !== last.threadsKey)
    seen.current = { customerId, threadsKey, epoch: last.epoch + 1 };
  return seen.current.epoch;
}

interface Props {
  env: SidebarEnv;
  customerId: string;
  /** null while the card is computed; the timeline already paints. */
  snapshot: CustomerSnapshot | null;
  /** The newest timeline page that came with the card, if it did. */
  timelineStart: TimelineStart | null;
}

/** The customer behind the open chat: card, suggestions, merges, and the merged timeline. */
export function CustomerPanel({ env, customerId, snapshot, timelineStart }: Props) {
  const { t } = env;
  const threadsKey = snapshot
    ? snapshot.view.threads
        .map((thread) => thread.id)
        .sort()
        .join(',')
    : null;
  const epoch = useHistoryEpoch(customerId, threadsKey);
  const hasCard = snapshot !== null;
  // For the first-paint benchmark: the moment the card is on screen (with the timeline's mark).
  useLayoutEffect(() => {
    if (hasCard) markAfterPaint('switchboard:card-painted');
  }, [hasCard]);
  const timeline = (
    <TimelineSection
      env={env}
      customerId={customerId}
      reloadKey={`${customerId}|${epoch}`}
      start={timelineStart}
    />
  );
  if (!snapshot) {
    return (
      <>
        <p class="card muted">{t('customer.loading')}</p>
        {timeline}
      </>
    );
  }
  const { view } = snapshot;
  const customer = view.customer;
  const name = customer.name ?? t('customer.unnamed');
  const now = Date.now();
  return (
    <>
      <div class="customer-pane" id="section-customer" data-testid="customer" data-customer-id={customer.id}>
        <SuggestionList env={env} customerId={customer.id} suggestions={snapshot.suggestions} />
        <section class="card" aria-labelledby="customer-heading">
          <h2 id="customer-heading" class="label" tabIndex={-1}>
            {t('customer.heading')}
          </h2>
          <p class="customer-name" data-testid="customer-name">
            {name}
          </p>
          {customer.aliases.length > 0 && (
            <p class="muted small">{t('customer.aliases', { names: customer.aliases.join(', ') })}</p>
          )}
          <PriorityControl
            env={env}
            customerId={customer.id}
            priority={customer.priority}
            rules={view.rules}
          />
          <CustomerStats env={env} stats={view.stats} now={now} />
          <IdentityList env={env} customerId={customer.id} identities={view.identities} />
          <TagEditor env={env} customerId={customer.id} tags={view.tags} />
          <NotesSection env={env} customerId={customer.id} notes={view.notes} now={now} />
          <DataActions env={env} customerId={customer.id} name={name} />
        </section>
        <MergeHistory env={env} changes={snapshot.undoable} />
      </div>
      {timeline}
    </>
  );
}
