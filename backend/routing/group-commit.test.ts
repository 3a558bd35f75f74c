import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../storage/errors';
import { GroupCommit } from './group-commit';

describe('group commit', () => {
  it('serves requests that arrive together with one pass, and later arrivals with the next', async () => {
    const passes: string[][] = [];
    let release: () => void = () => {};
    const group = new GroupCommit<string, string>(
      async (_key, requests) => {
        passes.push(requests);
        if (passes.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return requests.map((r) => r.toUpperCase());
      },
      () => 1,
      100,
    );
    const first = group.submit('org', 'a');
    await new Promise((resolve) => setImmediate(resolve));
    // The first pass is running: these three wait for it and then share the next one.
    const rest = ['b', 'c', 'd'].map((r) => group.submit('org', r));
    const otherOrg = group.submit('elsewhere', 'x');
    release();
    expect(await first).toBe('A');
    expect(await Promise.all(rest)).toEqual(['B', 'C', 'D']);
    expect(await otherOrg).toBe('X');
    // Organisations have their own lanes; within one, the order of passes is the order of arrival.
    expect(passes).toHaveLength(3);
    expect(passes).toContainEqual(['x']);
    expect(passes.filter((p) => !p.includes('x'))).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('bounds a pass by weight, always taking at least one request', async () => {
    const passes: number[][] = [];
    const group = new GroupCommit<number, number>(
      async (_key, requests) => {
        passes.push(requests);
        return requests;
      },
      (n) => n,
      10,
    );
    expect(await Promise.all([6, 5, 20, 1].map((n) => group.submit('org', n)))).toEqual([6, 5, 20, 1]);
    expect(passes).toEqual([[6], [5], [20], [1]]);
    expect(await Promise.all([2, 3, 4, 5].map((n) => group.submit('org', n)))).toEqual([2, 3, 4, 5]);
    expect(passes.slice(4)).toEqual([[2, 3, 4], [5]]);
  });

  it('retries the requests of a failed pass one by one, so only the bad one fails', async () => {
    const passes: string[][] = [];
    const group = new GroupCommit<string, string>(
      async (_key, requests) => {
        passes.push(requests);
        if (requests.includes('bad')) throw new Error('bad request');
        return requests;
      },
      () => 1,
      100,
    );
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((r) => group.submit('org', r)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(passes).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('fails every request of the pass at once when the database is unavailable', async () => {
    let calls = 0;
    const group = new GroupCommit<string, string>(
      async () => {
        calls += 1;
        throw new DatabaseUnavailableError('locked', 'busy');
      },
      () => 1,
      100,
    );
    const results = await Promise.allSettled(['a', 'b'].map((r) => group.submit('org', r)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
  });
});
