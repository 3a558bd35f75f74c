import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config';
import type { Channel } from '../../storage/schema';
import type { WebhookInbox } from './inbox';
import { checkSignature } from './signature';

/** Meta allows webhook payloads up to 3 MB. */
const WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024;
const CHANNELS: readonly Channel[] = ['whatsapp', 'messenger', 'instagram'];

/**
 * GET: the verify-token handshake. POST: signature over the exact raw bytes, then one durable
 * insert into the inbox and 200 — processing happens from the inbox, so Meta is answered fast.
 */
export function registerWebhookRoutes(app: FastifyInstance, config: Config, inbox: WebhookInbox): void {
  app.register(async (scope) => {
    // The body must stay raw bytes: the signature covers them exactly as sent.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    for (const channel of CHANNELS) {
      scope.get(`/webhooks/${channel}`, async (request, reply) => {
        const query = request.query as Record<string, string | undefined>;
        const expected = config.meta.verifyToken;
        if (query['hub.mode'] === 'subscribe' && expected && query['hub.verify_token'] === expected) {
          return reply
            .code(200)
            .type('text/plain')
            .send(query['hub.challenge'] ?? '');
        }
        return reply.code(403).send({
          error: {
            code: 'verification_failed',
            message: expected
              ? 'hub.mode must be "subscribe" and hub.verify_token must match META_VERIFY_TOKEN'
              : 'META_VERIFY_TOKEN is not configured on this server',
          },
        });
      });

      scope.post(`/webhooks/${channel}`, async (request, reply) => {
        const secret = config.meta.appSecret;
        if (!secret) {
          return reply.code(503).send({
            error: {
              code: 'not_configured',
              message: 'META_APP_SECRET is not configured: webhooks cannot be verified',
            },
          });
        }
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const check = checkSignature(raw, request.headers['x-hub-signature-256'], secret);
        if (check === 'missing') {
          return reply.code(401).send({
            error: { code: 'signature_missing', message: 'X-Hub-Signature-256 header is required' },
          });
        }
        if (check === 'invalid') {
          request.log.warn({ channel }, 'webhook with a wrong signature refused');
          return reply.code(403).send({
            error: { code: 'signature_invalid', message: 'X-Hub-Signature-256 does not match the body' },
          });
        }
        await inbox.accept(channel, raw);
        return reply.code(200).send({ received: true });
      });
    }
  });
}
