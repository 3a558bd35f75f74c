/**
 * Reply templates: what an agent inserts with one click or a `/shortcut`, in the customer's
 * language, with `{{variables}}` filled from the conversation's context.
 *
 * The zod schemas are the single definition: types are inferred from them, so anything that
 * passes import validation is a well-formed Template.
 */
import { z } from 'zod';

/** Intents the starter set and the keyword rules know. Custom templates may use any slug. */
export const KNOWN_INTENTS = [
  'greeting',
  'closing',
  'after_hours',
  'hold_on',
  'order_status',
  'tracking',
  'delivery_delay',
  'refund',
  'refund_status',
  'return',
  'exchange',
  'invoice',
  'payment_failed',
  'double_charge',
  'account_access',
  'address_change',
  'cancellation',
  'out_of_stock',
  'discount_code',
  'warranty',
  'sizing',
  'damaged_item',
  'wrong_item',
  'shipping_cost',
  'international_shipping',
  'store_pickup',
  'gift_card',
  'escalation',
] as const;
export type KnownIntent = (typeof KNOWN_INTENTS)[number];

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-", starting with a letter');

export const languageCodeSchema = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'expected a language code such as "en", "es", "pt", "th", "vi"');

export const templateVariantSchema = z.object({
  lang: languageCodeSchema,
  body: z
    .string()
    .trim()
    .min(1, 'the reply text is empty')
    .max(4000, 'the reply text is over 4,000 characters'),
  /** The wording for priority customers (VIP, or several refunds/returns recently). */
  priority: z.boolean().optional(),
});

export const templateSourceSchema = z.enum(['team', 'personal']);

const isoDate = z.iso.datetime({
  offset: true,
  message: 'expected an ISO date-time such as 2026-01-31T09:00:00Z',
});

export const templateSchema = z
  .object({
    id: z.string().trim().min(1, 'the id is empty').max(200),
    shortcut: z
      .string()
      .regex(
        /^\/[\p{L}\p{N}_-]+$/u,
        'a shortcut is "/" followed by letters, digits, "_" or "-", e.g. /refund',
      ),
    title: z.string().trim().min(1, 'the title is empty').max(200),
    /** What the customer is asking about; drives keyword suggestions. */
    intent: slug,
    /** Free grouping for the template picker ("Orders", "Payments"). */
    category: z.string().trim().max(100).optional(),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
    variants: z.array(templateVariantSchema).min(1, 'a template needs at least one language variant'),
    source: templateSourceSchema.default('personal'),
    updatedAt: isoDate,
    reviewedAt: isoDate.optional(),
  })
  .superRefine((template, ctx) => {
    const seen = new Set<string>();
    template.variants.forEach((variant, index) => {
      const key = `${variant.lang}${variant.priority ? ' (priority)' : ''}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', index],
          message: `a second ${key} variant; keep one per language (plus one priority variant)`,
        });
      }
      seen.add(key);
    });
  });

export type TemplateVariant = z.infer<typeof templateVariantSchema>;
export type TemplateSource = z.infer<typeof templateSourceSchema>;
export type Template = z.output<typeof templateSchema>;
/** What a caller may write (tags and source have defaults). */
export type TemplateInput = z.input<typeof templateSchema>;

/** The languages a template can answer in. */
export function templateLanguages(template: Template): string[] {
  return [...new Set(template.variants.map((v) => v.lang))];
}

/**
 * The variant to show: the priority wording when the customer is a priority customer and the
 * template has one, otherwise the standard one; undefined when the language is missing.
 */
export function pickVariant(
  template: Template,
  lang: string,
  priority: boolean,
): TemplateVariant | undefined {
  const inLanguage = template.variants.filter((v) => v.lang === lang);
  if (priority) {
    const priorityVariant = inLanguage.find((v) => v.priority);
    if (priorityVariant) return priorityVariant;
  }
  return inLanguage.find((v) => !v.priority) ?? inLanguage[0];
}
