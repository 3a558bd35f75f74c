/**
 * The organisation's team reply templates. Every agent of the organisation reads the set
 * (`GET /api/v1/templates`); leads and admins replace it from a JSON export
 * (`PUT /api/v1/templates`, the sidebar's `switchboard.templates` file or a bare list) or remove
 * one template (`DELETE /api/v1/templates/:id`). Personal templates never come here: they stay
 * in the agent's browser.
 *
 * A PUT is validated as a whole before anything is written; a 400 lists every problem with where
 * it is (`templates[3].variants[0].lang`) and what is wrong, in words.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Authenticator, bearerToken } from '../auth/authenticate';
import { hasRole, type Principal } from '../auth/principal';
import {
  formatPath,
  TEMPLATE_FILE_FORMAT,
  TEMPLATE_FILE_VERSION,
  type TemplateProblem,
  validateTemplateList,
} from '../protocol/templates';
import {
  MAX_TEAM_TEMPLATES,
  type ServerMessage,
  type TeamTemplate,
  type TeamTemplatesResponse,
  teamTemplateSchema,
} from '../protocol/v1';
import { lockOrganisation } from '../routing/organisation-lock';
import type { Database } from '../storage/database';
import { inTransaction } from '../storage/transaction';
import { ApiError, forbidden, notFound, parseOr400 } from './errors';

const MAX_PROBLEMS = 50;

const idParams = z.object({ id: z.string().min(1).max(200) });

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'unauthorized', 'Missing or invalid bearer token');
  return request.principal;
}

/** The body of a PUT: an export file or a bare list; every problem, or the templates. */
export function validateTeamTemplates(
  body: unknown,
): { ok: true; templates: TeamTemplate[] } | { ok: false; problems: TemplateProblem[] } {
  let list: unknown[];
  let prefix: Array<string | number> = [];
  if (Array.isArray(body)) {
    list = body;
  } else if (body && typeof body === 'object') {
    const file = body as { format?: unknown; version?: unknown; templates?: unknown };
    const problems: TemplateProblem[] = [];
    if (file.format !== undefined && file.format !== TEMPLATE_FILE_FORMAT) {
      problems.push({ path: 'format', message: `expected "format": "${TEMPLATE_FILE_FORMAT}"` });
    }
    if (file.version !== undefined && file.version !== TEMPLATE_FILE_VERSION) {
      problems.push({
        path: 'version',
        message: `this file is from a newer Switchboard (only version ${TEMPLATE_FILE_VERSION} is understood)`,
      });
    }
    if (!Array.isArray(file.templates))
      problems.push({ path: 'templates', message: 'expected a "templates" list' });
    if (problems.length > 0) return { ok: false, problems };
    list = file.templates as unknown[];
    prefix = ['templates'];
  } else {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message:
            'expected a Switchboard templates file (an object with "templates") or a list of templates',
        },
      ],
    };
  }
  if (list.length > MAX_TEAM_TEMPLATES) {
    return {
      ok: false,
      problems: [
        {
          path: formatPath(prefix),
          message: `${list.length} templates; a team library holds at most ${MAX_TEAM_TEMPLATES}`,
        },
      ],
    };
  }

  const result = validateTemplateList(teamTemplateSchema, list, prefix);
  if (!result.ok) return result;
  return { ok: true, templates: result.templates.map((t) => ({ ...t, source: 'team' as const })) };
}

export function registerTemplateRoutes(
  app: FastifyInstance,
  deps: {
    authenticator: Authenticator;
    database: Database;
    /** Realtime pushes to the organisation's agents (every instance). */
    push?: (items: Array<{ orgId: string; message: ServerMessage }>) => void;
    now?: () => number;
  },
): void {
  const { database } = deps;
  const db = database.db;
  const now = deps.now ?? Date.now;
  /** Tells the organisation's connected extensions to fetch the set again. */
  const announce = (orgId: string) =>
    deps.push?.([{ orgId, message: { type: 'templates.updated', at: now() } }]);

  const readSet = async (orgId: string): Promise<TeamTemplatesResponse> => {
    const rows = await database.readDb
      .selectFrom('templates')
      .select(['body', 'updated_at'])
      .where('org_id', '=', orgId)
      .orderBy('position')
      .orderBy('id')
      .execute();
    let updatedAt = 0;
    const templates: TeamTemplate[] = [];
    for (const row of rows) {
      updatedAt = Math.max(updatedAt, Number(row.updated_at));
      templates.push(JSON.parse(row.body) as TeamTemplate);
    }
    return { templates, updatedAt };
  };

  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const principal = await deps.authenticator.authenticate(bearerToken(request.headers.authorization));
      if (!principal) throw new ApiError(401, 'unauthorized', 'Missing or invalid bearer token');
      request.principal = principal;
    });

    api.get('/api/v1/templates', async (request) => readSet(principalOf(request).orgId));

    api.put('/api/v1/templates', async (request) => {
      const principal = principalOf(request);
      if (!hasRole(principal, 'lead')) throw forbidden('Only leads and admins can change team templates');
      const result = validateTeamTemplates(request.body);
      if (!result.ok) {
        const shown = result.problems.slice(0, MAX_PROBLEMS);
        const more = result.problems.length - shown.length;
        throw new ApiError(
          400,
          'invalid_templates',
          `These templates cannot be saved: ${shown
            .slice(0, 5)
            .map((p) => p.message)
            .join('; ')}${result.problems.length > 5 ? `; …and ${result.problems.length - 5} more` : ''}`,
          { problems: shown, ...(more > 0 ? { more } : {}) },
        );
      }
      const at = now();
      await inTransaction(db, async (tx) => {
        // Two leads saving at once: one set wins whole, never a mix of both.
        await lockOrganisation(tx, database.dialect, principal.orgId);
        await tx.deleteFrom('templates').where('org_id', '=', principal.orgId).execute();
        // Chunked: SQLite allows a limited number of bound parameters per statement.
        for (let start = 0; start < result.templates.length; start += 100) {
          await tx
            .insertInto('templates')
            .values(
              result.templates.slice(start, start + 100).map((template, offset) => ({
                org_id: principal.orgId,
                id: template.id,
                position: start + offset,
                body: JSON.stringify(template),
                updated_by: principal.agentId,
                updated_at: at,
              })),
            )
            .execute();
        }
      });
      announce(principal.orgId);
      return { templates: result.templates, updatedAt: result.templates.length > 0 ? at : 0 };
    });

    api.delete('/api/v1/templates/:id', async (request) => {
      const principal = principalOf(request);
      if (!hasRole(principal, 'lead')) throw forbidden('Only leads and admins can change team templates');
      const { id } = parseOr400(idParams, request.params, 'path');
      const deleted = await db
        .deleteFrom('templates')
        .where('org_id', '=', principal.orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw notFound('Template');
      announce(principal.orgId);
      return { deleted: id };
    });
  });
}
