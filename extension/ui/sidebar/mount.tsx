import type { render as preactRender } from 'preact';
import { browser } from 'wxt/browser';
import { connectToBackground } from '../../api/port-endpoint';
import { type BackgroundApi, HOST_APPS, type HostApp, PORT_NAMES, type TabEvent } from '../../api/protocol';
import { pickLocale, translator } from '../../i18n/messages';
import { Sidebar } from './Sidebar';
import { FIRST_PAGE } from './timeline/useTimeline';
import './sidebar.css';

/** Reads the frame's parameters, opens the typed connection and renders the sidebar. */
export function mountSidebar(render: typeof preactRender, root: HTMLElement): void {
  performance.mark('switchboard:mount');
  const params = new URLSearchParams(location.search);
  const appParam = params.get('app');
  const app: HostApp = HOST_APPS.includes(appParam as HostApp) ? (appParam as HostApp) : 'whatsapp';
  const host = params.get('host') ?? '';
  const locale = pickLocale(navigator.languages);
  document.documentElement.lang = locale;
  const connection = connectToBackground<BackgroundApi, TabEvent>(() =>
    browser.runtime.connect({ name: PORT_NAMES.sidebar }),
  );
  // Asked before the first render: the tab's state, its customer's card and newest messages in
  // one round trip, on its way while the sidebar renders its frame.
  const opening = connection.api.openSidebar(FIRST_PAGE);
  render(
    <Sidebar
      app={app}
      host={host}
      t={translator(locale)}
      locale={locale}
      connection={connection}
      opening={opening}
    />,
    root,
  );
}
