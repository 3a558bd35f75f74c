import { useState } from 'preact/hooks';
import type { TeamStatus } from '../../../../background/sync/team-types';
import { errorText, type SidebarEnv } from '../ui-context';

interface Props {
  env: SidebarEnv;
  status: TeamStatus;
  onDone: (status: TeamStatus) => void;
  onCancel?: () => void;
}

/** Joins a team once: name and email (plus address and code unless the policy sets them). */
export function EnrollForm({ env, status, onDone, onCancel }: Props) {
  const { t } = env;
  const [backendUrl, setBackendUrl] = useState(status.backendUrl ?? '');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const askAddress = !status.managed;
  const askCode = !(status.managed && status.hasCode);

  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    env.connection.api
      .enrollTeam({
        ...(askAddress ? { backendUrl } : {}),
        ...(askCode ? { enrollmentCode: code } : {}),
        name,
        email,
      })
      .then(onDone)
      .catch((error: unknown) => setProblem(errorText(error)))
      .finally(() => setBusy(false));
  };

  const field = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    mode: 'text' | 'url' | 'email' = 'text',
  ) => (
    <label class="team-field" for={id}>
      <span class="label">{label}</span>
      <input
        id={id}
        class="field"
        type="text"
        inputMode={mode}
        spellcheck={false}
        value={value}
        required
        data-testid={id}
        onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );

  return (
    <form class="team-enroll" data-testid="team-enroll-form" onSubmit={submit}>
      {status.managed && <p class="muted small">{t('team.setupManaged')}</p>}
      {askAddress && field('team-url', t('team.backendUrl'), backendUrl, setBackendUrl, 'url')}
      {askCode && field('team-code', t('team.code'), code, setCode)}
      {field('team-name', t('team.name'), name, setName)}
      {field('team-email', t('team.email'), email, setEmail, 'email')}
      {problem && (
        <p class="warning-text" role="alert" data-testid="team-enroll-error">
          {problem}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy} data-testid="team-enroll">
          {busy ? t('team.enrolling') : t('team.enroll')}
        </button>
        {onCancel && (
          <button type="button" class="button" onClick={onCancel}>
            {t('team.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
