import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIORITY_RULES } from '../../../../background/rules/rule-types';
import { parseThreshold, readThresholds, withThresholds } from './priority-thresholds';

describe('priority thresholds', () => {
  it('reads the two thresholds from the default rules', () => {
    expect(readThresholds(DEFAULT_PRIORITY_RULES)).toEqual({ inquiriesPer30Days: 3, refundsPer90Days: 2 });
  });

  it('writes them back without touching other rules', () => {
    const custom = {
      id: 'vip-words',
      name: 'Angry words',
      enabled: true,
      flag: 'priority',
      anyOf: [
        {
          metric: { kind: 'matching-inquiries' as const, keywords: ['lawyer'] },
          windowDays: 7,
          greaterThan: 0,
        },
      ],
    };
    const next = withThresholds([...DEFAULT_PRIORITY_RULES, custom], {
      inquiriesPer30Days: 5,
      refundsPer90Days: 1,
    });
    expect(readThresholds(next)).toEqual({ inquiriesPer30Days: 5, refundsPer90Days: 1 });
    expect(next).toHaveLength(3);
    expect(next[2]).toEqual(custom);
  });

  it('recreates a rule the team had removed', () => {
    const next = withThresholds([], { inquiriesPer30Days: 4, refundsPer90Days: 0 });
    expect(readThresholds(next)).toEqual({ inquiriesPer30Days: 4, refundsPer90Days: 0 });
    expect(next.every((rule) => rule.enabled && rule.flag === 'priority')).toBe(true);
  });

  it('accepts only whole numbers from input fields', () => {
    expect(parseThreshold(' 7 ')).toBe(7);
    expect(parseThreshold('0')).toBe(0);
    expect(parseThreshold('-1')).toBeNull();
    expect(parseThreshold('2.5')).toBeNull();
    expect(parseThreshold('')).toBeNull();
    expect(parseThreshold('1000')).toBeNull();
  });
});
