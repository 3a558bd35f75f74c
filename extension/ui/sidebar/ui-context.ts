import type { BackgroundConnection } from '../../api/port-endpoint';
import type { BackgroundApi, TabEvent } from '../../api/protocol';
import type { Locale, Translate } from '../../i18n/messages';

/** What every sidebar component needs: strings, the agent's locale and the typed connection. */
export interface SidebarEnv {
  t: Translate;
  locale: Locale;
  connection: BackgroundConnection<BackgroundApi, TabEvent>;
  /** Shows a failed action to the agent (a polite live region at the bottom of the sidebar). */
  reportError: (error: unknown) => void;
}

export function errorText(error: unknown): string {
  return String((error as Error)?.message ?? error);
}
