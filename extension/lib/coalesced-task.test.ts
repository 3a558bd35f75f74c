import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoalescedTask } from './coalesced-task';

/** A job whose runs the test finishes by hand, to hold one in flight. */
function manualJob() {
  const pending: (() => void)[] = [];
  const job = vi.fn(
    () =>
      new Promise<void>((resolve) => {
        pending.push(resolve);
      }),
  );
  const finishRun = async () => {
    pending.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { job, finishRun };
}

describe('CoalescedTask', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once for a burst of requests, after the delay', async () => {
    const { job, finishRun } = manualJob();
    const task = new CoalescedTask(job, 250);
    for (let i = 0; i < 100; i++) task.request();
    await vi.advanceTimersByTimeAsync(249);
    expect(job).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(job).toHaveBeenCalledTimes(1);
    await finishRun();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(job).toHaveBeenCalledTimes(1);
  });

  it('requests during a run give exactly one more run after it, never a join', async () => {
    const { job, finishRun } = manualJob();
    const task = new CoalescedTask(job, 250);
    task.request();
    await vi.advanceTimersByTimeAsync(250);
    expect(job).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) task.request();
    await vi.advanceTimersByTimeAsync(1_000);
    // Still one in flight: no second run alongside it.
    expect(job).toHaveBeenCalledTimes(1);
    await finishRun();
    await vi.advanceTimersByTimeAsync(250);
    expect(job).toHaveBeenCalledTimes(2);
    await finishRun();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(job).toHaveBeenCalledTimes(2);
  });

  it('runNow waits out a run in flight and resolves after a run that started after the call', async () => {
    const { job, finishRun } = manualJob();
    const task = new CoalescedTask(job, 250);
    task.request();
    await vi.advanceTimersByTimeAsync(250);
    let done = false;
    void task.runNow().then(() => {
      done = true;
    });
    await finishRun();
    expect(job).toHaveBeenCalledTimes(2);
    expect(done).toBe(false);
    await finishRun();
    expect(done).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(job).toHaveBeenCalledTimes(2);
  });

  it('a failing run does not stop later ones; cancel drops what was asked for', async () => {
    let calls = 0;
    const task = new CoalescedTask(async () => {
      calls += 1;
      throw new Error('offline');
    }, 250);
    await task.runNow();
    task.request();
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toBe(2);
    task.request();
    task.cancel();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
  });

  it('spaces the runs of a long burst by the minimum interval; a request after a quiet spell waits only the delay', async () => {
    const starts: number[] = [];
    const task = new CoalescedTask(
      async () => {
        starts.push(Date.now());
      },
      250,
      1_000,
    );
    const t0 = Date.now();
    // A message every 60 ms for 5 s (1,000 a minute).
    for (let i = 0; i < 84; i++) {
      task.request();
      await vi.advanceTimersByTimeAsync(60);
    }
    await vi.advanceTimersByTimeAsync(1_000);
    const offsets = starts.map((t) => t - t0);
    expect(offsets[0]).toBe(250);
    expect(offsets.length).toBe(6);
    for (let i = 1; i < offsets.length; i++)
      expect(offsets[i]! - offsets[i - 1]!).toBeGreaterThanOrEqual(1_000);
    // Quiet for longer than the interval: the next request is answered after the delay alone.
    await vi.advanceTimersByTimeAsync(2_000);
    const asked = Date.now();
    task.request();
    await vi.advanceTimersByTimeAsync(250);
    expect(starts.at(-1)).toBe(asked + 250);
  });
});
