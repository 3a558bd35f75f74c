import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { escapeUnicode, signBody } from '../channels/shared/signature';
import { loadSpecValidator } from './spec';

/**
 * A stand-in for Meta's Graph API (WhatsApp Cloud API, Messenger/Instagram Send API) for tests
 * and local development: Meta's response and error shapes, per-number throughput (130429) and
 * per-recipient pair-rate (131056) limits, every WhatsApp request validated against the official
 * OpenAPI spec, and signed status webhooks sent back with retries and the odd duplicate.
 */
export interface StandinOptions {
  appSecret: string;
  /** Where status webhooks go: the backend's /webhooks/<product> URLs. */
  webhooks?: { whatsapp?: string; messenger?: string; instagram?: string };
  /** Accepted access tokens; any non-empty token when unset. */
  accessTokens?: string[];
  /** Token → product for /me/messages (Messenger unless listed here). */
  instagramTokens?: string[];
  /** Throughput per phone number (msg/s), default 80. */
  ratePerSecond?: number;
  rates?: Record<string, number>;
  /** Pair rate: `pairBurst` messages, then one per `pairIntervalMs`, per (number, recipient). */
  pairBurst?: number;
  pairIntervalMs?: number;
  /** Delay before each status webhook, ms. */
  statusDelayMs?: number;
  /** Send status webhooks at all (benches of pure throughput turn them off). */
  statuses?: boolean;
  /** Share of webhook posts delivered twice (Meta retries can duplicate). */
  duplicateRate?: number;
  /** Recipients whose messages fail asynchronously (131026 undeliverable). */
  failRecipients?: string[];
  seed?: number;
  /** Tests: runs before a send is answered (e.g. to deliver a receipt ahead of the response). */
  beforeResponse?: (request: {
    product: 'whatsapp' | 'messenger' | 'instagram';
    body: unknown;
  }) => Promise<void>;
}

export interface ReceivedRequest {
  product: 'whatsapp' | 'messenger' | 'instagram';
  path: string;
  body: Record<string, unknown>;
  at: number;
  outcome: 'accepted' | 'rejected';
  errorCode?: number;
  messageId?: string;
}

export interface GraphStandin {
  app: FastifyInstance;
  baseUrl: string;
  received: ReceivedRequest[];
  webhooksSent: { product: string; body: string; status: number }[];
  /** The next `count` send requests answer with this Meta error code. */
  failNext(code: number, count?: number): void;
  /** Resolves once every scheduled status webhook was delivered (or given up on). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const ERRORS: Record<
  number,
  { status: number; message: string; type: string; details?: string; transient?: boolean }
> = {
  1: { status: 500, message: 'An unknown error occurred', type: 'OAuthException', transient: true },
  2: { status: 503, message: 'Service temporarily unavailable', type: 'OAuthException', transient: true },
  4: {
    status: 400,
    message: '(#4) Application request limit reached',
    type: 'OAuthException',
    transient: true,
  },
  100: { status: 400, message: '(#100) Invalid parameter', type: 'OAuthException' },
  190: {
    status: 401,
    message: 'Invalid OAuth access token - Cannot parse access token',
    type: 'OAuthException',
  },
  80007: {
    status: 400,
    message: '(#80007) Rate limit issues',
    type: 'OAuthException',
    details: 'Business request limit reached for WhatsApp Business Account',
  },
  130429: {
    status: 400,
    message: '(#130429) Rate limit hit',
    type: 'OAuthException',
    details: 'Cloud API message throughput has been reached.',
  },
  131026: {
    status: 400,
    message: '(#131026) Message undeliverable',
    type: 'OAuthException',
    details: 'Message could not be delivered to the recipient.',
  },
  131047: {
    status: 400,
    message: '(#131047) Re-engagement message',
    type: 'OAuthException',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131056: {
    status: 400,
    message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
    type: 'OAuthException',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  132001: {
    status: 404,
    message: '(#132001) Template name does not exist in the translation',
    type: 'OAuthException',
  },
};

function graphError(code: number, extraDetails?: string) {
  const known = ERRORS[code] ?? { status: 400, message: `(#${code}) Error`, type: 'OAuthException' };
  return {
    status: known.status,
    body: {
      error: {
        message: known.message,
        type: known.type,
        code,
        error_data: {
          messaging_product: 'whatsapp',
          details: extraDetails ?? known.details ?? known.message,
        },
        ...(known.transient ? { is_transient: true } : {}),
        fbtrace_id: `A${randomBytes(8).toString('hex')}`,
      },
    },
  };
}

/** Token bucket: `capacity` at once, refilled at `perMs` tokens per millisecond. */
class Bucket {
  private tokens: number;
  private at = performance.now();
  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
  ) {
    this.tokens = capacity;
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export async function startGraphStandin(options: StandinOptions, port = 0): Promise<GraphStandin> {
  const validator = loadSpecValidator();
  // Closing drops every connection at once: clients' keep-alive sockets must not hold it open.
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024, forceCloseConnections: true });
  // Media uploads are multipart; the stand-in only needs to see that the parts are there.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_r, body, done) =>
    done(null, body),
  );
  const received: ReceivedRequest[] = [];
  const webhooksSent: GraphStandin['webhooksSent'] = [];
  const numberBuckets = new Map<string, Bucket>();
  const pairBuckets = new Map<string, Bucket>();
  const forced: number[] = [];
  const pending = new Set<Promise<void>>();
  const media = new Map<string, { mime: string }>();
  let seed = options.seed ?? 42;
  // Deterministic pseudo-randomness: a failing run can be replayed exactly.
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  let closed = false;

  const authorised = (headers: Record<string, unknown>, query: Record<string, unknown>): string | null => {
    const header = typeof headers.authorization === 'string' ? headers.authorization : '';
    const token =
      /^Bearer\s+(.+)$/i.exec(header)?.[1] ??
      (typeof query.access_token === 'string' ? query.access_token : '');
    if (!token) return null;
    if (options.accessTokens && !options.accessTokens.includes(token)) return null;
    return token;
  };

  const send = (reply: FastifyReply, version: string, status: number, body: unknown) =>
    reply
      .code(status)
      .header('facebook-api-version', version)
      .header('x-fb-trace-id', randomBytes(6).toString('hex'))
      .send(body);

  async function postWebhook(
    product: 'whatsapp' | 'messenger' | 'instagram',
    payload: unknown,
  ): Promise<void> {
    const url = options.webhooks?.[product];
    if (!url || closed) return;
    const body = escapeUnicode(JSON.stringify(payload));
    const signature = signBody(body, options.appSecret);
    const copies = random() < (options.duplicateRate ?? 0) ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      // Meta retries a non-200 with back-off; the stand-in does too, briefly.
      for (let attempt = 0; attempt < 8 && !closed; attempt++) {
        let status = 0;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
            body,
          });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = 0;
        }
        webhooksSent.push({ product, body, status });
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  function schedule(work: () => Promise<void>, delay: number): void {
    const task = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(work).catch(() => {});
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }

  function whatsappStatuses(phoneId: string, wamid: string, to: string, callback: unknown): void {
    if (options.statuses === false) return;
    const delay = options.statusDelayMs ?? 5;
    const fails = options.failRecipients?.includes(to) ?? false;
    const sequence: string[] = fails
      ? ['sent', 'failed']
      : random() < 0.2
        ? ['sent', 'read']
        : ['sent', 'delivered', 'read'];
    schedule(async () => {
      for (const status of sequence) {
        const entry = {
          id: wamid,
          status,
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: to,
          ...(typeof callback === 'string' ? { biz_opaque_callback_data: callback } : {}),
          ...(status === 'failed'
            ? {
                errors: [
                  {
                    code: 131026,
                    title: 'Message undeliverable',
                    message: 'Message undeliverable',
                    error_data: { details: 'Message could not be delivered to the recipient.' },
                  },
                ],
              }
            : {}),
          ...(status === 'sent'
            ? {
                pricing: {
                  billable: false,
                  pricing_model: 'PMP',
                  category: 'service',
                  type: 'free_customer_service',
                },
              }
            : {}),
        };
        await postWebhook('whatsapp', {
          object: 'whatsapp_business_account',
          entry: [
            {
              id: 'standin-waba',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { display_phone_number: '15550000000', phone_number_id: phoneId },
                    statuses: [entry],
                  },
                },
              ],
            },
          ],
        });
      }
    }, delay);
  }

  app.post<{ Params: { version: string; node: string } }>(
    '/:version/:node/messages',
    async (request, reply) => {
      const { version, node } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const token = authorised(request.headers, request.query as Record<string, unknown>);
      const isMessaging = node === 'me' || 'recipient' in body;
      const product = !isMessaging
        ? 'whatsapp'
        : token && options.instagramTokens?.includes(token)
          ? 'instagram'
          : 'messenger';
      const record = (outcome: ReceivedRequest['outcome'], extra: Partial<ReceivedRequest> = {}) =>
        received.push({
          product,
          path: request.url,
          body,
          at: performance.timeOrigin + performance.now(),
          outcome,
          ...extra,
        });
      if (!token) {
        record('rejected', { errorCode: 190 });
        const e = graphError(190);
        return send(reply, version, e.status, e.body);
      }
      if (product === 'whatsapp') {
        const problems = validator.validateSend(body);
        if (problems) {
          record('rejected', { errorCode: 100 });
          const e = graphError(100, problems.join('; '));
          return send(reply, version, e.status, e.body);
        }
      }
      const forcedCode = forced.shift();
      if (forcedCode !== undefined) {
        record('rejected', { errorCode: forcedCode });
        const e = graphError(forcedCode);
        return send(reply, version, e.status, e.body);
      }
      if (product === 'whatsapp') {
        const rate = options.rates?.[node] ?? options.ratePerSecond ?? 80;
        let bucket = numberBuckets.get(node);
        if (!bucket) {
          bucket = new Bucket(rate, rate / 1_000);
          numberBuckets.set(node, bucket);
        }
        if (!bucket.take()) {
          record('rejected', { errorCode: 130429 });
          const e = graphError(130429);
          return send(reply, version, e.status, e.body);
        }
        if (body.status === 'read') {
          record('accepted');
          return send(reply, version, 200, { success: true });
        }
        const to = String(body.to ?? '').replace(/[^\d]/g, '');
        const pairKey = `${node}\u0000${to}`;
        let pair = pairBuckets.get(pairKey);
        if (!pair) {
          pair = new Bucket(options.pairBurst ?? 45, 1 / (options.pairIntervalMs ?? 6_000));
          pairBuckets.set(pairKey, pair);
        }
        if (!pair.take()) {
          record('rejected', { errorCode: 131056 });
          const e = graphError(131056);
          return send(reply, version, e.status, e.body);
        }
        const wamid = `wamid.${Buffer.from(randomBytes(24)).toString('base64')}`;
        record('accepted', { messageId: wamid });
        whatsappStatuses(node, wamid, to, body.biz_opaque_callback_data);
        return send(reply, version, 200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: String(body.to), wa_id: to }],
          messages: [{ id: wamid, ...(body.type === 'template' ? { message_status: 'accepted' } : {}) }],
        });
      }
      const recipient = (body.recipient ?? {}) as Record<string, unknown>;
      if (typeof recipient.id !== 'string' || (!body.message && !body.sender_action)) {
        record('rejected', { errorCode: 100 });
        const e = graphError(100, 'recipient.id and message (or sender_action) are required');
        return send(reply, version, e.status, e.body);
      }
      if (body.messaging_type === 'MESSAGE_TAG' && body.tag !== 'HUMAN_AGENT') {
        record('rejected', { errorCode: 100 });
        const e = graphError(100, 'Only the HUMAN_AGENT tag is supported');
        return send(reply, version, e.status, e.body);
      }
      if (body.sender_action) {
        record('accepted');
        return send(reply, version, 200, { recipient_id: recipient.id });
      }
      const mid = `m_${randomBytes(16).toString('base64url')}`;
      record('accepted', { messageId: mid });
      await options.beforeResponse?.({ product, body });
      if (options.statuses !== false) {
        const pageId = node === 'me' ? 'standin-page' : node;
        schedule(async () => {
          const now = Date.now();
          const events =
            product === 'messenger'
              ? [
                  {
                    sender: { id: recipient.id },
                    recipient: { id: pageId },
                    timestamp: now,
                    delivery: { mids: [mid], watermark: now },
                  },
                  {
                    sender: { id: recipient.id },
                    recipient: { id: pageId },
                    timestamp: now,
                    read: { watermark: now },
                  },
                ]
              : [
                  {
                    sender: { id: recipient.id },
                    recipient: { id: pageId },
                    timestamp: now,
                    read: { mid, watermark: now },
                  },
                ];
          for (const event of events) {
            await postWebhook(product, {
              object: product === 'messenger' ? 'page' : 'instagram',
              entry: [{ id: pageId, time: now, messaging: [event] }],
            });
          }
        }, options.statusDelayMs ?? 5);
      }
      return send(reply, version, 200, { recipient_id: recipient.id, message_id: mid });
    },
  );

  app.post<{ Params: { version: string; node: string } }>('/:version/:node/media', async (request, reply) => {
    const { version } = request.params;
    const raw = Buffer.isBuffer(request.body) ? request.body.toString('latin1') : '';
    if (!authorised(request.headers, request.query as Record<string, unknown>)) {
      const e = graphError(190);
      return send(reply, version, e.status, e.body);
    }
    if (!raw.includes('name="file"') || !raw.includes('name="messaging_product"')) {
      const e = graphError(100, 'multipart fields "file" and "messaging_product" are required');
      return send(reply, version, e.status, e.body);
    }
    const id = String(1_000_000_000_000 + media.size);
    media.set(id, {
      mime:
        /Content-Type:\s*([^\r\n]+)/i.exec(raw.split('name="file"')[1] ?? '')?.[1] ??
        'application/octet-stream',
    });
    return send(reply, version, 200, { id });
  });

  app.get<{ Params: { version: string; node: string } }>('/:version/:node', async (request, reply) => {
    const { version, node } = request.params;
    const item = media.get(node);
    if (!item) {
      const e = graphError(100, `Unsupported get request. Object with ID '${node}' does not exist`);
      return send(reply, version, e.status, e.body);
    }
    return send(reply, version, 200, {
      messaging_product: 'whatsapp',
      url: `https://lookaside.invalid/media/${node}`,
      mime_type: item.mime,
      sha256: randomBytes(32).toString('base64'),
      file_size: 1024,
      id: node,
    });
  });

  app.delete<{ Params: { version: string; node: string } }>('/:version/:node', async (request, reply) => {
    const { version, node } = request.params;
    return send(reply, version, 200, { success: media.delete(node) });
  });

  // For benches and tools running the stand-in as its own process: what it accepted and refused.
  // `?node=<id>` limits it to the requests sent to one phone number (or Page).
  app.get<{ Querystring: { node?: string } }>('/_standin/summary', async (request) => {
    const node = request.query.node;
    const mine = node ? received.filter((r) => r.path.split('?')[0]?.split('/')[2] === node) : received;
    return {
      accepted: mine.filter((r) => r.outcome === 'accepted').map((r) => r.at),
      rejected: mine.filter((r) => r.outcome === 'rejected').map((r) => r.errorCode),
    };
  });

  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    received,
    webhooksSent,
    failNext(code, count = 1) {
      for (let i = 0; i < count; i++) forced.push(code);
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      closed = true;
      await app.close();
    },
  };
}
