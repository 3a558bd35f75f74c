import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TeamConversationView, TeamNotice, TeamStatus } from '../../../../background/sync/team-types';
import type { SidebarEnv } from '../ui-context';
import { EnrollForm } from './EnrollForm';
import { durationParts, waitingSince } from './team-logic';
import './team.css';

interface Props {
  env: SidebarEnv;
  /** Changes when the open chat changes (re-reads the conversation). */
  conversationKey: string | null;
}

type Toast = TeamNotice & { key: number };
let toastCounter = 0;

/**
 * Team mode in the sidebar: who owns the open chat and for how long the customer has waited,
 * who is replying now, take / transfer / resolve, and "assigned to you" toasts. In local-only
 * mode it is one quiet line with a way to join a team.
 */
export function TeamPanel({ env, conversationKey }: Props) {
  const { t } = env;
  const api = env.connection.api;
  const [status, setStatus] = useState<TeamStatus | null>(null);
  const [view, setView] = useState<TeamConversationView | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [enrolling, setEnrolling] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const [now, setNow] = useState(Date.now());

  const refresh = useCallback(() => {
    api
      .getTeamStatus()
      .then(setStatus)
      .catch(() => {});
    api
      .getTeamConversation()
      .then(setView)
      .catch(() => {});
  }, [api]);

  // Re-read when the open chat changes.
  useEffect(refresh, [refresh, conversationKey]);

  useEffect(() => {
    const stop = env.connection.onEvent((event) => {
      if (event.type === 'host-state') refresh();
      if (event.type !== 'team') return;
      refresh();
      const notice = event.notice;
      if (notice) {
        toastCounter += 1;
        const toast = { ...notice, key: toastCounter };
        setToasts((list) => [...list.slice(-2), toast]);
        setTimeout(() => setToasts((list) => list.filter((x) => x.key !== toast.key)), 12_000);
      }
    });
    const stopReconnect = env.connection.onReconnect(refresh);
    const ticker = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      stop();
      stopReconnect();
      clearInterval(ticker);
    };
  }, [env.connection, refresh]);

  const act = (call: Promise<void>) => {
    call.then(refresh).catch(env.reportError);
  };

  const toastList = toasts.length > 0 && (
    <ul class="team-toasts" aria-live="polite" data-testid="team-toasts">
      {toasts.map((toast) => (
        <li key={toast.key} class={`team-toast team-toast-${toast.kind}`} data-testid="team-toast">
          <span>
            {toast.kind === 'assigned'
              ? t('team.assignedToYou', { customer: toast.title ?? toast.customerRef })
              : t('team.rejected', { action: toast.action, message: toast.message })}
          </span>
          <button
            type="button"
            class="link-button"
            aria-label={t('team.dismiss')}
            onClick={() => setToasts((list) => list.filter((x) => x.key !== toast.key))}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );

  // Until the worker answers (it reads the browser policy first, ≈ 2 s on a freshly started
  // browser) the panel already has the local-mode shape, a head and one line, so the panels below
  // do not jump when the answer fills it in.
  if (!status || status.mode === 'local' || status.mode === 'setup') {
    const mode = status?.mode ?? 'loading';
    const idle = mode === 'local' && !enrolling;
    return (
      <section
        class="card team"
        aria-labelledby="team-heading"
        aria-busy={status ? undefined : 'true'}
        data-testid="team-panel"
        data-mode={mode}
      >
        <div class="team-head">
          <h2 id="team-heading" class="label">
            {t('team.heading')}
          </h2>
          {idle && (
            <button
              type="button"
              class="link-button"
              data-testid="team-connect"
              onClick={() => setEnrolling(true)}
            >
              {t('team.connect')}
            </button>
          )}
        </div>
        {(idle || !status) && (
          <p class="muted small team-line">{t(status ? 'team.local' : 'team.checking')}</p>
        )}
        {status && (enrolling || status.mode === 'setup') && (
          <EnrollForm
            env={env}
            status={status}
            onDone={(next) => {
              setEnrolling(false);
              setStatus(next);
              refresh();
            }}
            {...(status.mode === 'local' ? { onCancel: () => setEnrolling(false) } : {})}
          />
        )}
      </section>
    );
  }

  const me = status.me;
  const conversation = view?.conversation ?? null;
  const mine = conversation !== null && me !== null && conversation.assigneeId === me.id;
  const lead = me?.role === 'lead' || me?.role === 'admin';
  // Agents take waiting chats; leads may also take one from a colleague.
  const canTake = conversation !== null && !mine && (conversation.assigneeId === null || lead);
  const canTransfer = mine || lead;
  const active =
    conversation !== null && (conversation.status === 'open' || conversation.status === 'pending');
  const since = conversation ? waitingSince(conversation) : null;
  const waited = since !== null ? durationParts(now - since) : null;
  const others = status.agents.filter((a) => a.id !== me?.id);
  const modeLine =
    status.mode === 'online'
      ? t('team.modeOnline', { org: status.orgName ?? '', name: me?.name ?? '' })
      : status.mode === 'connecting'
        ? t('team.modeConnecting', { org: status.orgName ?? '' })
        : status.mode === 'offline'
          ? t('team.modeOffline')
          : t('team.modeSignedOut');

  return (
    <section
      class="card team"
      aria-labelledby="team-heading"
      data-testid="team-panel"
      data-mode={status.mode}
    >
      <div class="team-head">
        <h2 id="team-heading" class="label">
          {t('team.heading')}
        </h2>
        <span class={`team-dot team-dot-${status.mode}`} aria-hidden="true" />
        <span class="muted small team-mode" data-testid="team-mode">
          {modeLine}
        </span>
        <button
          type="button"
          class="link-button"
          data-testid="team-leave"
          onClick={() => act(api.leaveTeam().then(setStatus))}
        >
          {t('team.leave')}
        </button>
      </div>
      {status.pending > 0 && (
        <p class="muted small" data-testid="team-pending">
          {t('team.pending', { count: status.pending })}
        </p>
      )}
      {toastList}
      {view && !conversation && <p class="muted small">{t('team.notSeen')}</p>}
      {conversation && (
        <div class="team-conversation" data-testid="team-conversation" data-status={conversation.status}>
          <dl class="team-facts">
            <div>
              <dt class="label">{t('team.owner')}</dt>
              <dd data-testid="team-owner" data-owner-id={conversation.assigneeId ?? ''}>
                {conversation.assigneeId === null
                  ? t('team.unassigned')
                  : mine
                    ? t('team.ownerYou')
                    : (view?.ownerName ?? t('team.ownerUnknown'))}
              </dd>
            </div>
            <div>
              <dt class="label">{t('team.conversationStatus')}</dt>
              <dd data-testid="team-status">{t(`team.status.${conversation.status}`)}</dd>
            </div>
            <div>
              <dt class="label">{t('team.waiting')}</dt>
              <dd data-testid="team-waiting">
                {waited ? t(waited.key, waited.params) : t('team.waitingNone')}
              </dd>
            </div>
          </dl>
          {view && view.replying.length > 0 && (
            <p class="team-replying" role="status" data-testid="team-replying">
              {t('team.replying', { names: view.replying.map((r) => r.name).join(', ') })}
            </p>
          )}
          <div class="actions">
            {active && canTake && (
              <button
                type="button"
                class="button primary"
                data-testid="team-take"
                onClick={() => act(api.teamTake(conversation.id))}
              >
                {t('team.take')}
              </button>
            )}
            {active && (
              <button
                type="button"
                class="button"
                data-testid="team-resolve"
                onClick={() => act(api.teamResolve(conversation.id))}
              >
                {t('team.resolve')}
              </button>
            )}
            {!active && (
              <button
                type="button"
                class="button"
                data-testid="team-reopen"
                onClick={() => act(api.teamReopen(conversation.id))}
              >
                {t('team.reopen')}
              </button>
            )}
          </div>
          {active && canTransfer && others.length > 0 && (
            <form
              class="actions team-transfer"
              onSubmit={(event) => {
                event.preventDefault();
                if (transferTo) act(api.teamTransfer(conversation.id, transferTo));
              }}
            >
              <label class="visually-hidden" for="team-transfer-to">
                {t('team.transferTo')}
              </label>
              <select
                id="team-transfer-to"
                class="field select"
                data-testid="team-transfer-to"
                value={transferTo}
                onChange={(e) => setTransferTo((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">{t('team.pickAgent')}</option>
                {others.map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {t('team.agentOption', {
                      name: agent.name,
                      status: t(`team.presence.${agent.status}`),
                      load: agent.load,
                      max: agent.maxOpen,
                    })}
                  </option>
                ))}
              </select>
              <button type="submit" class="button" disabled={!transferTo} data-testid="team-transfer">
                {t('team.transfer')}
              </button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}
