import { describe, expect, it, vi } from 'vitest';
import { uuidv7, uuidv7Time } from './ids';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('has the UUID text form, version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 1_000; i++) expect(uuidv7()).toMatch(FORMAT);
  });

  it('carries the millisecond timestamp in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidv7();
    expect(uuidv7Time(id)).toBeGreaterThanOrEqual(before);
    expect(uuidv7Time(id)).toBeLessThanOrEqual(Date.now());
    expect(uuidv7Time(uuidv7(Date.UTC(2100, 0, 1)))).toBe(Date.UTC(2100, 0, 1));
  });

  it('encodes the RFC 9562 example time as the RFC does', async () => {
    // A fresh module: this process has already handed out ids of later milliseconds.
    vi.resetModules();
    const fresh = await import('./ids');
    // RFC 9562 appendix A.6: 2022-02-22 19:22:22 UTC is 0x017F22E279B0.
    expect(fresh.uuidv7(0x017f22e279b0)).toMatch(/^017f22e2-79b0-7[0-9a-f]{3}-[89ab]/);
  });

  it('sorts in creation order within a process, as text and as bytes, also in one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays monotonic when the clock goes back or one millisecond runs out of counter values', () => {
    const t = Date.UTC(2101, 0, 1);
    const ids = [uuidv7(t)];
    for (let i = 0; i < 5_000; i++) ids.push(uuidv7(t));
    ids.push(uuidv7(t - 60_000));
    expect([...ids].sort()).toEqual(ids);
    // 5,000 ids cannot fit one millisecond's 12-bit counter: the timestamp moved on, a little.
    const last = uuidv7Time(ids[ids.length - 1] as string);
    expect(last).toBeGreaterThan(t);
    expect(last).toBeLessThan(t + 10);
  });

  it('keeps 62 random bits: ids of one millisecond differ beyond the counter', () => {
    const t = Date.UTC(2102, 0, 1);
    const tails = new Set(Array.from({ length: 1_000 }, () => uuidv7(t).slice(19)));
    expect(tails.size).toBe(1_000);
  });
});
