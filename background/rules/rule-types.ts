/**
 * Priority rules are data the team edits (stored in settings, validated on write): each rule
 * flags a customer when any of its conditions — a count over a time window — exceeds a threshold.
 */
import { z } from 'zod';

export const metricSchema = z.discriminatedUnion('kind', [
  /** Separate contacts: inbound messages after a quiet gap (see INQUIRY_GAP_MS). */
  z.object({ kind: z.literal('inquiries') }),
  /**
   * Inquiries that mention a topic or any keyword, plus customer tags added in the window
   * (a tag records one occurrence; the larger of the two counts is used so a tagged, detected
   * refund is not counted twice).
   */
  z.object({
    kind: z.literal('matching-inquiries'),
    topic: z.enum(['refund']).optional(),
    keywords: z.array(z.string().min(1)).optional(),
    tags: z.array(z.string().min(1)).optional(),
  }),
]);

export const conditionSchema = z.object({
  metric: metricSchema,
  windowDays: z.number().int().positive().max(3650),
  greaterThan: z.number().int().nonnegative(),
});

export const ruleSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  enabled: z.boolean(),
  flag: z.string().min(1),
  anyOf: z.array(conditionSchema).min(1),
});

export const rulesSchema = z.array(ruleSchema);

export type Metric = z.infer<typeof metricSchema>;
export type RuleCondition = z.infer<typeof conditionSchema>;
export type PriorityRule = z.infer<typeof ruleSchema>;

export const DEFAULT_PRIORITY_RULES: PriorityRule[] = [
  {
    id: 'repeat-contact',
    name: 'More than 3 inquiries in 30 days',
    enabled: true,
    flag: 'priority',
    anyOf: [{ metric: { kind: 'inquiries' }, windowDays: 30, greaterThan: 3 }],
  },
  {
    id: 'returns',
    name: 'More than 2 returns or refunds in 90 days',
    enabled: true,
    flag: 'priority',
    anyOf: [{ metric: { kind: 'matching-inquiries', topic: 'refund' }, windowDays: 90, greaterThan: 2 }],
  },
];
