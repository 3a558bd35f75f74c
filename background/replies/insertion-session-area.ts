/**
 * Pending template insertions in storage.session: it survives the MV3 worker being stopped while
 * the agent edits, is cleared with the browser session, and (Chrome's default access level) is
 * readable by extension pages only, never by content scripts in the host page.
 */
import { browser } from 'wxt/browser';
import type { InsertionArea, PendingInsertion } from './template-insertions';

const KEY = 'pendingTemplateInsertions';

export function sessionInsertionArea(): InsertionArea {
  return {
    async read() {
      const stored = await browser.storage.session.get(KEY);
      const value = stored[KEY];
      return Array.isArray(value) ? (value as PendingInsertion[]) : [];
    },
    async write(pending) {
      await browser.storage.session.set({ [KEY]: pending });
    },
  };
}
