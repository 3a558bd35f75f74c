import { WebSocket } from 'ws';
import type { Agent, CapturedEvent, Role, ServerMessage } from '../protocol/v1';
import { BEARER_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION } from '../protocol/v1';

export interface Response<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A tiny REST client over real HTTP with a bearer token. */
export function apiClient(baseUrl: string, token?: string) {
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    get: <T = Record<string, unknown>>(path: string) => call<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    put: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('PATCH', path, body),
    raw: call,
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

let emailCounter = 0;

/** Enrolls a new agent through the public flow (code created by `inviter`). */
export async function enrollAgent(
  baseUrl: string,
  inviterToken: string,
  options: { name?: string; role?: Role; email?: string } = {},
): Promise<{ token: string; agent: Agent; api: ApiClient }> {
  const inviter = apiClient(baseUrl, inviterToken);
  const code = await inviter.post<{ code: string }>('/api/v1/enrollment-codes', {
    role: options.role ?? 'agent',
  });
  if (code.status !== 201) throw new Error(`enrollment code: ${code.status} ${JSON.stringify(code.body)}`);
  emailCounter += 1;
  const name = options.name ?? `Agent ${emailCounter}`;
  const enrolled = await apiClient(baseUrl).post<{ token: string; agent: Agent }>('/api/v1/enroll', {
    code: code.body.code,
    name,
    email: options.email ?? `agent${emailCounter}.${process.pid}.${Date.now()}@example.test`,
  });
  if (enrolled.status !== 201) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  return { ...enrolled.body, api: apiClient(baseUrl, enrolled.body.token) };
}

let eventCounter = 0;
export function customerMessage(customerRef: string, over: Partial<CapturedEvent> = {}): CapturedEvent {
  eventCounter += 1;
  return {
    id: `evt-${process.pid}-${Date.now()}-${eventCounter}`,
    kind: 'message.in',
    channel: 'whatsapp',
    customerRef,
    occurredAt: Date.now(),
    text: 'hello',
    ...over,
  };
}

/** A WebSocket agent client that records every frame and can wait for one matching a predicate. */
export class TestSocket {
  readonly messages: ServerMessage[] = [];
  private waiters: { predicate: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  closeCode: number | undefined;
  private requestCounter = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      // switchboard.v1 is text frames (browsers hand binary ones over as Blobs): a push sent as
      // binary is never seen, so a test waiting for it fails.
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.predicate(message)) return true;
        w.resolve(message);
        return false;
      });
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  /** Connects with the token in the subprotocol list (the browser-friendly way) and awaits welcome. */
  static async connect(
    wsUrl: string,
    token: string | undefined,
    how: 'subprotocol' | 'query' | 'hello' = 'subprotocol',
  ): Promise<TestSocket> {
    const url = how === 'query' && token ? `${wsUrl}?token=${encodeURIComponent(token)}` : wsUrl;
    const protocols =
      how === 'subprotocol' && token
        ? [PROTOCOL_VERSION, `${BEARER_SUBPROTOCOL_PREFIX}${token}`]
        : [PROTOCOL_VERSION];
    const ws = new WebSocket(url, protocols);
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    if (how === 'hello' && token) socket.send({ type: 'hello', protocol: PROTOCOL_VERSION, token });
    if (token) await socket.waitFor((m) => m.type === 'welcome');
    return socket;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  waitFor<T extends ServerMessage = ServerMessage>(
    predicate: (m: ServerMessage) => boolean,
    timeoutMs = 10_000,
  ): Promise<T> {
    const seen = this.messages.find(predicate);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('timed out waiting for a WebSocket message')),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }

  /** Sends a command with a fresh id and resolves with its ack or error frame. */
  async request(message: Record<string, unknown>): Promise<ServerMessage> {
    this.requestCounter += 1;
    const id = `r${this.requestCounter}`;
    this.send({ ...message, id });
    return this.waitFor(
      (m) => (m.type === 'ack' || m.type === 'error' || m.type === 'pong') && 'id' in m && m.id === id,
    );
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
