import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountsService } from '../auth/accounts';
import { type Authenticator, bearerToken } from '../auth/authenticate';
import type { Principal } from '../auth/principal';
import {
  conversationStatusSchema,
  createEnrollmentCodeSchema,
  enrollRequestSchema,
  eventBatchSchema,
  presenceRequestSchema,
  transferRequestSchema,
  updateAgentSchema,
  updateConversationSchema,
  updateOrganisationSchema,
  WS_CLOSE,
} from '../protocol/v1';
import type { RoutingService } from '../routing/routing-service';
import { ApiError, parseOr400 } from './errors';
import { TokenBuckets } from './rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

interface Services {
  authenticator: Authenticator;
  accounts: AccountsService;
  routing: RoutingService;
}

const idParams = z.object({ id: z.string().min(1).max(100) });
const listQuery = z.object({
  status: conversationStatusSchema.optional(),
  /** An agent id, "me", or "none" for the backlog. */
  assignee: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(0).optional(),
});
const createOrganisationSchema = z.object({ name: z.string().trim().min(1).max(100) });
const MAX_SNOOZE_MS = 366 * 86_400_000;
const snoozeSchema = z.object({
  /** Epoch milliseconds; must be in the future, at most a year ahead. */
  until: z.number().int().min(0).max(8_640_000_000_000),
});
const agentIdParams = z.object({ id: z.string().min(1).max(100) });

/**
 * Failed enrollment attempts allowed per client address: 10 at once, then one every 6 s. Only
 * failures are counted — guessing codes is what this stops — so a whole office enrolling behind
 * one NAT address at 9 am is never refused; once the bucket is empty, every attempt from that
 * address waits (429 with Retry-After), a valid code included.
 */
export const ENROLL_FAILURES_BURST = 10;
export const ENROLL_FAILURES_PER_SECOND = 1 / 6;

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'unauthorized', 'Missing or invalid bearer token');
  return request.principal;
}

export function registerV1Routes(app: FastifyInstance, services: Services): void {
  const { accounts, routing } = services;
  app.decorateRequest('principal', null);

  // The one unauthenticated call: exchanging an enrollment code for a token.
  const enrollFailures = new TokenBuckets(ENROLL_FAILURES_BURST, ENROLL_FAILURES_PER_SECOND);
  app.post('/api/v1/enroll', async (request, reply) => {
    const wait = enrollFailures.retryAfterSeconds(request.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError(
        429,
        'rate_limited',
        `Too many failed enrollment attempts from this address; retry in ${wait} s`,
      );
    }
    try {
      const body = parseOr400(enrollRequestSchema, request.body);
      const enrolled = await accounts.enroll(body);
      reply.code(201);
      return enrolled;
    } catch (error) {
      // Only the client's own mistakes count; a busy database is not the caller's failure.
      if (error instanceof ApiError && error.statusCode < 500) enrollFailures.take(request.ip);
      throw error;
    }
  });

  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const principal = await services.authenticator.authenticate(bearerToken(request.headers.authorization));
      if (!principal) {
        throw new ApiError(
          401,
          'unauthorized',
          'Missing or invalid bearer token (Authorization: Bearer <token>)',
        );
      }
      request.principal = principal;
    });

    api.get('/api/v1/me', async (request) => accounts.describe(principalOf(request)));

    api.post('/api/v1/organisations', async (request, reply) => {
      const body = parseOr400(createOrganisationSchema, request.body);
      reply.code(201);
      return accounts.createOrganisation(principalOf(request), body.name);
    });

    api.patch('/api/v1/organisation', async (request) => {
      const body = parseOr400(updateOrganisationSchema, request.body);
      return { organisation: await routing.updateOrganisation(principalOf(request), body) };
    });

    api.post('/api/v1/enrollment-codes', async (request, reply) => {
      const body = parseOr400(createEnrollmentCodeSchema, request.body ?? {});
      reply.code(201);
      return accounts.createEnrollmentCode(principalOf(request), body);
    });

    api.get('/api/v1/agents', async (request) => ({
      agents: await routing.listAgents(principalOf(request)),
    }));

    api.patch('/api/v1/agents/:id', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const body = parseOr400(updateAgentSchema, request.body);
      return { agent: await routing.updateAgent(principalOf(request), id, body) };
    });

    // Signs an agent out everywhere (self) or cuts off a lost device (admins, anyone in the org).
    api.delete('/api/v1/agents/:id/tokens', async (request) => {
      const principal = principalOf(request);
      const { id } = parseOr400(agentIdParams, request.params, 'path');
      const agentId = id === 'me' ? principal.agentId : id;
      const revoked = await accounts.revokeTokens(principal, agentId);
      // Sockets on this instance end now; those on other instances at their next token re-check.
      app.switchboard.hub.disconnectAgent(principal.orgId, agentId, WS_CLOSE.unauthorized, 'token revoked');
      return { agentId, revoked };
    });

    api.put('/api/v1/presence', async (request) => {
      const principal = principalOf(request);
      const { status } = parseOr400(presenceRequestSchema, request.body);
      await routing.setPresence(principal, status);
      return { agentId: principal.agentId, status };
    });

    api.post('/api/v1/events', async (request) => {
      const body = parseOr400(eventBatchSchema, request.body);
      return routing.ingest(principalOf(request), body.events);
    });

    api.get('/api/v1/conversations', async (request) => {
      const principal = principalOf(request);
      const query = parseOr400(listQuery, request.query, 'query');
      const assigneeId =
        query.assignee === 'none' ? null : query.assignee === 'me' ? principal.agentId : query.assignee;
      return {
        conversations: await routing.listConversations(principal, {
          limit: query.limit,
          ...(query.status ? { status: query.status } : {}),
          ...(assigneeId !== undefined ? { assigneeId } : {}),
          ...(query.before !== undefined ? { before: query.before } : {}),
        }),
      };
    });

    api.get('/api/v1/conversations/:id', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      return { conversation: await routing.getConversation(principalOf(request), id) };
    });

    api.patch('/api/v1/conversations/:id', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const body = parseOr400(updateConversationSchema, request.body);
      return { conversation: await routing.update(principalOf(request), id, body) };
    });

    api.post('/api/v1/conversations/:id/take', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      return { conversation: await routing.take(principalOf(request), id) };
    });

    api.post('/api/v1/conversations/:id/transfer', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const { agentId } = parseOr400(transferRequestSchema, request.body);
      return { conversation: await routing.transfer(principalOf(request), id, agentId) };
    });

    api.post('/api/v1/conversations/:id/resolve', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      return { conversation: await routing.resolve(principalOf(request), id) };
    });

    api.post('/api/v1/conversations/:id/snooze', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const { until } = parseOr400(snoozeSchema, request.body);
      if (until > Date.now() + MAX_SNOOZE_MS) {
        throw new ApiError(400, 'invalid_request', 'Invalid body: until: at most a year ahead');
      }
      return { conversation: await routing.snooze(principalOf(request), id, until) };
    });

    api.post('/api/v1/conversations/:id/reopen', async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      return { conversation: await routing.reopen(principalOf(request), id) };
    });
  });
}
