import type { BackgroundConnection } from '../../api/port-endpoint';
import type { BackgroundApi, HostState, TabEvent } from '../../api/protocol';
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

/** Which chat the sidebar shows a customer for: null for none or a group. */
export function conversationKeyOf(state: HostState | null): string | null {
  const conversation = state?.conversation;
  if (!state || !conversation || conversation.isGroup) return null;
  return `${state.account.id ?? ''}|${conversation.e2ee ? 'e2ee:' : ''}${conversation.threadId}`;
}
