import { useState } from 'preact/hooks';
import { exportFileName } from '../format';
import type { SidebarEnv } from '../ui-context';

/** The agent's copy of a customer's data (JSON download) and erasure, with a confirmation step. */
export function DataActions({
  env,
  customerId,
  name,
}: {
  env: SidebarEnv;
  customerId: string;
  name: string;
}) {
  const { t } = env;
  const [confirming, setConfirming] = useState(false);

  const download = async () => {
    const data = await env.connection.api.exportCustomer(customerId);
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = exportFileName(data.customer.name, data.exportedAt);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section class="block" aria-labelledby="data-heading">
      <h3 id="data-heading" class="label">
        {t('data.heading')}
      </h3>
      {confirming ? (
        <div
          class="confirm"
          role="alertdialog"
          aria-labelledby="delete-question"
          data-testid="delete-confirm"
        >
          <p id="delete-question">{t('data.confirmDelete', { name })}</p>
          <div class="actions">
            <button
              type="button"
              class="button danger"
              data-testid="delete-confirmed"
              onClick={() =>
                void env.connection.api
                  .deleteCustomer(customerId)
                  .then(() => setConfirming(false))
                  .catch(env.reportError)
              }
            >
              {t('data.confirm')}
            </button>
            {/* biome-ignore lint/a11y/noAutofocus: the safe choice gets focus when the question opens */}
            <button type="button" class="button" autoFocus onClick={() => setConfirming(false)}>
              {t('data.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button
            type="button"
            class="button"
            data-testid="export"
            onClick={() => void download().catch(env.reportError)}
          >
            {t('data.export')}
          </button>
          <button
            type="button"
            class="button danger-outline"
            data-testid="delete"
            onClick={() => setConfirming(true)}
          >
            {t('data.delete')}
          </button>
        </div>
      )}
    </section>
  );
}
