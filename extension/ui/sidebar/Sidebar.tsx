import { useEffect, useState } from 'preact/hooks';
import type { BackgroundConnection } from '../../api/port-endpoint';
import type { BackgroundApi, HostApp, HostState, TabEvent } from '../../api/protocol';
import type { Translate } from '../../i18n/messages';
import {
  isSidebarCollapsed,
  onSidebarCollapsedChange,
  setSidebarCollapsed,
} from '../../settings/sidebar-state';

interface Props {
  app: HostApp;
  host: string;
  t: Translate;
  connection: BackgroundConnection<BackgroundApi, TabEvent>;
}

type Link = { kind: 'connecting' } | { kind: 'ok'; roundTripMs: number } | { kind: 'error'; message: string };

export function Sidebar({ app, host, t, connection }: Props) {
  const [collapsed, setCollapsed] = useState(false);
  const [state, setState] = useState<HostState | null>(null);
  const [link, setLink] = useState<Link>({ kind: 'connecting' });

  useEffect(() => {
    void isSidebarCollapsed(host).then(setCollapsed);
    return onSidebarCollapsedChange(host, setCollapsed);
  }, [host]);

  useEffect(() => {
    const stop = connection.onEvent((event) => {
      if (event.type === 'host-state') setState(event.state);
    });
    const refresh = () => {
      const started = performance.now();
      connection.api
        .ping()
        .then(() => setLink({ kind: 'ok', roundTripMs: Math.round(performance.now() - started) }))
        .then(() => connection.api.getHostState())
        .then((s) => s && setState(s))
        .catch((error: unknown) =>
          setLink({ kind: 'error', message: String((error as Error)?.message ?? error) }),
        );
    };
    refresh();
    // After the browser restarted the worker, ask again rather than show stale state.
    const stopReconnect = connection.onReconnect(refresh);
    return () => {
      stop();
      stopReconnect();
    };
  }, [connection]);

  useEffect(() => {
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
          data-testid="collapse"
          aria-label={t('sidebar.collapse')}
          title={`${t('sidebar.collapse')} (${t('sidebar.shortcut')})`}
          onClick={toggle}
        >
          <span aria-hidden="true">›</span>
        </button>
      </header>

      <section class="card" aria-labelledby="account-heading">
        <h2 id="account-heading" class="label">
          {t('account.label')}
        </h2>
        <p data-testid="account">
          {account?.name ?? account?.id ?? t('account.unknown')} <span class="muted">· {host}</span>
        </p>
      </section>

      {state && !state.health.ok && (
        <section class="card warning" role="status" data-testid="health">
          <p>{t('health.cantRead')}</p>
          <p class="muted">{t('health.missing', { list: state.health.missing.join(', ') })}</p>
        </section>
      )}

      <section class="card" aria-labelledby="customer-heading">
        <h2 id="customer-heading" class="label">
          {t('customer.heading')}
        </h2>
        {state?.conversation ? (
          <>
            <p class="customer-name" data-testid="conversation-title">
              {state.conversation.title}
            </p>
            <p class="muted">{t('customer.placeholder')}</p>
          </>
        ) : (
          <p class="muted" data-testid="conversation-title">
            {t('customer.none')}
          </p>
        )}
      </section>

      <div class="status" role="status" data-testid="link-status" data-state={link.kind}>
        {link.kind === 'ok' && t('status.connected', { ms: link.roundTripMs })}
        {link.kind === 'connecting' && t('status.connecting')}
        {link.kind === 'error' && t('status.error', { message: link.message })}
      </div>
    </main>
  );
}
