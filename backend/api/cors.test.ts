import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { TestDatabases } from '../test-support/databases';
import { isExtensionOrigin } from './cors';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

describe('CORS for the browser extension', () => {
  const databases = new TestDatabases('sqlite');
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(testConfig(await databases.create()));
  });
  afterAll(async () => {
    await running?.close();
    await databases.dropAll();
  });

  it('recognises extension origins only', () => {
    expect(isExtensionOrigin(EXTENSION)).toBe(true);
    expect(isExtensionOrigin('moz-extension://3f2a1b4c-0000-4000-8000-000000000000')).toBe(true);
    expect(isExtensionOrigin('https://evil.example')).toBe(false);
    expect(isExtensionOrigin('chrome-extension://x/../')).toBe(false);
    expect(isExtensionOrigin(undefined)).toBe(false);
  });

  it('answers a preflight from an extension with the methods and headers it needs', async () => {
    const response = await fetch(`${running.baseUrl}/api/v1/events`, {
      method: 'OPTIONS',
      headers: {
        origin: EXTENSION,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    // Business API sends carry an Idempotency-Key from the extension.
    expect(response.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('marks real responses (including errors) readable by the extension, and not by web pages', async () => {
    const ok = await fetch(`${running.baseUrl}/api/v1/me`, {
      headers: { origin: EXTENSION, authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    const denied = await fetch(`${running.baseUrl}/api/v1/me`, { headers: { origin: EXTENSION } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    const page = await fetch(`${running.baseUrl}/api/v1/me`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${running.baseUrl}/api/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
