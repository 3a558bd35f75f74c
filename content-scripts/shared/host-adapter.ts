import type { HostAccount, HostApp, OpenConversation } from '../../extension/api/protocol';

/**
 * What every host app adapter provides. One folder per app implements it; shared code
 * (the sidebar frame, the state reporter) only ever talks to this interface.
 */
export interface HostAdapter {
  app: HostApp;
  /** Whether this page is one the sidebar belongs on (Facebook is an SPA: /messages may be left). */
  isActive(location: Location): boolean;
  /** Elements that get right padding so the host layout makes room for the docked sidebar. */
  layoutRoots: readonly string[];
  readAccount(document: Document): HostAccount;
  readConversation(document: Document, location: Location): OpenConversation | null;
  readTheme(document: Document): 'light' | 'dark';
  /** Hooks whose absence means the page can't be read (names shown to the user). */
  requiredHooks: ReadonlyArray<{ name: string; selector: string }>;
}
