/**
 * The organisation's approved WhatsApp templates, per connected channel account, and what an agent
 * may send in one conversation right now (is its channel connected to the API, is the 24 h window
 * open). Leads store the list with PUT (the names, languages and body texts Meta approved); agents
 * read it with GET, optionally for one conversation.
 *
 * Storage: the `channel_templates` table (migration 0005).
 * TODO(migrations): move it into a numbered migration when the migration list is next touched.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { type Authenticator, bearerToken } from '../auth/authenticate';
import { hasRole, type Principal } from '../auth/principal';
import type { Schema } from '../storage/schema';
import { ApiError, forbidden, notFound, parseOr400 } from './errors';

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

interface ChannelTemplatesTable {
  id: string;
  org_id: string;
  account_id: string;
  name: string;
  language: string;
  category: string;
  body: string;
  created_at: number;
}
type Db = Kysely<Schema & { channel_templates: ChannelTemplatesTable }>;

export interface ChannelTemplate {
  accountId: string;
  name: string;
  language: string;
  category: string;
  /** Body text as approved, with {{1}}, {{2}}… where parameters go. */
  body: string;
  parameterCount: number;
}

/** Highest {{n}} placeholder in a template body (Meta numbers them from 1, without gaps). */
export function parameterCount(body: string): number {
  let max = 0;
  for (const match of body.matchAll(/\{\{\s*(\d{1,2})\s*\}\}/g)) max = Math.max(max, Number(match[1]));
  return max;
}

const templateSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[a-z0-9_]+$/, 'lowercase letters, digits and "_" (Meta template names)'),
  language: z.string().min(2).max(15).default('en_US'),
  category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']).default('UTILITY'),
  body: z.string().min(1).max(1024),
});
const putSchema = z.object({
  accountId: z.string().min(1).max(100),
  templates: z.array(templateSchema).max(200),
});
const getQuery = z.object({ conversationId: z.string().min(1).max(100).optional() });

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'unauthorized', 'Missing or invalid bearer token');
  return request.principal;
}

function dto(row: ChannelTemplatesTable): ChannelTemplate {
  return {
    accountId: row.account_id,
    name: row.name,
    language: row.language,
    category: row.category,
    body: row.body,
    parameterCount: parameterCount(row.body),
  };
}

export function registerChannelTemplateRoutes(
  app: FastifyInstance,
  deps: { authenticator: Authenticator; db: Kysely<Schema>; now?: () => number },
): void {
  const db = deps.db.withTables<{ channel_templates: ChannelTemplatesTable }>() as Db;
  const now = deps.now ?? Date.now;

  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const principal = await deps.authenticator.authenticate(bearerToken(request.headers.authorization));
      if (!principal) throw new ApiError(401, 'unauthorized', 'Missing or invalid bearer token');
      request.principal = principal;
    });

    api.put('/api/v1/channel-templates', async (request) => {
      const principal = principalOf(request);
      if (!hasRole(principal, 'lead')) throw forbidden('Only leads and admins can change templates');
      const body = parseOr400(putSchema, request.body);
      const account = await db
        .selectFrom('channel_accounts')
        .select(['id', 'channel'])
        .where('id', '=', body.accountId)
        .where('org_id', '=', principal.orgId)
        .executeTakeFirst();
      if (!account) throw notFound('Channel account');
      if (account.channel !== 'whatsapp') {
        throw new ApiError(400, 'not_whatsapp', 'Templates exist for WhatsApp accounts only');
      }
      const at = now();
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('channel_templates').where('account_id', '=', account.id).execute();
        if (body.templates.length === 0) return;
        await tx
          .insertInto('channel_templates')
          .values(
            body.templates.map((t) => ({
              id: randomUUID(),
              org_id: principal.orgId,
              account_id: account.id,
              name: t.name,
              language: t.language,
              category: t.category,
              body: t.body,
              created_at: at,
            })),
          )
          .execute();
      });
      return {
        templates: body.templates.map((t) => ({
          accountId: account.id,
          ...t,
          parameterCount: parameterCount(t.body),
        })),
      };
    });

    api.get('/api/v1/channel-templates', async (request) => {
      const principal = principalOf(request);
      const { conversationId } = parseOr400(getQuery, request.query, 'query');
      const list = (accountIds: string[] | null) => {
        let q = db
          .selectFrom('channel_templates')
          .selectAll()
          .where('org_id', '=', principal.orgId)
          .orderBy('name')
          .orderBy('language');
        if (accountIds)
          q = accountIds.length ? q.where('account_id', 'in', accountIds) : q.where(sql.lit(false));
        return q.execute();
      };
      if (!conversationId) return { templates: (await list(null)).map(dto) };

      const conversation = await db
        .selectFrom('conversations')
        .select(['id', 'channel', 'last_customer_message_at'])
        .where('id', '=', conversationId)
        .where('org_id', '=', principal.orgId)
        .executeTakeFirst();
      if (!conversation) throw notFound('Conversation');
      // The sender the outbound queue would pick: the account the customer last wrote to, else the
      // organisation's only account on that channel.
      const lastInbound = await db
        .selectFrom('channel_messages')
        .select('account_id')
        .where('conversation_id', '=', conversation.id)
        .where('direction', '=', 'in')
        .orderBy('occurred_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      const accounts = await db
        .selectFrom('channel_accounts')
        .select('id')
        .where('org_id', '=', principal.orgId)
        .where('channel', '=', conversation.channel)
        .execute();
      const accountId = lastInbound?.account_id ?? (accounts.length === 1 ? (accounts[0]?.id ?? null) : null);
      const last = conversation.last_customer_message_at;
      const windowClosesAt = last === null ? null : Number(last) + SERVICE_WINDOW_MS;
      const rows = conversation.channel === 'whatsapp' && accountId ? await list([accountId]) : [];
      return {
        conversation: {
          id: conversation.id,
          channel: conversation.channel,
          connected: accountId !== null,
          accountId,
          lastCustomerMessageAt: last === null ? null : Number(last),
          windowClosesAt,
          windowOpen: windowClosesAt !== null && now() < windowClosesAt,
        },
        templates: rows.map(dto),
      };
    });
  });
}
