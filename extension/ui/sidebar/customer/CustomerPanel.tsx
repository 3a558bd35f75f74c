import type { CustomerSnapshot } from '../../../../background/customer-types';
import { TimelineSection } from '../timeline/TimelineSection';
import type { SidebarEnv } from '../ui-context';
import { CustomerStats } from './CustomerStats';
import { DataActions } from './DataActions';
import { IdentityList } from './IdentityList';
import { MergeHistory } from './MergeHistory';
import { NotesSection } from './NotesSection';
import { PriorityControl } from './PriorityControl';
import { SuggestionList } from './SuggestionList';
import { TagEditor } from './TagEditor';

/** The customer behind the open chat: card, suggestions, merges, and the merged timeline. */
export function CustomerPanel({ env, snapshot }: { env: SidebarEnv; snapshot: CustomerSnapshot }) {
  const { t } = env;
  const { view } = snapshot;
  const customer = view.customer;
  const name = customer.name ?? t('customer.unnamed');
  const now = Date.now();
  // A merge or split changes which threads make up the history: the timeline starts over.
  const threadsKey = view.threads
    .map((thread) => thread.id)
    .sort()
    .join(',');
  return (
    <>
      <div class="customer-pane" data-testid="customer" data-customer-id={customer.id}>
        <SuggestionList env={env} customerId={customer.id} suggestions={snapshot.suggestions} />
        <section class="card" aria-labelledby="customer-heading">
          <h2 id="customer-heading" class="label">
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
      <TimelineSection env={env} customerId={customer.id} reloadKey={`${customer.id}|${threadsKey}`} />
    </>
  );
}
