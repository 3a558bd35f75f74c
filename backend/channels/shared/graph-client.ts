import http from 'node:http';
import https from 'node:https';

/**
 * One HTTP call to the Graph API, classified the way the delivery queue needs: success, a
 * throttle (wait and retry, not the message's fault), a transient failure (retry a few times), a
 * permanent one (surface it), or an ambiguous one (the request may have reached Meta).
 */
export type GraphResult =
  | { outcome: 'ok'; json: Record<string, unknown> }
  | {
      outcome: 'throttle' | 'pair_rate' | 'transient' | 'permanent' | 'ambiguous';
      code: string;
      reason: string;
      status: number;
    };

/** 130429 throughput, 4 app, 80007 WABA, 17 user, 613 Messenger: back off the whole account. */
const THROTTLE_CODES = new Set([130429, 4, 80007, 17, 613, 32]);
/** 131056: too many messages to this one customer. */
const PAIR_CODES = new Set([131056]);
/** Meta's "try again" family: unknown/service errors, maintenance during a throughput upgrade. */
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 131057, 133004]);

export function classifyGraphError(status: number, json: unknown): Exclude<GraphResult, { outcome: 'ok' }> {
  const error =
    typeof json === 'object' && json !== null && 'error' in json
      ? ((json as { error: Record<string, unknown> }).error ?? {})
      : {};
  const code = typeof error.code === 'number' ? error.code : Number(error.code ?? Number.NaN);
  const data = (error.error_data ?? {}) as Record<string, unknown>;
  const details = typeof data.details === 'string' ? data.details : undefined;
  const message = typeof error.message === 'string' ? error.message : `HTTP ${status}`;
  const reason = details && !message.includes(details) ? `${message}: ${details}` : message;
  const codeText = Number.isFinite(code) ? String(code) : `http_${status}`;
  if (THROTTLE_CODES.has(code) || (!Number.isFinite(code) && status === 429)) {
    return { outcome: 'throttle', code: codeText, reason, status };
  }
  if (PAIR_CODES.has(code)) return { outcome: 'pair_rate', code: codeText, reason, status };
  if (TRANSIENT_CODES.has(code) || error.is_transient === true || (!Number.isFinite(code) && status >= 500)) {
    return { outcome: 'transient', code: codeText, reason, status };
  }
  return { outcome: 'permanent', code: codeText, reason, status };
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (typeof current === 'object' && current !== null && 'code' in current) {
      const code = (current as { code: unknown }).code;
      if (typeof code === 'string') return code;
    }
    current =
      typeof current === 'object' && current !== null ? (current as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

/**
 * Keep-alive agents for the sends of a delivery worker: a bounded pool of sockets per origin, so a
 * busy number keeps several requests in flight without a TCP/TLS handshake each (node:http costs a
 * fraction of fetch per request, which matters at 1,000 msg/s). Free sockets are dropped after a few seconds
 * idle, well before servers (Meta, the stand-in) close them, so a send rarely meets a socket the
 * other side already closed (that would surface as `possibly_sent`, never as a silent resend).
 */
const AGENT_OPTIONS = {
  keepAlive: true,
  maxSockets: 512,
  maxFreeSockets: 64,
  scheduling: 'lifo' as const,
  // Idle timeout of free sockets (lowered further by a server's Keep-Alive hint).
  timeout: 4_000,
};
/** One keep-alive pool per delivery worker, closed with it (nothing lingers after shutdown). */
export class GraphConnections {
  private readonly http = new http.Agent(AGENT_OPTIONS);
  private readonly https = new https.Agent(AGENT_OPTIONS);

  agentFor(protocol: string): http.Agent {
    return protocol === 'https:' ? this.https : this.http;
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** For one-off calls (tests, tools) made without a worker's pool. */
const shared = new GraphConnections();

interface RawResponse {
  status: number;
  text: string;
}

function post(
  url: URL,
  headers: Record<string, string>,
  payload: string,
  timeoutMs: number,
  connections: GraphConnections,
) {
  return new Promise<RawResponse>((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(
      url,
      { method: 'POST', agent: connections.agentFor(url.protocol), headers, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end(payload);
  });
}

export async function callGraph(
  url: string,
  token: string | undefined,
  body: unknown,
  timeoutMs: number,
  connections: GraphConnections = shared,
): Promise<GraphResult> {
  const payload = JSON.stringify(body);
  let response: RawResponse;
  try {
    response = await post(
      new URL(url),
      {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      payload,
      timeoutMs,
      connections,
    );
  } catch (error) {
    const code = causeCode(error);
    // A refused connection never reached Meta: safe to retry. A timeout or reset after the body
    // went out may have been sent: retrying could deliver it twice, so it is reported instead.
    if (code && NOT_SENT_CODES.has(code)) {
      return { outcome: 'transient', code: 'network', reason: `Graph API unreachable (${code})`, status: 0 };
    }
    return {
      outcome: 'ambiguous',
      code: 'network',
      reason: `No response from the Graph API (${code ?? (error as Error).name}); the message may have been sent`,
      status: 0,
    };
  }
  let json: unknown;
  try {
    json = response.text ? JSON.parse(response.text) : {};
  } catch {
    json = {};
  }
  if (response.status >= 200 && response.status < 300) {
    return { outcome: 'ok', json: (json ?? {}) as Record<string, unknown> };
  }
  return classifyGraphError(response.status, json);
}
