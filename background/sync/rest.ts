/**
 * The backend's REST API (`/api/v1/…`) as the background calls it. Every failure becomes a
 * `DeliveryError` that says whether retrying can help: network errors, 5xx, 408 and 429 are
 * transient (keep the item, back off); any other 4xx is permanent for that request.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the backend could not be reached. */
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }

  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 408 || this.status === 429;
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class RestClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    private readonly timeoutMs = 15_000,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: controller.signal,
        // No cookies: the token is the only credential.
        credentials: 'omit',
      });
    } catch (error) {
      throw new DeliveryError(
        `The team server at ${this.baseUrl} could not be reached (${String((error as Error)?.message ?? error)})`,
        0,
        'unreachable',
      );
    } finally {
      clearTimeout(timer);
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
      throw new DeliveryError(
        error?.message ?? `The team server answered ${response.status}`,
        response.status,
        error?.code ?? 'http_error',
      );
    }
    return json as T;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }
}
