/**
 * Reply templates as both the extension and the backend read them: one definition, so a file the
 * sidebar exports is exactly what a lead uploads as the team's set, and both sides explain a bad
 * file with the same words. zod only (the extension's service worker imports this module).
 */
import { z } from 'zod';

export const TEMPLATE_FILE_FORMAT = 'switchboard.templates';
export const TEMPLATE_FILE_VERSION = 1;

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

/** A template; `defaultSource` is what a file that does not say gets ('team' on the backend). */
export function templateSchemaWith(defaultSource: z.infer<typeof templateSourceSchema>) {
  return z
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
      variants: z
        .array(templateVariantSchema)
        .min(1, 'a template needs at least one language variant')
        .max(50),
      source: templateSourceSchema.default(defaultSource),
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
}

export interface TemplateProblem {
  /** Where in the file, e.g. `templates[3].variants[0].lang`. */
  path: string;
  /** What is wrong, in words, naming the template when it can. */
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : `${out ? '.' : ''}${String(segment)}`;
  }
  return out;
}

function describeTemplate(raw: unknown, index: number): string {
  const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === 'string' && id ? `template ${index + 1} ("${id}")` : `template ${index + 1}`;
}

/**
 * Validates every template of a list (nothing is accepted unless all are valid), including ids and
 * shortcuts used twice; `prefix` is where the list sits in the file, for the problem paths.
 */
export function validateTemplateList<S extends z.ZodType<{ id: string; shortcut: string }>>(
  schema: S,
  list: readonly unknown[],
  prefix: ReadonlyArray<string | number>,
): { ok: true; templates: z.output<S>[] } | { ok: false; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const templates: z.output<S>[] = [];
  const ids = new Map<string, number>();
  const shortcuts = new Map<string, number>();
  list.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = formatPath(issue.path);
        problems.push({
          path: formatPath([...prefix, index, ...issue.path]),
          message: `${describeTemplate(raw, index)}${field ? `, ${field}` : ''}: ${issue.message}`,
        });
      }
      return;
    }
    const template = parsed.data;
    const sameId = ids.get(template.id);
    if (sameId !== undefined) {
      problems.push({
        path: formatPath([...prefix, index, 'id']),
        message: `${describeTemplate(raw, index)}: the id is also used by template ${sameId + 1}`,
      });
    }
    const shortcutKey = template.shortcut.toLowerCase();
    const sameShortcut = shortcuts.get(shortcutKey);
    if (sameShortcut !== undefined) {
      problems.push({
        path: formatPath([...prefix, index, 'shortcut']),
        message: `${describeTemplate(raw, index)}: the shortcut ${template.shortcut} is also used by template ${sameShortcut + 1}`,
      });
    }
    ids.set(template.id, index);
    shortcuts.set(shortcutKey, index);
    templates.push(template);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, templates };
}
