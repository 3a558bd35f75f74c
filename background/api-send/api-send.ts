/**
 * Sending templates through the backend's Business API channels for this tab's open chat, and
 * reading their delivery states. The agent token stays here; the sidebar only sees the views.
 * A send carries the sidebar's Idempotency-Key; transient failures are retried with that same key,
 * so the backend stores (and Meta receives) the message once whatever happens to a response.
 */
import type { HostState } from '../../extension/api/protocol';
import type { TeamCredentials } from '../../extension/settings/team';
import type { TeamConversationView } from '../sync/team-types';
import type {
  ApiDeliveryState,
  ApiMessageView,
  ApiSendMethods,
  ApiSendView,
  ApiTemplateSend,
  ApiTemplateView,
} from './types';

const ID = /^[^\s/?#]{1,100}$/;
const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;
const STATES: readonly ApiDeliveryState[] = [
  'queued',
  'sending',
  'unknown',
  'sent',
  'delivered',
  'read',
  'failed',
];

export class ApiSendError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiSendError';
  }

  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export interface ApiSendDeps {
  credentials: () => Promise<TeamCredentials | null>;
  conversation: (state: HostState | null) => TeamConversationView | null;
  hostState: () => HostState | null;
  onlySidebar: () => void;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Waits between retries of one send (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  attempts?: number;
}

interface WireMessage {
  id: string;
  direction: string;
  type: string;
  text: string | null;
  state: string;
  errorCode: string | null;
  errorReason: string | null;
  createdAt: number;
}

export function toMessageView(m: WireMessage): ApiMessageView {
  return {
    id: String(m.id),
    type: String(m.type),
    text: typeof m.text === 'string' ? m.text : null,
    state: (STATES as readonly string[]).includes(m.state) ? (m.state as ApiDeliveryState) : 'unknown',
    errorCode: m.errorCode === null || m.errorCode === undefined ? null : String(m.errorCode),
    errorReason: typeof m.errorReason === 'string' ? m.errorReason : null,
    createdAt: Number(m.createdAt) || 0,
  };
}

export function createApiSendApi(deps: ApiSendDeps): ApiSendMethods {
  const fetchImpl = deps.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = deps.attempts ?? 4;

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const credentials = await deps.credentials();
    if (!credentials) throw new ApiSendError('Team mode is off.', 401, 'not_enrolled');
    let response: Response;
    try {
      response = await fetchImpl(`${credentials.backendUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${credentials.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        credentials: 'omit',
      });
    } catch (error) {
      throw new ApiSendError(
        `The team server could not be reached (${String((error as Error)?.message ?? error)})`,
        0,
        'unreachable',
      );
    }
    const text = await response.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiSendError(
        error?.message ?? `The team server answered ${response.status}`,
        response.status,
        error?.code ?? 'http_error',
      );
    }
    return json as T;
  }

  const guarded =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      deps.onlySidebar();
      return f(...args);
    };

  return {
    getApiSend: guarded(async (): Promise<ApiSendView | null> => {
      const conversation = deps.conversation(deps.hostState())?.conversation;
      if (!conversation) return null;
      const id = encodeURIComponent(conversation.id);
      const [view, list] = await Promise.all([
        call<{
          conversation: { connected: boolean; windowOpen: boolean; windowClosesAt: number | null };
          templates: ApiTemplateView[];
        }>('GET', `/api/v1/channel-templates?conversationId=${id}`),
        call<{ messages: WireMessage[] }>('GET', `/api/v1/conversations/${id}/messages?limit=200`),
      ]);
      return {
        conversationId: conversation.id,
        channel: conversation.channel,
        connected: view.conversation.connected === true,
        windowOpen: view.conversation.windowOpen === true,
        windowClosesAt: view.conversation.windowClosesAt ?? null,
        templates: view.templates.map((t) => ({
          name: String(t.name),
          language: String(t.language),
          category: String(t.category),
          body: String(t.body),
          parameterCount: Number(t.parameterCount) || 0,
        })),
        messages: list.messages
          .filter((m) => m.direction === 'out' && m.type !== 'read')
          .map(toMessageView)
          .sort((a, b) => a.createdAt - b.createdAt),
      };
    }),

    sendApiTemplate: guarded(async (input: ApiTemplateSend): Promise<ApiMessageView> => {
      if (!input || typeof input !== 'object') throw new Error('Invalid template.');
      if (!ID.test(input.conversationId)) throw new Error('Invalid conversation.');
      if (!KEY.test(input.idempotencyKey)) throw new Error('Invalid idempotency key.');
      if (!Array.isArray(input.parameters) || input.parameters.some((p) => typeof p !== 'string')) {
        throw new Error('Invalid parameters.');
      }
      const body = {
        type: 'template',
        template: {
          name: String(input.name),
          language: String(input.language),
          ...(input.parameters.length ? { parameters: input.parameters } : {}),
        },
      };
      const path = `/api/v1/conversations/${encodeURIComponent(input.conversationId)}/messages`;
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await call<{ message: WireMessage }>('POST', path, body, {
            'idempotency-key': input.idempotencyKey,
          });
          return toMessageView(result.message);
        } catch (error) {
          if (!(error instanceof ApiSendError) || !error.transient || attempt >= attempts) throw error;
          await sleep(Math.min(4_000, 250 * 2 ** attempt));
        }
      }
    }),
  };
}
