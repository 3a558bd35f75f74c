import { useEffect, useState } from 'preact/hooks';
import type { PriorityRule } from '../../../../background/customer-types';
import type { SidebarEnv } from '../ui-context';
import { parseThreshold, readThresholds, withThresholds } from './priority-thresholds';

/** The team's priority thresholds: inquiries per 30 days, returns/refunds per 90 days. */
export function RulesPanel({ env, onClose }: { env: SidebarEnv; onClose: () => void }) {
  const { t } = env;
  const [rules, setRules] = useState<PriorityRule[] | null>(null);
  const [inquiries, setInquiries] = useState('');
  const [refunds, setRefunds] = useState('');
  const [status, setStatus] = useState<'idle' | 'saved' | 'invalid'>('idle');

  useEffect(() => {
    env.connection.api
      .getPriorityRules()
      .then((loaded) => {
        const thresholds = readThresholds(loaded);
        setRules(loaded);
        setInquiries(String(thresholds.inquiriesPer30Days));
        setRefunds(String(thresholds.refundsPer90Days));
      })
      .catch(env.reportError);
  }, [env]);

  const save = (event: Event) => {
    event.preventDefault();
    const inquiriesPer30Days = parseThreshold(inquiries);
    const refundsPer90Days = parseThreshold(refunds);
    if (!rules || inquiriesPer30Days === null || refundsPer90Days === null) {
      setStatus('invalid');
      return;
    }
    const next = withThresholds(rules, { inquiriesPer30Days, refundsPer90Days });
    env.connection.api
      .setPriorityRules(next)
      .then(() => {
        setRules(next);
        setStatus('saved');
      })
      .catch(env.reportError);
  };

  return (
    <section class="card settings" aria-labelledby="settings-heading" data-testid="rules-panel">
      <div class="settings-head">
        <h2 id="settings-heading" class="label">
          {t('settings.heading')}
        </h2>
        <button type="button" class="icon-button" aria-label={t('settings.close')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <p class="muted">{t('settings.intro')}</p>
      <form onSubmit={save}>
        <label class="setting">
          <span>{t('settings.inquiries')}</span>
          <input
            class="field number"
            type="number"
            min={0}
            max={999}
            step={1}
            value={inquiries}
            data-testid="threshold-inquiries"
            onInput={(e) => setInquiries((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="setting">
          <span>{t('settings.refunds')}</span>
          <input
            class="field number"
            type="number"
            min={0}
            max={999}
            step={1}
            value={refunds}
            data-testid="threshold-refunds"
            onInput={(e) => setRefunds((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <div class="actions">
          <button type="submit" class="button primary" data-testid="save-rules" disabled={rules === null}>
            {t('settings.save')}
          </button>
          <span role="status" class={status === 'invalid' ? 'warning-text' : 'muted'}>
            {status === 'saved' && t('settings.saved')}
            {status === 'invalid' && t('settings.invalid')}
          </span>
        </div>
      </form>
    </section>
  );
}
