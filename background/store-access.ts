import { Store } from './store/store';

/**
 * The one place the service worker opens IndexedDB. Opened on first use rather than at start-up,
 * so a worker woken for a ping does not pay for it; a restarted worker simply opens it again.
 * A failed open is forgotten so the next call retries instead of failing forever.
 */
let opening: Promise<Store> | null = null;

export function getStore(): Promise<Store> {
  opening ??= Store.open().catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}
