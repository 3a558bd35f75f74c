import { describe, expect, it } from 'vitest';
import { medianInterval } from './kit';

describe('medianInterval', () => {
  it('takes the order statistics whose binomial coverage reaches the confidence', () => {
    const samples = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    // n = 10: [x(2), x(9)] covers 1 − 2·11/1024 ≈ 97.9 %; [x(3), x(8)] only ≈ 89.1 %.
    expect(medianInterval(samples, 0.9)).toEqual({ low: 2, high: 9, coverage: 1 - 22 / 1024 });
    expect(medianInterval(samples, 0.85)).toEqual({ low: 3, high: 8, coverage: 1 - 112 / 1024 });
  });

  it('has no interval when the samples are too few for the confidence', () => {
    // n = 3: even [min, max] covers only 1 − 2/8 = 75 %.
    expect(medianInterval([1, 2, 3], 0.9)).toBeNull();
    expect(medianInterval([1, 2, 3], 0.75)).toEqual({ low: 1, high: 3, coverage: 0.75 });
  });
});
