/**
 * Coalesces work off the host's hot path: many triggers (mutation records, location changes)
 * within one frame become one run in an idle period, with a deadline so a busy page still gets
 * its messages sent promptly.
 */
export function createIdleBatcher(run: () => void, timeoutMs: number): { schedule(): void; cancel(): void } {
  let handle: number | null = null;
  const hasIdle = typeof requestIdleCallback === 'function';
  const fire = () => {
    handle = null;
    run();
  };
  return {
    schedule() {
      if (handle !== null) return;
      handle = hasIdle
        ? requestIdleCallback(fire, { timeout: timeoutMs })
        : (setTimeout(fire, 0) as unknown as number);
    },
    cancel() {
      if (handle === null) return;
      if (hasIdle) cancelIdleCallback(handle);
      else clearTimeout(handle);
      handle = null;
    },
  };
}
