import type { CustomerView } from '../../../../background/customer-types';
import { formatContact } from '../format';
import type { SidebarEnv } from '../ui-context';

export function CustomerStats({
  env,
  stats,
  now,
}: {
  env: SidebarEnv;
  stats: CustomerView['stats'];
  now: number;
}) {
  const { t, locale } = env;
  const none = t('customer.noContact');
  return (
    <dl class="stats" data-testid="stats">
      <div>
        <dt>{t('customer.firstContact')}</dt>
        <dd>{formatContact(stats.firstContact, now, locale) ?? none}</dd>
      </div>
      <div>
        <dt>{t('customer.lastContact')}</dt>
        <dd>{formatContact(stats.lastContact, now, locale) ?? none}</dd>
      </div>
      <div>
        <dt>{t('customer.inquiries30')}</dt>
        <dd data-testid="inquiries">{stats.inquiriesLast30Days}</dd>
      </div>
    </dl>
  );
}
