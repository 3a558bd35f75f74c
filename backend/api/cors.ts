import type { FastifyInstance } from 'fastify';

/**
 * Minimal CORS for the browser extension: its background service worker calls the REST API from
 * a `chrome-extension://<id>` (or Firefox `moz-extension://<uuid>`) origin without host
 * permissions. Only extension origins are answered; web pages get no CORS headers, so a site an
 * agent visits cannot read the API with a token it does not have anyway. No cookies are used
 * (bearer tokens only), so credentials are never allowed.
 */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9._-]{1,128}$/;

export function isExtensionOrigin(origin: string | undefined): origin is string {
  return typeof origin === 'string' && EXTENSION_ORIGIN.test(origin);
}

export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!isExtensionOrigin(origin) || !request.url.startsWith('/api/')) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', 'authorization, content-type, idempotency-key')
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
