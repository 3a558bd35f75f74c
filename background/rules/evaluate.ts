/** Evaluates priority rules over a customer's recent inbound messages and tags. Pure. */
import { REFUND_KEYWORDS, REFUND_TAGS } from './refund-keywords';
import type { Metric, PriorityRule } from './rule-types';
import { foldText, phraseMatcher } from './text-match';

const DAY_MS = 86_400_000;
/**
 * An inbound message after this much silence from the customer starts a new inquiry. Several
 * messages in one sitting ("hi" / "my order" / "it's late") are one inquiry, across channels.
 */
export const INQUIRY_GAP_MS = 6 * 60 * 60 * 1000;

export interface RuleSignals {
  now: number;
  /** The customer's inbound messages, any order, covering at least the longest rule window. */
  inbound: ReadonlyArray<{ timestamp: number; text: string }>;
  tags: ReadonlyArray<{ tag: string; createdAt: number }>;
}

export interface RuleMatch {
  ruleId: string;
  name: string;
  flag: string;
  value: number;
  greaterThan: number;
  windowDays: number;
}

export interface RuleEvaluation {
  flags: string[];
  matches: RuleMatch[];
}

/** How far back the rules look, so the store fetches just enough. */
export function longestWindowMs(rules: readonly PriorityRule[]): number {
  let days = 0;
  for (const rule of rules) if (rule.enabled) for (const c of rule.anyOf) days = Math.max(days, c.windowDays);
  return days * DAY_MS + INQUIRY_GAP_MS;
}

/** Inquiries as groups of inbound messages, oldest first. */
export function groupInquiries(
  inbound: ReadonlyArray<{ timestamp: number; text: string }>,
): Array<{ start: number; texts: string[] }> {
  const sorted = [...inbound].sort((a, b) => a.timestamp - b.timestamp);
  const inquiries: Array<{ start: number; texts: string[] }> = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const message of sorted) {
    if (message.timestamp - previous > INQUIRY_GAP_MS || inquiries.length === 0) {
      inquiries.push({ start: message.timestamp, texts: [] });
    }
    inquiries[inquiries.length - 1]!.texts.push(message.text);
    previous = message.timestamp;
  }
  return inquiries;
}

export function countMetric(metric: Metric, signals: RuleSignals, windowDays: number): number {
  const since = signals.now - windowDays * DAY_MS;
  const inquiries = groupInquiries(signals.inbound).filter((inquiry) => inquiry.start >= since);
  if (metric.kind === 'inquiries') return inquiries.length;
  const keywords = [...(metric.keywords ?? []), ...(metric.topic === 'refund' ? REFUND_KEYWORDS : [])];
  const tagNames = new Set(
    [...(metric.tags ?? []), ...(metric.topic === 'refund' ? REFUND_TAGS : [])].map((tag) => foldText(tag)),
  );
  const matches = phraseMatcher(keywords);
  const fromMessages = inquiries.filter((inquiry) => inquiry.texts.some(matches)).length;
  const fromTags = signals.tags.filter(
    (tag) => tag.createdAt >= since && tagNames.has(foldText(tag.tag)),
  ).length;
  return Math.max(fromMessages, fromTags);
}

export function evaluateRules(rules: readonly PriorityRule[], signals: RuleSignals): RuleEvaluation {
  const matches: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const condition of rule.anyOf) {
      const value = countMetric(condition.metric, signals, condition.windowDays);
      if (value > condition.greaterThan) {
        matches.push({
          ruleId: rule.id,
          name: rule.name,
          flag: rule.flag,
          value,
          greaterThan: condition.greaterThan,
          windowDays: condition.windowDays,
        });
        break;
      }
    }
  }
  return { flags: [...new Set(matches.map((match) => match.flag))], matches };
}
