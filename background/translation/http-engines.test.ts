/**
 * LibreTranslate and DeepL against small loopback stand-ins that follow their published
 * request/response contracts (the real services are out of reach here), plus the failure modes
 * every HTTP engine shares: nothing listening, too slow, HTTP errors.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeepLEngine, DEEPL_FREE_URL, DEEPL_PRO_URL, deeplBaseUrl } from './deepl-engine';
import { TranslationUnavailableError } from './engine';
import { createLibreTranslateEngine } from './libretranslate-engine';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handler(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPortUrl(): Promise<string> {
  const url = await serve(() => {});
  const server = servers.pop()!;
  await new Promise((resolve) => server.close(resolve));
  return url;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('LibreTranslate', () => {
  it('posts JSON with q as a list and the api key, and maps the list back', async () => {
    let seen: unknown;
    const url = await serve((req, body, res) => {
      seen = { method: req.method, path: req.url, body: JSON.parse(body) };
      json(res, 200, { translatedText: ['Hola', 'Gracias'] });
    });
    const engine = createLibreTranslateEngine({ baseUrl: `${url}/`, apiKey: 'k1' });
    expect(await engine.translate(['Hello', 'Thanks'], 'en', 'es')).toEqual(['Hola', 'Gracias']);
    expect(seen).toEqual({
      method: 'POST',
      path: '/translate',
      body: { q: ['Hello', 'Thanks'], source: 'en', target: 'es', format: 'text', api_key: 'k1' },
    });
  });

  it('passes on the server’s own error message', async () => {
    const url = await serve((_req, _body, res) => json(res, 400, { error: 'th is not supported' }));
    const engine = createLibreTranslateEngine({ baseUrl: url });
    await expect(engine.translate(['x'], 'th', 'en')).rejects.toThrow(
      `LibreTranslate at ${url} answered 400: th is not supported.`,
    );
  });

  it('reports pairs from /languages', async () => {
    const url = await serve((_req, _body, res) => json(res, 200, [{ code: 'en', targets: ['es', 'pt'] }]));
    const engine = createLibreTranslateEngine({ baseUrl: url });
    expect(await engine.available({ from: 'en', to: 'pt' })).toMatchObject({ state: 'available' });
    expect(await engine.available({ from: 'en', to: 'th' })).toMatchObject({ state: 'unavailable' });
  });
});

describe('DeepL', () => {
  it('picks the free endpoint for ":fx" keys and the pro one otherwise', () => {
    expect(deeplBaseUrl('abc:fx')).toBe(DEEPL_FREE_URL);
    expect(deeplBaseUrl('abc')).toBe(DEEPL_PRO_URL);
  });

  it('sends the key in the header, text as a list and a regional target', async () => {
    let seen: unknown;
    const url = await serve((req, body, res) => {
      seen = { path: req.url, auth: req.headers.authorization, body: JSON.parse(body) };
      json(res, 200, { translations: [{ detected_source_language: 'ES', text: 'Where is my order?' }] });
    });
    const engine = createDeepLEngine({ apiKey: 'secret:fx', baseUrl: url });
    expect(await engine.translate(['¿Dónde está mi pedido?'], 'es', 'en')).toEqual(['Where is my order?']);
    expect(seen).toEqual({
      path: '/v2/translate',
      auth: 'DeepL-Auth-Key secret:fx',
      body: { text: ['¿Dónde está mi pedido?'], source_lang: 'ES', target_lang: 'EN-US' },
    });
  });

  it('explains a refused key and a used-up quota', async () => {
    const url = await serve((req, _body, res) =>
      json(res, req.url?.includes('quota') ? 456 : 403, { message: 'Forbidden' }),
    );
    await expect(
      createDeepLEngine({ apiKey: 'bad', baseUrl: url }).translate(['x'], 'en', 'es'),
    ).rejects.toThrow(/answered 403: Forbidden\. The API key was refused/);
    await expect(
      createDeepLEngine({ apiKey: 'k', baseUrl: `${url}/quota` }).translate(['x'], 'en', 'es'),
    ).rejects.toThrow(/quota is used up/);
  });

  it('needs a key', async () => {
    await expect(createDeepLEngine({ apiKey: ' ' }).translate(['x'], 'en', 'es')).rejects.toMatchObject({
      reason: 'not-configured',
    });
  });
});

describe('shared failure modes', () => {
  it('says plainly when nothing is listening', async () => {
    const url = await closedPortUrl();
    const error = await createLibreTranslateEngine({ baseUrl: url })
      .translate(['hello'], 'en', 'es')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslationUnavailableError);
    expect(error).toMatchObject({ engineId: 'libretranslate', reason: 'unreachable', url });
    expect((error as Error).message).toBe(
      `Couldn't reach LibreTranslate at ${url}. Check that the server is running and the address in Settings is right.`,
    );
  });

  it('gives up after the timeout', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const error = await createDeepLEngine({ apiKey: 'k', baseUrl: url, timeoutMs: 200 })
      .translate(['hello'], 'en', 'es')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect((error as Error).message).toMatch(`DeepL at ${url} did not answer within 0 s`);
  });

  it('treats a caller’s abort as cancelled, not as a failure of the engine', async () => {
    const url = await serve(() => {});
    const controller = new AbortController();
    const pending = createLibreTranslateEngine({ baseUrl: url }).translate(
      ['x'],
      'en',
      'es',
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ reason: 'cancelled' });
  });

  it('rejects answers of the wrong shape', async () => {
    const url = await serve((_req, _body, res) => json(res, 200, { translatedText: 'only one' }));
    await expect(
      createLibreTranslateEngine({ baseUrl: url }).translate(['a', 'b'], 'en', 'es'),
    ).rejects.toMatchObject({
      reason: 'bad-response',
    });
  });
});
