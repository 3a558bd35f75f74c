import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiMessageView, ApiSendView } from '../../../../background/api-send/types';
import { formatMessageTime } from '../format';
import { errorText, type SidebarEnv } from '../ui-context';
import {
  failureKey,
  fillTemplate,
  newIdempotencyKey,
  readyToSend,
  STATE_KEYS,
  STEPS,
  settled,
  stepReached,
  templateKey,
} from './api-send-logic';
import './api-send.css';

interface Props {
  env: SidebarEnv;
  /** Changes when the open chat changes (re-reads the panel). */
  conversationKey: string | null;
}

/** Safety net only: delivery states arrive as pushes; this re-reads while any can still change. */
const SAFETY_POLL_MS = 15_000;

/**
 * "Send through WhatsApp Business API": for a conversation whose channel is connected to the API
 * (team mode on), choose an approved template, fill its parameters, preview and send it through
 * the backend, then follow each API message's delivery state. The host app's composer stays the
 * way to write ordinary replies; this panel never touches it.
 */
export function ApiSendPanel({ env, conversationKey }: Props) {
  const { t, locale } = env;
  const api = env.connection.api;
  const [view, setView] = useState<ApiSendView | null>(null);
  const [chosen, setChosen] = useState('');
  const [parameters, setParameters] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  /** The key of the click that failed: "Try again" with the same form reuses it (no double send). */
  const [pending, setPending] = useState<{ key: string; form: string } | null>(null);

  const refresh = useCallback(() => {
    api
      .getTeamStatus()
      .then((status) => (status.mode === 'local' || status.mode === 'setup' ? null : api.getApiSend()))
      .then(setView)
      .catch(() => setView(null));
  }, [api]);

  useEffect(refresh, [refresh, conversationKey]);
  useEffect(() => {
    setChosen('');
    // The same empty list when it is empty already: a new one would render the panel for nothing.
    setParameters((list) => (list.length === 0 ? list : []));
    setFailure(null);
    setPending(null);
  }, [conversationKey]);

  useEffect(() => {
    const stop = env.connection.onEvent((event) => {
      if (event.type === 'team' || event.type === 'host-state') refresh();
      if (event.type === 'api-send' && event.conversationId === view?.conversationId) refresh();
    });
    const stopReconnect = env.connection.onReconnect(refresh);
    return () => {
      stop();
      stopReconnect();
    };
  }, [env.connection, refresh, view?.conversationId]);

  const open = view?.connected === true && view.channel === 'whatsapp';
  const live = open && !settled(view.messages);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refresh, SAFETY_POLL_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);

  if (!open) return null;

  const template = view.templates.find((x) => templateKey(x) === chosen);
  const filled = template ? parameters.slice(0, template.parameterCount) : [];
  const form = JSON.stringify([view.conversationId, chosen, filled]);
  const canSend = readyToSend(template, filled) && !sending;

  const send = (event: Event) => {
    event.preventDefault();
    if (!template || !canSend) return;
    const key = pending && pending.form === form ? pending.key : newIdempotencyKey();
    setPending({ key, form });
    setSending(true);
    setFailure(null);
    api
      .sendApiTemplate({
        conversationId: view.conversationId,
        name: template.name,
        language: template.language,
        parameters: filled.map((p) => p.trim()),
        idempotencyKey: key,
      })
      .then(() => {
        setPending(null);
        setChosen('');
        setParameters([]);
        refresh();
      })
      .catch((error: unknown) => setFailure(errorText(error)))
      .finally(() => setSending(false));
  };

  const windowNote =
    view.windowClosesAt === null
      ? t('apiSend.windowNever')
      : view.windowOpen
        ? t('apiSend.windowOpen')
        : t('apiSend.windowClosed', { when: formatMessageTime(view.windowClosesAt, Date.now(), locale) });

  return (
    <section class="card api-send" aria-labelledby="api-send-heading" data-testid="api-send">
      <h2 id="api-send-heading" class="label">
        {t('apiSend.heading')}
      </h2>
      <p
        class={view.windowOpen ? 'muted small' : 'api-send-window'}
        data-testid="api-send-window"
        data-open={String(view.windowOpen)}
      >
        {windowNote}
      </p>

      {view.templates.length === 0 ? (
        <p class="muted small" data-testid="api-send-no-templates">
          {t('apiSend.noTemplates')}
        </p>
      ) : (
        <form class="api-send-form" onSubmit={send} data-testid="api-send-form">
          <label class="api-send-field">
            <span>{t('apiSend.template')}</span>
            <select
              data-testid="api-send-template"
              value={chosen}
              onChange={(e) => {
                setChosen((e.currentTarget as HTMLSelectElement).value);
                setParameters([]);
                setFailure(null);
              }}
            >
              <option value="">{t('apiSend.choose')}</option>
              {view.templates.map((x) => (
                <option key={templateKey(x)} value={templateKey(x)}>
                  {`${x.name} (${x.language})`}
                </option>
              ))}
            </select>
          </label>
          {template &&
            Array.from({ length: template.parameterCount }, (_, i) => (
              <label class="api-send-field" key={i}>
                <span>{t('apiSend.parameter', { n: i + 1 })}</span>
                <input
                  type="text"
                  maxLength={1024}
                  required
                  data-testid={`api-send-param-${i + 1}`}
                  value={parameters[i] ?? ''}
                  onInput={(e) => {
                    const value = (e.currentTarget as HTMLInputElement).value;
                    setParameters((list) => {
                      const next = [...list];
                      next[i] = value;
                      return next;
                    });
                  }}
                />
              </label>
            ))}
          {template && (
            <div class="api-send-preview">
              <span class="label">{t('apiSend.preview')}</span>
              {/* Text node only: parameters and template bodies are never parsed as HTML. */}
              <p data-testid="api-send-preview" aria-live="polite">
                {fillTemplate(template.body, filled)}
              </p>
            </div>
          )}
          <button type="submit" class="primary" disabled={!canSend} data-testid="api-send-submit">
            {sending ? t('apiSend.sending') : pending && failure ? t('apiSend.retry') : t('apiSend.send')}
          </button>
          {failure && (
            <p class="warning-text small" role="alert" data-testid="api-send-error">
              {t('apiSend.notSent', { message: failure })}
            </p>
          )}
        </form>
      )}

      {view.messages.length > 0 && (
        <div class="api-send-messages">
          <h3 class="label" id="api-send-messages-heading">
            {t('apiSend.messages')}
          </h3>
          <ol aria-labelledby="api-send-messages-heading" data-testid="api-send-messages">
            {view.messages.map((m) => (
              <MessageRow key={m.id} env={env} message={m} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function MessageRow({ env, message }: { env: SidebarEnv; message: ApiMessageView }) {
  const { t } = env;
  const failed = message.state === 'failed';
  const reasonKey = failed ? failureKey(message.errorCode) : null;
  return (
    <li
      class="api-send-message"
      data-testid="api-send-message"
      data-state={message.state}
      data-id={message.id}
    >
      <span class="api-send-text">{message.text ?? message.type}</span>
      <span class="sr-only">{t('apiSend.progress', { state: t(STATE_KEYS[message.state]) })}</span>
      <span class="api-send-steps" aria-hidden="true">
        {failed ? (
          <span class="api-send-step api-send-step-failed">{t('apiSend.state.failed')}</span>
        ) : (
          STEPS.map((step) => (
            <span key={step} class={`api-send-step${stepReached(message.state, step) ? ' reached' : ''}`}>
              {t(STATE_KEYS[step])}
            </span>
          ))
        )}
      </span>
      <span class="api-send-state muted small" data-testid="api-send-state">
        {t(STATE_KEYS[message.state])}
      </span>
      {failed && (
        <span class="warning-text small" data-testid="api-send-reason">
          {reasonKey
            ? t(reasonKey)
            : t('apiSend.err.other', { reason: message.errorReason ?? '—', code: message.errorCode ?? '—' })}
        </span>
      )}
    </li>
  );
}
