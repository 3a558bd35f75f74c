import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageKey } from '../../../i18n/messages';
import { requestEngineAccess } from '../../../settings/engine-permission';
import {
  ENGINE_CHOICES,
  type TranslationEngineChoice,
  type TranslationSettingsRecord,
  validateTranslationSettings,
} from '../../../settings/translation';
import { errorText, type SidebarEnv } from '../ui-context';
import { engineAccessProblem } from './translation-problem';

/**
 * Which engine may see customer text. Folded away by default: it is chosen once per
 * organisation, not per chat.
 */
export function TranslationSettingsForm({ env }: { env: SidebarEnv }) {
  const { t, connection } = env;
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<TranslationSettingsRecord>({});
  const [engine, setEngine] = useState<TranslationEngineChoice>('none');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // What the agent changed since the form opened: the saved settings may answer after the agent
  // has already picked an engine or typed (the details' toggle event, which asks for them, itself
  // comes a task after the form is shown), and must not undo that: a controlled select would
  // also keep showing a choice its state no longer holds.
  const edits = useRef<{ engine: boolean; fields: TranslationSettingsRecord }>({ engine: false, fields: {} });
  const choose = (next: TranslationEngineChoice) => {
    edits.current.engine = true;
    setEngine(next);
  };
  const edit = (field: 'url' | 'apiKey' | 'agentName', value: string) => {
    edits.current.fields = { ...edits.current.fields, [field]: value };
    setForm((current) => ({ ...current, [field]: value }));
  };

  useEffect(() => {
    if (!open) return;
    connection.api
      .getTranslationSettings()
      .then((view) => {
        setForm({ ...view.settings, ...edits.current.fields });
        if (!edits.current.engine) setEngine(view.engine);
      })
      .catch((error: unknown) => setMessage({ ok: false, text: errorText(error) }));
  }, [open, connection]);

  const save = (e: Event) => {
    e.preventDefault();
    const next: TranslationSettingsRecord = { ...form, engine };
    const problems = validateTranslationSettings(next);
    if (problems.length > 0) {
      setMessage({ ok: false, text: problems.join(' ') });
      return;
    }
    // Asked here, synchronously in the submit: the browser only prompts during the agent's click.
    requestEngineAccess(next)
      .then((access) => {
        const problem = engineAccessProblem(t, access);
        if (problem) {
          setMessage({ ok: false, text: problem });
          return;
        }
        return connection.api.setTranslationSettings(next).then((view) => {
          setEngine(view.engine);
          setMessage({ ok: true, text: t('replies.settingsSaved') });
        });
      })
      .catch((error: unknown) => setMessage({ ok: false, text: errorText(error) }));
  };

  const needsUrl = engine === 'apertium' || engine === 'libretranslate' || engine === 'deepl';
  const needsKey = engine === 'libretranslate' || engine === 'deepl';
  return (
    <details
      class="replies-settings"
      data-testid="translation-settings"
      onToggle={(e) => {
        const nowOpen = (e.currentTarget as HTMLDetailsElement).open;
        if (!nowOpen) edits.current = { engine: false, fields: {} };
        setOpen(nowOpen);
      }}
    >
      <summary>{t('replies.settings')}</summary>
      <form onSubmit={save}>
        <label>
          <span>{t('replies.engine')}</span>
          <select
            data-testid="engine-select"
            value={engine}
            onChange={(e) => choose((e.target as HTMLSelectElement).value as TranslationEngineChoice)}
          >
            {ENGINE_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`replies.engine.${choice}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {needsUrl && (
          <label>
            <span>{t('replies.engineUrl')}</span>
            <input
              type="url"
              data-testid="engine-url"
              value={form.url ?? ''}
              onInput={(e) => edit('url', (e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        {needsKey && (
          <label>
            <span>{t('replies.engineKey')}</span>
            <input
              type="password"
              autocomplete="off"
              data-testid="engine-key"
              value={form.apiKey ?? ''}
              onInput={(e) => edit('apiKey', (e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        <label>
          <span>{t('replies.agentName')}</span>
          <input
            type="text"
            value={form.agentName ?? ''}
            onInput={(e) => edit('agentName', (e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('replies.saveSettings')}</button>
        {message && (
          <p
            class={message.ok ? 'muted' : 'translation-error'}
            role={message.ok ? 'status' : 'alert'}
            data-testid="translation-settings-status"
            data-ok={String(message.ok)}
          >
            {message.text}
          </p>
        )}
      </form>
    </details>
  );
}
