/**
 * One interface for every translation engine, and the one error callers need to handle.
 * Engines receive only the texts to translate; which engine may see customer text is decided
 * by the organisation's settings (translation-service.ts), never by an engine falling back to
 * another.
 */

export type EngineId = 'browser' | 'apertium' | 'libretranslate' | 'deepl';

export type AvailabilityState = 'available' | 'downloadable' | 'downloading' | 'unavailable';

export interface EngineAvailability {
  state: AvailabilityState;
  /** Plain words for the settings page: what works, or what is missing. */
  detail: string;
}

export interface LanguagePair {
  from: string;
  to: string;
}

export interface TranslationEngine {
  readonly id: EngineId;
  /** Human name for messages ("Apertium at http://…"). */
  readonly label: string;
  /** Translates each text; the result has the same length and order. */
  translate(texts: readonly string[], from: string, to: string, signal?: AbortSignal): Promise<string[]>;
  /** Whether translation can run now; with a pair, whether that pair can. */
  available(pair?: LanguagePair): Promise<EngineAvailability>;
}

export type UnavailableReason =
  | 'not-configured'
  | 'unreachable'
  | 'timeout'
  | 'http-error'
  | 'bad-response'
  | 'unsupported-pair'
  | 'not-downloaded'
  | 'cancelled';

/** Translation could not be done; the message says why in words an agent understands. */
export class TranslationUnavailableError extends Error {
  readonly engineId: EngineId | 'none';
  readonly reason: UnavailableReason;
  readonly url: string | undefined;

  constructor(
    message: string,
    details: { engineId: EngineId | 'none'; reason: UnavailableReason; url?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'TranslationUnavailableError';
    this.engineId = details.engineId;
    this.reason = details.reason;
    this.url = details.url;
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'AbortError' || error.name === 'TimeoutError'
    : (error as { name?: string })?.name === 'AbortError' ||
        (error as { name?: string })?.name === 'TimeoutError';
}

export interface HttpEngineCall {
  engineId: EngineId;
  label: string;
  /** Where the request goes, without secrets, for the error message. */
  displayUrl: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  fetch: typeof fetch;
}

/**
 * fetch + JSON with the failures every HTTP engine shares turned into
 * TranslationUnavailableError: nothing listening, a timeout, an HTTP error (with the server's own
 * message when it sent one), or a body that is not the expected JSON.
 */
export async function fetchEngineJson(
  call: HttpEngineCall,
  url: string,
  init: RequestInit = {},
): Promise<unknown> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await call.fetch(url, { ...init, signal });
  } catch (error) {
    if (call.signal?.aborted) {
      throw new TranslationUnavailableError('Translation was cancelled.', {
        engineId: call.engineId,
        reason: 'cancelled',
        url: call.displayUrl,
        cause: error,
      });
    }
    if (timeout.aborted || isAbort(error)) {
      throw new TranslationUnavailableError(
        `${call.label} at ${call.displayUrl} did not answer within ${Math.round(call.timeoutMs / 1000)} s. ` +
          'It may be overloaded or down; try again, or ask your admin to check it.',
        { engineId: call.engineId, reason: 'timeout', url: call.displayUrl, cause: error },
      );
    }
    throw new TranslationUnavailableError(
      `Couldn't reach ${call.label} at ${call.displayUrl}. Check that the server is running and the address in ` +
        'Settings is right.',
      { engineId: call.engineId, reason: 'unreachable', url: call.displayUrl, cause: error },
    );
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const serverMessage = extractServerMessage(body) ?? text.slice(0, 200);
    const hint =
      response.status === 401 || response.status === 403
        ? ' The API key was refused; check it in Settings.'
        : response.status === 456
          ? ' The translation quota is used up.'
          : '';
    throw new TranslationUnavailableError(
      `${call.label} at ${call.displayUrl} answered ${response.status}${serverMessage ? `: ${serverMessage}` : ''}.${hint}`,
      { engineId: call.engineId, reason: 'http-error', url: call.displayUrl },
    );
  }
  if (body === undefined) {
    throw new TranslationUnavailableError(
      `${call.label} at ${call.displayUrl} sent an answer that is not JSON.`,
      {
        engineId: call.engineId,
        reason: 'bad-response',
        url: call.displayUrl,
      },
    );
  }
  return body;
}

function extractServerMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'explanation', 'responseDetails']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

export function badResponse(
  call: Pick<HttpEngineCall, 'engineId' | 'label' | 'displayUrl'>,
  what: string,
): never {
  throw new TranslationUnavailableError(
    `${call.label} at ${call.displayUrl} sent an unexpected answer (${what}).`,
    {
      engineId: call.engineId,
      reason: 'bad-response',
      url: call.displayUrl,
    },
  );
}

/** "http://host:2737/" → "http://host:2737" */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
