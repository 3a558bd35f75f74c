/** Shared setup for the store's Node tests (fake-indexeddb must be imported by the test first). */
import { Store } from './store';

let counter = 0;

export const NOW = Date.UTC(2026, 5, 1, 12);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export async function freshStore(clock: { now: number } = { now: NOW }): Promise<Store> {
  counter++;
  return Store.open(`test-${counter}-${Math.random().toString(36).slice(2)}`, { now: () => clock.now });
}

export function textMessages(
  prefix: string,
  count: number,
  start: number,
  step = MINUTE,
  direction: 'in' | 'out' = 'in',
) {
  return Array.from({ length: count }, (_, i) => ({
    hostId: `${prefix}-${i}`,
    direction,
    text: `${prefix} message ${i}`,
    timestamp: start + i * step,
  }));
}

/** A store whose clock advances one second per reading, so "older customer" is well defined. */
export async function tickingStore(): Promise<Store> {
  counter++;
  let now = NOW - DAY;
  return Store.open(`test-${counter}-${Math.random().toString(36).slice(2)}`, { now: () => (now += 1000) });
}
