/**
 * What the suggestion engine knows about the conversation besides the messages, and the rule
 * that decides who gets the priority wording of a template.
 */
import type { DetectedLanguage } from '../translation/languages';
import type { TemplateContext } from './template-variables';

export interface CustomerMessage {
  text: string;
  /** Detected upstream when the message arrived; detected here when missing. */
  lang?: DetectedLanguage;
}

export interface CustomerFacts {
  name?: string;
  firstName?: string;
  /** Language the customer wrote in before, for when the latest messages are just "ok 👍". */
  preferredLang?: string;
  refundsLast90Days?: number;
  returnsLast90Days?: number;
  inquiriesLast30Days?: number;
  /** Marked VIP / priority by the team. */
  priority?: boolean;
  [key: string]: unknown;
}

export interface SuggestionContext extends TemplateContext {
  customer?: CustomerFacts;
  /** Outside the shop's opening hours: the after-hours reply comes first. */
  afterHours?: boolean;
}

export interface PriorityRule {
  /** Refunds plus returns in the last 90 days from which a customer counts as priority. */
  minRefundsAndReturns90d: number;
  /** Inquiries in the last 30 days from which a customer counts as priority (repeat contact). */
  minInquiries30d: number;
}

export const DEFAULT_PRIORITY_RULE: PriorityRule = { minRefundsAndReturns90d: 2, minInquiries30d: 5 };

/**
 * A customer who has had several refunds or returns lately, or keeps writing in, has had a bad
 * run with the shop: they get the wording that acknowledges it and fast-tracks the fix.
 */
export function isPriorityCustomer(
  customer: CustomerFacts | undefined,
  rule: PriorityRule = DEFAULT_PRIORITY_RULE,
): boolean {
  if (!customer) return false;
  if (customer.priority) return true;
  const troubles = (customer.refundsLast90Days ?? 0) + (customer.returnsLast90Days ?? 0);
  return (
    troubles >= rule.minRefundsAndReturns90d || (customer.inquiriesLast30Days ?? 0) >= rule.minInquiries30d
  );
}
