/**
 * What happens when a content script reports captured messages: store them durably first (the
 * answer to the content script is the acknowledgement), then tell the sidebars that show the
 * customer. A merge caused by this capture also refreshes sidebars of the absorbed customer.
 */
import type { CapturedBatch, TabEvent } from '../extension/api/protocol';
import { storeCapture } from './capture-ingest';
import type { CustomerTabs } from './customer-tabs';
import type { Store } from './store/store';

export interface CaptureServiceDeps {
  store: () => Promise<Store>;
  customerTabs: CustomerTabs;
  /** The thread open in the capturing tab right now, to know which customer its sidebar shows. */
  openThreadId: () => string | null;
}

export async function recordCapture(
  batch: CapturedBatch,
  tabId: number,
  deps: CaptureServiceDeps,
): Promise<{ added: number; customerId: string | null }> {
  const store = await deps.store();
  const stored = await storeCapture(store, batch);
  const customerId = stored.customerId;
  if (customerId === null) return { added: stored.added, customerId };

  if (deps.openThreadId() === batch.conversation.threadId) deps.customerTabs.show(tabId, customerId);
  // A merge changes who the card is about: told at once. New messages only change its figures
  // (first and last contact, inquiries, priority): told at most once per window in a burst.
  const merged = stored.merges.flatMap((merge) => [merge.survivorId, merge.absorbedId]);
  if (merged.length > 0) deps.customerTabs.notifyChanged([customerId, ...merged]);
  else if (stored.added > 0) deps.customerTabs.notifyCaptured(customerId);

  // Pushed even when nothing was new: a re-sent batch may be one whose push died with the
  // previous worker, and a re-capture may carry text a placeholder lacked. Sidebars dedupe by id.
  if (stored.messages.length > 0) {
    deps.customerTabs.pushToShowing([customerId], {
      type: 'customer-messages',
      customerId,
      messages: stored.messages,
    } satisfies TabEvent);
  }
  return { added: stored.added, customerId };
}
