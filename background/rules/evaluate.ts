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

/** One inquiry as the rules see it: when it started, whether it asked for a refund, its texts. */
export interface InquirySignal {
  start: number;
  /** Some message of the inquiry matches the default refund/return keywords. */
  refund: boolean;
  /** The inquiry's texts; needed only by rules with their own keywords (see rulesNeedText). */
  texts?: readonly string[] | undefined;
}

export interface InquirySignals {
  now: number;
  /** The customer's inquiries, any order, covering at least the longest rule window. */
  inquiries: readonly InquirySignal[];
  tags: ReadonlyArray<{ tag: string; createdAt: number }>;
}

/** Whether some enabled rule matches its own keywords, so inquiries must carry their texts. */
export function rulesNeedText(rules: readonly PriorityRule[]): boolean {
  return rules.some(
    (rule) =>
      rule.enabled &&
      rule.anyOf.some((c) => c.metric.kind === 'matching-inquiries' && (c.metric.keywords ?? []).length > 0),
  );
}

export function countMetricOnInquiries(metric: Metric, signals: InquirySignals, windowDays: number): number {
  const since = signals.now - windowDays * DAY_MS;
  const inquiries = signals.inquiries.filter((inquiry) => inquiry.start >= since);
  if (metric.kind === 'inquiries') return inquiries.length;
  const ownKeywords = metric.keywords ?? [];
  const matchesOwn = ownKeywords.length > 0 ? phraseMatcher(ownKeywords) : null;
  const tagNames = new Set(
    [...(metric.tags ?? []), ...(metric.topic === 'refund' ? REFUND_TAGS : [])].map((tag) => foldText(tag)),
  );
  const fromMessages = inquiries.filter((inquiry) => {
    if (metric.topic === 'refund' && inquiry.refund) return true;
    if (!matchesOwn) return false;
    if (!inquiry.texts) throw new Error("countMetric: rules with keywords need the inquiries' texts");
    return inquiry.texts.some(matchesOwn);
  }).length;
  const fromTags = signals.tags.filter(
    (tag) => tag.createdAt >= since && tagNames.has(foldText(tag.tag)),
  ).length;
  return Math.max(fromMessages, fromTags);
}

function toInquirySignals(signals: RuleSignals): InquirySignals {
  const matchesRefund = phraseMatcher(REFUND_KEYWORDS);
  return {
    now: signals.now,
    tags: signals.tags,
    inquiries: groupInquiries(signals.inbound).map((inquiry) => ({
      start: inquiry.start,
      refund: inquiry.texts.some(matchesRefund),
      texts: inquiry.texts,
    })),
  };
}

export function countMetric(metric: Metric, signals: RuleSignals, windowDays: number): number {
  return countMetricOnInquiries(metric, toInquirySignals(signals), windowDays);
}

export function evaluateRules(rules: readonly PriorityRule[], signals: RuleSignals): RuleEvaluation {
  return evaluateRulesOnInquiries(rules, toInquirySignals(signals));
}

export function evaluateRulesOnInquiries(
  rules: readonly PriorityRule[],
  signals: InquirySignals,
): RuleEvaluation {
  const matches: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const condition of rule.anyOf) {
      const value = countMetricOnInquiries(condition.metric, signals, condition.windowDays);
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
