import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BackgroundConnection } from '../../api/port-endpoint';
import type { BackgroundApi, HostApp, HostState, SidebarOpening, TabEvent } from '../../api/protocol';
import type { Locale, Translate } from '../../i18n/messages';
import {
  isSidebarCollapsed,
  onSidebarCollapsedChange,
  setSidebarCollapsed,
} from '../../settings/sidebar-state';
import { ApiSendPanel } from './api-send/ApiSendPanel';
import { CustomerPanel } from './customer/CustomerPanel';
import { RulesPanel } from './customer/RulesPanel';
import { useCustomer } from './customer/useCustomer';
import { memo } from './memo';
import { RepliesPanel } from './replies/RepliesPanel';
import { SectionNav } from './SectionNav';
import { TeamPanel } from './team/TeamPanel';
import { conversationKeyOf, errorText, type SidebarEnv } from './ui-context';

interface Props {
  app: HostApp;
  host: string;
  t: Translate;
  locale: Locale;
  connection: BackgroundConnection<BackgroundApi, TabEvent>;
  /** openSidebar, asked before the first render: the tab's state and its customer. */
  opening: Promise<SidebarOpening>;
}

// A new card (a push for the customer, a note) renders the sidebar again; these panels depend only
// on the environment and the conversation, so they skip that render.
const TeamPanelMemo = memo(TeamPanel);
const ApiSendPanelMemo = memo(ApiSendPanel);
const RepliesPanelMemo = memo(RepliesPanel);
// The link check's answer and the failure line render the sidebar too, often just before or
// after the opening answer: the card and the section row do not change with them.
const CustomerPanelMemo = memo(CustomerPanel);
const SectionNavMemo = memo(SectionNav);

type Link = { kind: 'connecting' } | { kind: 'ok'; roundTripMs: number } | { kind: 'error'; message: string };

export function Sidebar({ app, host, t, locale, connection, opening }: Props) {
  const [collapsed, setCollapsed] = useState(false);
  const [state, setState] = useState<HostState | null>(null);
  const [link, setLink] = useState<Link>({ kind: 'connecting' });
  const [showRules, setShowRules] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const failureTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const body = useRef<HTMLDivElement>(null);

  const reportError = useCallback((error: unknown) => {
    setFailure(errorText(error));
    clearTimeout(failureTimer.current);
    failureTimer.current = setTimeout(() => setFailure(null), 10_000);
  }, []);
  const env: SidebarEnv = useMemo(
    () => ({ t, locale, connection, reportError }),
    [t, locale, connection, reportError],
  );
  const conversation = state?.conversation ?? null;
  const conversationKey = conversationKeyOf(state);
  const customer = useCustomer(env, conversationKey);
  const { adopt } = customer;

  useEffect(() => {
    void isSidebarCollapsed(host).then(setCollapsed);
    return onSidebarCollapsedChange(host, setCollapsed);
  }, [host]);

  // A layout effect: listening from the first render on, before any answer can arrive.
  useLayoutEffect(() => {
    // A pushed state is newer than the one the opening read (the background pushes every change).
    let pushed = false;
    const stop = connection.onEvent((event) => {
      if (event.type === 'host-state') {
        pushed = true;
        setState(event.state);
      }
    });
    const ping = () => {
      const started = performance.now();
      connection.api
        .ping()
        .then(() => setLink({ kind: 'ok', roundTripMs: Math.round(performance.now() - started) }))
        .catch((error: unknown) => setLink({ kind: 'error', message: errorText(error) }));
    };
    const refresh = () => {
      ping();
      connection.api
        .getHostState()
        .then((s) => s && setState(s))
        .catch((error: unknown) => setLink({ kind: 'error', message: errorText(error) }));
    };
    // The link check runs beside the opening, not before it.
    ping();
    opening.then(
      (answer) => {
        // State and customer in one render: the card and the timeline paint together.
        if (!pushed) setState(answer.state);
        adopt(answer);
      },
      (error: unknown) => {
        adopt(null, error);
        refresh();
      },
    );
    // After the browser restarted the worker, ask again rather than show stale state.
    const stopReconnect = connection.onReconnect(refresh);
    return () => {
      stop();
      stopReconnect();
    };
  }, [connection, opening, adopt]);

  // Before the frame is painted: the first data in a dark host would otherwise be painted light,
  // then the whole page restyled and painted again one frame later.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = state?.theme ?? 'light';
  }, [state?.theme]);

  // The same shortcut works when focus is inside the sidebar.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && e.code === 'KeyS') {
        e.preventDefault();
        void setSidebarCollapsed(host, !collapsed);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host, collapsed]);

  const toggle = () => void setSidebarCollapsed(host, !collapsed);

  if (collapsed) {
    return (
      <main class="handle" data-app={app}>
        <button
          type="button"
          class="handle-button"
          data-testid="expand"
          aria-label={t('sidebar.expand')}
          title={`${t('sidebar.expand')} (${t('sidebar.shortcut')})`}
          onClick={toggle}
        >
          <span aria-hidden="true">‹</span>
        </button>
      </main>
    );
  }

  const account = state?.account;
  return (
    <main class="sidebar" data-app={app} data-testid="sidebar">
      <header class="bar">
        <span class={`app-badge app-${app}`} data-testid="host-app">
          {t(`host.${app}`)}
        </span>
        <h1 class="title">{t('appName')}</h1>
        <button
          type="button"
          class="icon-button"
          data-testid="open-rules"
          aria-label={t('settings.open')}
          aria-expanded={showRules}
          title={t('settings.open')}
          onClick={() => setShowRules(!showRules)}
        >
          <span aria-hidden="true">⚙</span>
        </button>
        <button
          type="button"
          class="icon-button"
          data-testid="collapse"
          aria-label={t('sidebar.collapse')}
          title={`${t('sidebar.collapse')} (${t('sidebar.shortcut')})`}
          onClick={toggle}
        >
          <span aria-hidden="true">›</span>
        </button>
      </header>

      <div class="context-line">
        <span class="context-chat" data-testid="conversation-title">
          {conversation ? conversation.title : t('customer.none')}
        </span>
        <span class="muted context-account" data-testid="account">
          {t('account.label')}: {account?.name ?? account?.id ?? t('account.unknown')}
        </span>
      </div>

      {state && !state.health.ok && (
        <section class="card warning" role="status" data-testid="health">
          <p>{t('health.cantRead')}</p>
          <p class="muted">{t('health.missing', { list: state.health.missing.join(', ') })}</p>
        </section>
      )}

      {/* One scroll area for the panels; the timeline inside it scrolls on its own. */}
      {conversationKey !== null && customer.state.kind === 'ready' && (
        <SectionNavMemo env={env} scroller={body} />
      )}
      <div class="sidebar-body" ref={body}>
        {showRules && <RulesPanel env={env} onClose={() => setShowRules(false)} />}
        <TeamPanelMemo env={env} conversationKey={conversationKey} />
        <ApiSendPanelMemo env={env} conversationKey={conversationKey} />

        {conversation?.isGroup && <p class="card muted">{t('customer.group')}</p>}
        {conversationKey !== null && customer.state.kind === 'loading' && (
          <p class="card muted">{t('customer.loading')}</p>
        )}
        {conversationKey !== null && customer.state.kind === 'error' && (
          <p class="card warning" role="alert">
            {t('error.failed', { message: customer.state.message })}
          </p>
        )}
        {conversationKey !== null && customer.state.kind === 'ready' && (
          <CustomerPanelMemo
            env={env}
            customerId={customer.state.snapshot.view.customer.id}
            snapshot={customer.state.snapshot}
            timelineStart={customer.state.timeline}
          />
        )}
        <RepliesPanelMemo env={env} conversationKey={conversationKey} />
      </div>

      <div class="status" role="status" data-testid="link-status" data-state={link.kind}>
        {link.kind === 'ok' && t('status.connected', { ms: link.roundTripMs })}
        {link.kind === 'connecting' && t('status.connecting')}
        {link.kind === 'error' && t('status.error', { message: link.message })}
      </div>
      <div class="failure" role="alert" data-testid="failure">
        {failure && t('error.failed', { message: failure })}
      </div>
    </main>
  );
}
