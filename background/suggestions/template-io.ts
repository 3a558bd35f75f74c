/**
 * Import and export of templates as JSON, so a team lead can move a library between
 * organisations or keep it in version control. Import validates everything up front and says
 * exactly what is wrong and where; nothing is half-imported.
 */
import { z } from 'zod';
import {
  formatPath,
  TEMPLATE_FILE_FORMAT,
  TEMPLATE_FILE_VERSION,
  type TemplateProblem,
  validateTemplateList,
} from '../../backend/protocol/templates';
import { type Template, templateSchema } from './template-model';

export const TEMPLATE_EXPORT_FORMAT = TEMPLATE_FILE_FORMAT;
export const TEMPLATE_EXPORT_VERSION = TEMPLATE_FILE_VERSION;

export interface TemplateExport {
  format: typeof TEMPLATE_EXPORT_FORMAT;
  version: typeof TEMPLATE_EXPORT_VERSION;
  exportedAt: string;
  templates: Template[];
}

export type ImportProblem = TemplateProblem;

export type ImportResult = { ok: true; templates: Template[] } | { ok: false; problems: ImportProblem[] };

export class TemplateImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    const shown = problems.slice(0, 5).map((p) => `- ${p.message}`);
    const more = problems.length > 5 ? [`- …and ${problems.length - 5} more`] : [];
    super(['These templates cannot be imported:', ...shown, ...more].join('\n'));
    this.name = 'TemplateImportError';
  }
}

export function exportTemplates(templates: readonly Template[], now: Date = new Date()): string {
  const file: TemplateExport = {
    format: TEMPLATE_EXPORT_FORMAT,
    version: TEMPLATE_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    templates: [...templates],
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const exportFileSchema = z.object({
  format: z.literal(TEMPLATE_EXPORT_FORMAT, { message: `expected "format": "${TEMPLATE_EXPORT_FORMAT}"` }),
  version: z.literal(TEMPLATE_EXPORT_VERSION, {
    message: `this file is from a newer Switchboard (only version ${TEMPLATE_EXPORT_VERSION} is understood)`,
  }),
  templates: z.array(z.unknown(), { message: 'expected a "templates" list' }),
});

/**
 * Validates parsed data: either an export file or a bare list of templates (hand-written files
 * are usually just the list).
 */
export function validateTemplates(data: unknown): ImportResult {
  let list: unknown[];
  let prefix: Array<string | number> = [];
  if (Array.isArray(data)) {
    list = data;
  } else {
    const file = exportFileSchema.safeParse(data);
    if (!file.success) {
      return {
        ok: false,
        problems: file.error.issues.map((issue) => ({
          path: formatPath(issue.path),
          message:
            data === null || typeof data !== 'object'
              ? 'expected a Switchboard templates file (an object with "templates") or a list of templates'
              : issue.message,
        })),
      };
    }
    list = file.data.templates;
    prefix = ['templates'];
  }

  return validateTemplateList(templateSchema, list, prefix);
}

/** Parses and validates a JSON text; never throws. */
export function parseTemplatesJson(json: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '', message: `the file is not valid JSON (${(error as Error).message})` }],
    };
  }
  return validateTemplates(data);
}

/** Like parseTemplatesJson, for callers that prefer an exception with every problem listed. */
export function importTemplatesOrThrow(json: string): Template[] {
  const result = parseTemplatesJson(json);
  if (!result.ok) throw new TemplateImportError(result.problems);
  return result.templates;
}
