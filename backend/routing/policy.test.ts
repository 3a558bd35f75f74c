import { describe, expect, it } from 'vitest';
import { type Candidate, chooseAgent, compareWaiting, type Waiting } from './policy';

const agent = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  load: 0,
  cap: 5,
  languages: [],
  skills: [],
  lastAssignedAt: null,
  ...over,
});
const waiting = (over: Partial<Waiting> = {}): Waiting => ({
  priority: 1,
  queuedAt: 0,
  language: null,
  skill: null,
  preferredAgentId: null,
  ...over,
});

describe('chooseAgent', () => {
  it('never picks an agent at the cap', () => {
    expect(
      chooseAgent(waiting(), [agent('a', { load: 5 }), agent('b', { load: 9, cap: 9 })]),
    ).toBeUndefined();
  });

  it('picks the least loaded, then the one longest since an assignment', () => {
    const a = agent('a', { load: 2 });
    const b = agent('b', { load: 1, lastAssignedAt: 50 });
    const c = agent('c', { load: 1, lastAssignedAt: 10 });
    expect(chooseAgent(waiting(), [a, b, c])?.id).toBe('c');
    expect(chooseAgent(waiting(), [a, b, agent('d', { load: 1 })])?.id).toBe('d');
  });

  it('requires the skill but only prefers the language', () => {
    const billing = agent('billing', { skills: ['billing'], load: 3 });
    const thai = agent('thai', { languages: ['th'], load: 4 });
    const idle = agent('idle');
    expect(chooseAgent(waiting({ skill: 'billing' }), [idle, thai, billing])?.id).toBe('billing');
    expect(chooseAgent(waiting({ skill: 'refunds' }), [idle, thai, billing])).toBeUndefined();
    expect(chooseAgent(waiting({ language: 'th' }), [idle, thai, billing])?.id).toBe('thai');
    expect(chooseAgent(waiting({ language: 'vi' }), [thai, idle])?.id).toBe('idle');
  });

  it('keeps continuity with the preferred agent when they have room', () => {
    const busy = agent('busy', { load: 4 });
    expect(chooseAgent(waiting({ preferredAgentId: 'busy' }), [agent('idle'), busy])?.id).toBe('busy');
    expect(
      chooseAgent(waiting({ preferredAgentId: 'busy' }), [agent('idle'), { ...busy, load: 5 }])?.id,
    ).toBe('idle');
  });
});

describe('compareWaiting', () => {
  it('orders by priority, then by waiting time', () => {
    const items = [waiting({ queuedAt: 1 }), waiting({ priority: 3, queuedAt: 9 }), waiting({ queuedAt: 0 })];
    expect(items.sort(compareWaiting).map((w) => [w.priority, w.queuedAt])).toEqual([
      [3, 9],
      [1, 0],
      [1, 1],
    ]);
  });
});
