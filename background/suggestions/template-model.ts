/**
 * Reply templates: what an agent inserts with one click or a `/shortcut`, in the customer's
 * language, with `{{variables}}` filled from the conversation's context.
 *
 * The zod schemas are the single definition: types are inferred from them, so anything that
 * passes import validation is a well-formed Template.
 */
import type { z } from 'zod';
import {
  templateSchemaWith,
  type templateSourceSchema,
  type templateVariantSchema,
} from '../../backend/protocol/templates';

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

export {
  languageCodeSchema,
  templateSourceSchema,
  templateVariantSchema,
} from '../../backend/protocol/templates';

/** A personal template unless the file says otherwise; shared with the backend's team templates. */
export const templateSchema = templateSchemaWith('personal');

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
