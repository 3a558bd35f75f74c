import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, conflict, forbidden, parseOr400 } from '../../api/errors';
import { type Authenticator, bearerToken } from '../../auth/authenticate';
import { hasRole, type Principal } from '../../auth/principal';
import { channelSchema } from '../../protocol/v1';
import { outboundContentSchema } from './outbound';
import type { ChannelsService } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(200) });

const createAccountSchema = z.object({
  channel: channelSchema,
  externalId: z.string().trim().min(1).max(100),
  /** Meta's per-number throughput: 80 msg/s by default, up to 1,000 after an upgrade. */
  ratePerSecond: z.number().int().min(1).max(1_000).optional(),
});

const createRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    language: z.string().trim().min(2).max(15).optional(),
    phrases: z.array(z.string().trim().min(1).max(200)).min(1).max(100),
    action: z.enum(['template', 'order_status']).default('template'),
    template: z
      .object({ name: z.string().min(1).max(512), language: z.string().min(2).max(15).default('en_US') })
      .optional(),
    replyText: z.string().trim().min(1).max(2_000).optional(),
    lookup: z
      .object({ url: z.url(), timeoutMs: z.number().int().min(100).max(30_000).default(3_000) })
      .optional(),
    enabled: z.boolean().default(true),
  })
  .refine((r) => r.template || r.replyText, {
    message: 'give a template (WhatsApp) or replyText (Messenger/Instagram)',
  })
  .refine((r) => r.action !== 'order_status' || r.lookup, { message: 'order_status rules need lookup.url' });

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'unauthorized', 'Missing or invalid bearer token');
  return request.principal;
}

export function registerChannelRoutes(
  app: FastifyInstance,
  authenticator: Authenticator,
  channels: ChannelsService,
): void {
  const db = channels.store.db;
  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const principal = await authenticator.authenticate(bearerToken(request.headers.authorization));
      if (!principal) {
        throw new ApiError(
          401,
          'unauthorized',
          'Missing or invalid bearer token (Authorization: Bearer <token>)',
        );
      }
      request.principal = principal;
    });

    api.post('/api/v1/channel-accounts', async (request, reply) => {
      const principal = principalOf(request);
      if (!hasRole(principal, 'lead')) throw forbidden('Only leads and admins can connect channel accounts');
      const body = parseOr400(createAccountSchema, request.body);
      const existing = await db
        .selectFrom('channel_accounts')
        .select('org_id')
        .where('channel', '=', body.channel)
        .where('external_id', '=', body.externalId)
        .executeTakeFirst();
      if (existing) throw conflict('account_exists', `This ${body.channel} account is already connected`);
      const row = {
        id: randomUUID(),
        org_id: principal.orgId,
        channel: body.channel,
        external_id: body.externalId,
        rate_per_second: body.ratePerSecond ?? channels.store.options.defaultRatePerSecond,
        created_at: Date.now(),
      };
      await db.insertInto('channel_accounts').values(row).execute();
      reply.code(201);
      return { account: accountDto(row) };
    });

    api.get('/api/v1/channel-accounts', async (request) => {
      const rows = await db
        .selectFrom('channel_accounts')
        .selectAll()
        .where('org_id', '=', principalOf(request).orgId)
        .orderBy('created_at')
        .execute();
      return { accounts: rows.map(accountDto) };
    });

    api.post('/api/v1/conversations/:id/messages', async (request, reply) => {
      const principal = principalOf(request);
      const { id } = parseOr400(idParams, request.params, 'path');
      const content = parseOr400(outboundContentSchema, request.body);
      const key = request.headers['idempotency-key'];
      const clientKey = typeof key === 'string' && key.trim() ? `api:${key.trim().slice(0, 200)}` : undefined;
      const result = await channels.send({
        orgId: principal.orgId,
        conversationId: id,
        content,
        sender: 'human',
        createdBy: principal.agentId,
        ...(clientKey ? { clientKey } : {}),
      });
      reply.code(result.created ? 202 : 200);
      return { message: result.message };
    });

    api.get('/api/v1/conversations/:id/messages', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const { limit } = parseOr400(listQuery, request.query, 'query');
      return { messages: await channels.listMessages(principalOf(request).orgId, id, limit) };
    });

    api.post('/api/v1/automation/rules', async (request, reply) => {
      const principal = principalOf(request);
      if (!hasRole(principal, 'lead')) throw forbidden('Only leads and admins can change automation');
      const body = parseOr400(createRuleSchema, request.body);
      const row = {
        id: randomUUID(),
        org_id: principal.orgId,
        name: body.name,
        language: body.language ?? null,
        phrases: JSON.stringify(body.phrases),
        action: body.action,
        template_name: body.template?.name ?? null,
        template_language: body.template?.language ?? null,
        reply_text: body.replyText ?? null,
        lookup_url: body.lookup?.url ?? null,
        lookup_timeout_ms: body.lookup?.timeoutMs ?? null,
        enabled: body.enabled ? 1 : 0,
        created_at: Date.now(),
      };
      await db.insertInto('auto_rules').values(row).execute();
      reply.code(201);
      return { rule: { ...row, phrases: body.phrases, enabled: body.enabled } };
    });

    api.get('/api/v1/automation/rules', async (request) => {
      const rows = await db
        .selectFrom('auto_rules')
        .selectAll()
        .where('org_id', '=', principalOf(request).orgId)
        .orderBy('created_at')
        .execute();
      return {
        rules: rows.map((r) => ({
          ...r,
          phrases: JSON.parse(r.phrases) as string[],
          enabled: r.enabled === 1,
        })),
      };
    });

    api.get('/api/v1/automation/answers', async (request) => {
      const query = parseOr400(
        z.object({ conversationId: z.string().max(100).optional() }),
        request.query,
        'query',
      );
      let q = db
        .selectFrom('auto_answers')
        .selectAll()
        .where('org_id', '=', principalOf(request).orgId)
        .orderBy('created_at');
      if (query.conversationId) q = q.where('conversation_id', '=', query.conversationId);
      const rows = await q.limit(1_000).execute();
      return {
        answers: rows.map((r) => ({
          id: r.id,
          conversationId: r.conversation_id,
          inboundMessageId: r.inbound_message_id,
          ruleId: r.rule_id,
          outcome: r.outcome,
          reason: r.reason,
          outboundMessageId: r.outbound_message_id,
          createdAt: r.created_at,
        })),
      };
    });

    api.get('/api/v1/metrics/deflection', async (request) => channels.deflection(principalOf(request).orgId));
  });
}

function accountDto(row: {
  id: string;
  channel: string;
  external_id: string;
  rate_per_second: number;
  created_at: number;
}) {
  return {
    id: row.id,
    channel: row.channel,
    externalId: row.external_id,
    ratePerSecond: row.rate_per_second,
    createdAt: row.created_at,
  };
}
