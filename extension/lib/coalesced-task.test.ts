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
});
