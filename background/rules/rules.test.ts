import { describe, expect, it } from 'vitest';
import { countMetric, evaluateRules, groupInquiries, INQUIRY_GAP_MS } from './evaluate';
import { DEFAULT_PRIORITY_RULES, type PriorityRule, rulesSchema } from './rule-types';
import { phraseMatcher } from './text-match';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const daysAgo = (days: number, text = 'hello') => ({ timestamp: NOW - days * DAY, text });

describe('inquiries', () => {
  it('groups messages of one sitting into one inquiry', () => {
    const inbound = [
      { timestamp: NOW - 1000, text: 'hi' },
      { timestamp: NOW - 900, text: 'my order is late' },
      { timestamp: NOW - INQUIRY_GAP_MS - 2000, text: 'earlier question' },
    ];
    expect(groupInquiries(inbound).map((i) => i.texts)).toEqual([
      ['earlier question'],
      ['hi', 'my order is late'],
    ]);
  });

  it('flags more than 3 inquiries in 30 days, not 3, not old ones', () => {
    const three = [daysAgo(1), daysAgo(5), daysAgo(10)];
    expect(evaluateRules(DEFAULT_PRIORITY_RULES, { now: NOW, inbound: three, tags: [] }).flags).toEqual([]);
    const fourWithOld = [...three, daysAgo(45)];
    expect(evaluateRules(DEFAULT_PRIORITY_RULES, { now: NOW, inbound: fourWithOld, tags: [] }).flags).toEqual(
      [],
    );
    const four = [...three, daysAgo(20)];
    const result = evaluateRules(DEFAULT_PRIORITY_RULES, { now: NOW, inbound: four, tags: [] });
    expect(result.flags).toEqual(['priority']);
    expect(result.matches[0]).toMatchObject({ ruleId: 'repeat-contact', value: 4, greaterThan: 3 });
  });
});

describe('returns and refunds', () => {
  it('detects requests in English, Spanish and Portuguese, accent-insensitively', () => {
    const matches = phraseMatcher(['refund', 'devolucao', 'devolucion', 'return it']);
    expect(matches('Can I get a REFUND?')).toBe(true);
    expect(matches('Quero fazer a devolução do tênis')).toBe(true);
    expect(matches('¿Cómo hago la devolución?')).toBe(true);
    expect(matches('I want to return it')).toBe(true);
    expect(matches('I will return tomorrow')).toBe(false);
    expect(matches('refundable deposit')).toBe(false);
  });

  it('flags more than 2 refund inquiries in 90 days', () => {
    const inbound = [
      daysAgo(2, 'I want a refund'),
      daysAgo(2.01, 'please, refund!'), // same inquiry as the one above
      daysAgo(30, 'quiero un reembolso'),
      daysAgo(60, 'quero estorno da compra'),
    ];
    const result = evaluateRules(DEFAULT_PRIORITY_RULES, { now: NOW, inbound, tags: [] });
    expect(result.matches.map((m) => m.ruleId)).toEqual(['returns']);
    expect(result.matches[0]?.value).toBe(3);
    expect(
      evaluateRules(DEFAULT_PRIORITY_RULES, { now: NOW, inbound: inbound.slice(0, 3), tags: [] }).flags,
    ).toEqual([]);
  });

  it('counts refund tags added in the window, without adding them to detected ones', () => {
    const metric = { kind: 'matching-inquiries', topic: 'refund' } as const;
    const tags = [
      { tag: 'Refund', createdAt: NOW - DAY },
      { tag: 'devolução', createdAt: NOW - 2 * DAY },
      { tag: 'estorno', createdAt: NOW - 3 * DAY },
      { tag: 'return', createdAt: NOW - 200 * DAY },
    ];
    expect(countMetric(metric, { now: NOW, inbound: [], tags }, 90)).toBe(3);
    expect(countMetric(metric, { now: NOW, inbound: [daysAgo(1, 'refund please')], tags }, 90)).toBe(3);
  });
});

describe('team-edited rules', () => {
  it('validates rules and evaluates custom keywords and flags', () => {
    const rules: PriorityRule[] = rulesSchema.parse([
      {
        id: 'complaints',
        name: 'Complaints',
        enabled: true,
        flag: 'complaint',
        anyOf: [
          {
            metric: { kind: 'matching-inquiries', keywords: ['procon', 'reclame aqui'] },
            windowDays: 7,
            greaterThan: 0,
          },
        ],
      },
      { ...DEFAULT_PRIORITY_RULES[0]!, enabled: false },
    ]);
    const inbound = [
      daysAgo(1, 'vou reclamar no Reclame Aqui'),
      daysAgo(2),
      daysAgo(3),
      daysAgo(4),
      daysAgo(5),
    ];
    expect(evaluateRules(rules, { now: NOW, inbound, tags: [] }).flags).toEqual(['complaint']);
  });

  it('rejects malformed rules', () => {
    expect(rulesSchema.safeParse([{ id: 'x', name: 'x', enabled: true, flag: 'p', anyOf: [] }]).success).toBe(
      false,
    );
    expect(
      rulesSchema.safeParse([
        {
          id: 'x',
          name: 'x',
          enabled: true,
          flag: 'p',
          anyOf: [{ metric: { kind: 'bogus' }, windowDays: 1, greaterThan: 0 }],
        },
      ]).success,
    ).toBe(false);
  });
});
