import type { Priority } from '../../../../background/customer-types';
import type { RuleEvaluation } from '../../../../background/rules/evaluate';
import type { MessageKey } from '../../../i18n/messages';
import type { SidebarEnv } from '../ui-context';

const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'vip'];

interface Props {
  env: SidebarEnv;
  customerId: string;
  priority: Priority;
  rules: RuleEvaluation;
}

/** The agent-set priority, and the flag the team's rules raised (shown with why). */
export function PriorityControl({ env, customerId, priority, rules }: Props) {
  const { t } = env;
  const flagged = rules.flags.includes('priority');
  return (
    <div class="priority-row">
      <label class="priority-label" for="priority-select">
        {t('customer.priority')}
      </label>
      <select
        id="priority-select"
        class="field select"
        value={priority}
        data-testid="priority"
        onChange={(e) =>
          void env.connection.api
            .setPriority(customerId, (e.currentTarget as HTMLSelectElement).value as Priority)
            .catch(env.reportError)
        }
      >
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {t(`priority.${p}` as MessageKey)}
          </option>
        ))}
      </select>
      {flagged && (
        <span
          class="flag"
          data-testid="priority-flag"
          title={t('customer.flagBecause', { rules: rules.matches.map((m) => m.name).join(', ') })}
        >
          {t('customer.flagPriority')}
        </span>
      )}
    </div>
  );
}
