import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeThrottle } from './change-throttle';

describe('ChangeThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires the first change at once and folds a burst into one trailing call', () => {
    const fired: string[] = [];
    const throttle = new ChangeThrottle(1000, (key) => fired.push(key));
    throttle.touch('ana');
    expect(fired).toEqual(['ana']);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(40);
      throttle.touch('ana');
    }
    expect(fired).toEqual(['ana']);
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual(['ana', 'ana']);
  });

  it('keeps customers apart and forgets quiet ones', () => {
    const fired: string[] = [];
    const throttle = new ChangeThrottle(1000, (key) => fired.push(key));
    throttle.touch('ana');
    throttle.touch('bob');
    expect(fired).toEqual(['ana', 'bob']);
    vi.advanceTimersByTime(1500);
    throttle.touch('ana');
    expect(fired).toEqual(['ana', 'bob', 'ana']);
    vi.runAllTimers();
    expect(fired).toEqual(['ana', 'bob', 'ana']);
  });
});
