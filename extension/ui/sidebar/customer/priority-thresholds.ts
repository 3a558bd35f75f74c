/**
 * The settings panel edits two numbers; the store keeps general rules. These helpers map between
 * them without losing any other rule the team configured. Pure; unit-tested.
 */
import type { PriorityRule } from '../../../../background/customer-types';

export interface PriorityThresholds {
  /** Flag when a customer made MORE than this many inquiries in 30 days. */
  inquiriesPer30Days: number;
  /** Flag when a customer asked for MORE than this many returns or refunds in 90 days. */
  refundsPer90Days: number;
}

type Condition = PriorityRule['anyOf'][number];

const isInquiries = (c: Condition) => c.metric.kind === 'inquiries' && c.windowDays === 30;
const isRefunds = (c: Condition) =>
  c.metric.kind === 'matching-inquiries' && c.metric.topic === 'refund' && c.windowDays === 90;

function find(rules: readonly PriorityRule[], match: (c: Condition) => boolean) {
  for (const rule of rules) {
    const condition = rule.anyOf.find(match);
    if (condition) return { rule, condition };
  }
  return null;
}

export const FALLBACK_THRESHOLDS: PriorityThresholds = { inquiriesPer30Days: 3, refundsPer90Days: 2 };

export function readThresholds(rules: readonly PriorityRule[]): PriorityThresholds {
  return {
    inquiriesPer30Days:
      find(rules, isInquiries)?.condition.greaterThan ?? FALLBACK_THRESHOLDS.inquiriesPer30Days,
    refundsPer90Days: find(rules, isRefunds)?.condition.greaterThan ?? FALLBACK_THRESHOLDS.refundsPer90Days,
  };
}

export function withThresholds(
  rules: readonly PriorityRule[],
  thresholds: PriorityThresholds,
): PriorityRule[] {
  const next: PriorityRule[] = rules.map((rule) => ({
    ...rule,
    anyOf: rule.anyOf.map((condition) => {
      if (isInquiries(condition)) return { ...condition, greaterThan: thresholds.inquiriesPer30Days };
      if (isRefunds(condition)) return { ...condition, greaterThan: thresholds.refundsPer90Days };
      return condition;
    }),
  }));
  // A team that deleted one of the default rules gets it back when they set its threshold.
  if (!find(next, isInquiries)) {
    next.push({
      id: 'repeat-contact',
      name: 'Repeat contact',
      enabled: true,
      flag: 'priority',
      anyOf: [{ metric: { kind: 'inquiries' }, windowDays: 30, greaterThan: thresholds.inquiriesPer30Days }],
    });
  }
  if (!find(next, isRefunds)) {
    next.push({
      id: 'returns',
      name: 'Returns or refunds',
      enabled: true,
      flag: 'priority',
      anyOf: [
        {
          metric: { kind: 'matching-inquiries', topic: 'refund' },
          windowDays: 90,
          greaterThan: thresholds.refundsPer90Days,
        },
      ],
    });
  }
  return next;
}

/** A threshold from an input field: a whole number from 0 to 999, or null when not one. */
export function parseThreshold(raw: string): number | null {
  if (!/^\s*\d{1,3}\s*$/.test(raw)) return null;
  return Number.parseInt(raw, 10);
}
