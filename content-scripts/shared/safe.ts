/**
 * Nothing an adapter does may throw into the host page: observer and event callbacks run inside
 * the host's own event loop, and an exception there is visible to (and can break) the app.
 * Every callback we hand to the page goes through `guard`; failures are logged once per label.
 */
const reported = new Set<string>();

export function reportOnce(label: string, error: unknown): void {
  if (reported.has(label)) return;
  reported.add(label);
  console.debug(`[switchboard] ${label} failed`, error);
}

export function guard<A extends unknown[]>(label: string, fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (error) {
      reportOnce(label, error);
    }
  };
}

export function attempt<T>(label: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    reportOnce(label, error);
    return fallback;
  }
}
